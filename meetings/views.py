"""Meeting pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dewan.access import regency_access
from dewan.choices import Perm

from .models import Meeting


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Upcoming and past meetings of the regency."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    meetings = Meeting.objects.for_access(access).select_related("chair")
    return render(request, "meetings/meeting_list.html",
                  {"access": access, "regency": access.regency, "meetings": meetings})
