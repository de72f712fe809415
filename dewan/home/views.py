"""The pages that bring the apps together: each role's home, the regency overview and the
regency dashboard. This is the one place where council, programs and meetings meet on a page;
the apps below never import from here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dewan.council.access import is_reviewer, regencies_for, regency_access
from dewan.council.choices import Perm
from dewan.council.pages import kept_page
from programs.views import period_from_query

from . import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to their own page: reviewers to the national view (their unread reports
    on top), everyone else to the task list of their regency."""
    if is_reviewer(request.user):
        return redirect("national:overview")
    regencies = list(regencies_for(request.user))
    if len(regencies) == 1:
        return redirect("home:tasks", regencies[0].slug)
    return render(request, "home/regency_choice.html", {"regencies": regencies})


@login_required
def tasks(request: HttpRequest, slug: str) -> HttpResponse:
    """"Beranda": the user's own work in the regency first ("Tugas saya"), whatever their
    role; the council's general overview is one click away."""
    access = regency_access(request, slug, Perm.VIEW_REGENCY)
    return render(request, "home/tasks.html", {
        "access": access, "regency": access.regency,
        "tasks": selectors.tasks(access=access),
    })


@login_required
@kept_page
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """A regency's home: the council in force, meetings, programs, follow-ups."""
    access = regency_access(request, slug, Perm.VIEW_REGENCY)
    context = {"access": access, "regency": access.regency,
               **selectors.overview(access=access)}
    return render(request, "home/overview.html", context)


@login_required
@kept_page
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Progress per dimension, missing reports by agency, overdue follow-ups."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    period, choices = period_from_query(request, access)
    context = {"access": access, "regency": access.regency, "period": period,
               "periods": choices,
               **selectors.dashboard(access=access, period=period)}
    return render(request, "home/dashboard.html", context)
