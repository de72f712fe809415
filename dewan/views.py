"""Home pages per role and the regency overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from meetings.selectors import overview_panel as meetings_panel
from programs.selectors import overview_panel as programs_panel

from .access import is_reviewer, regencies_for, regency_access
from .choices import Perm
from .selectors import overview_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the page of their role: reviewers to the national view, others home."""
    if is_reviewer(request.user):
        return redirect("national:overview")
    regencies = list(regencies_for(request.user))
    if len(regencies) == 1:
        return redirect(regencies[0])
    return render(request, "dewan/regency_choice.html", {"regencies": regencies})


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """A regency's home: the council in force, meetings, programs, follow-ups."""
    access = regency_access(request, slug, Perm.VIEW_REGENCY)
    context = {"access": access, "regency": access.regency, **overview_for(access=access)}
    context.update(_app_panels(access))
    return render(request, "dewan/overview.html", context)


def _app_panels(access) -> dict:
    """Figures from the other apps for the overview, each app answering for itself."""
    return {**meetings_panel(access=access), **programs_panel(access=access)}
