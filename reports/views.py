"""Evaluation report pages and the reviewers' national overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dewan.access import is_reviewer, regencies_for, regency_access
from dewan.choices import Perm

from .models import EvaluationReport


@login_required
def national_overview(request: HttpRequest) -> HttpResponse:
    """Every regency the reviewer may read."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    regencies = regencies_for(request.user)
    return render(request, "reports/national_overview.html", {"regencies": regencies})


@login_required
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A regency's evaluation reports, newest period first."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    reports = EvaluationReport.objects.for_access(access)
    return render(request, "reports/report_list.html",
                  {"access": access, "regency": access.regency, "reports": reports})
