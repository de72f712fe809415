"""Program pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dewan.access import regency_access
from dewan.choices import Perm

from .models import Program


@login_required
def program_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's programs."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    programs = (
        Program.objects.for_access(access).select_related("agency").prefetch_related("dimensions")
    )
    return render(request, "programs/program_list.html",
                  {"access": access, "regency": access.regency, "programs": programs})
