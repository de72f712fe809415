"""Follow-ups (tindak lanjut): decisions assigned to agencies, updated by the agencies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.choices import Perm
from dewan.selectors import history_entries

from .. import selectors, services
from ..choices import FollowUpStatus
from ..forms import FollowUpForm, FollowUpProgressForm
from ..models import Meeting
from .common import meeting_access, refuse, tenant_view

PER_PAGE = 50


@tenant_view
def followup_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The follow-ups the user may see; an OPD sees its own agency's only."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    status = request.GET.get("status", "open")
    if status not in {"open", ""} | set(FollowUpStatus.values):
        status = "open"
    overdue_only = request.GET.get("lewat") == "1"
    followups = selectors.followup_list(access=access, status=status, overdue_only=overdue_only)
    page = Paginator(followups, PER_PAGE).get_page(request.GET.get("halaman"))
    today = access.regency.local_today()
    for followup in page:
        followup.overdue = selectors.is_overdue(followup, today)
    return render(request, "meetings/followup_list.html", {
        "access": access, "regency": access.regency, "page": page, "status": status,
        "overdue_only": overdue_only, "statuses": FollowUpStatus.choices,
    })


@tenant_view
def followup_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turn a decision of the meeting into a follow-up for an agency."""
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access), pk=pk)
    form = FollowUpForm(request.POST or None, regency=access.regency)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_create(meeting=meeting, **form.cleaned_data)
        except services.MeetingError as error:
            return refuse(request, error, meeting.get_absolute_url())
        messages.success(request, _("Tindak lanjut dicatat untuk %(agency)s.")
                         % {"agency": form.cleaned_data["agency"]})
        return redirect(meeting.get_absolute_url() + "#tindak-lanjut")
    return render(request, "meetings/followup_form.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "form": form,
    })


def _followup(access, pk: int):
    queryset = selectors.followups_for(access=access).select_related(
        "agency", "meeting", "program", "regency")
    return get_object_or_404(queryset, pk=pk)


@tenant_view
def followup_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    followup = _followup(access, pk)
    can_update = selectors.can_update_followup(access=access, followup=followup)
    form = FollowUpProgressForm(initial={"status": followup.status,
                                         "progress_note": followup.progress_note})
    return render(request, "meetings/followup_detail.html", {
        "access": access, "regency": access.regency, "followup": followup,
        "overdue": selectors.is_overdue(followup, access.regency.local_today()),
        "can_update": can_update, "form": form if can_update else None,
        "history": history_entries(followup),
    })


@require_POST
@tenant_view
def followup_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The assigned OPD (or the secretariat) updates status and progress note."""
    access = meeting_access(request, slug, Perm.UPDATE_FOLLOWUPS)
    followup = _followup(access, pk)
    if not selectors.can_update_followup(access=access, followup=followup):
        raise PermissionDenied
    form = FollowUpProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Status tindak lanjut tidak valid."))
        return redirect(followup)
    try:
        services.followup_update(followup=followup, **form.cleaned_data)
    except services.MeetingError as error:
        return refuse(request, error, followup.get_absolute_url())
    messages.success(request, _("Perkembangan tindak lanjut disimpan."))
    return redirect(followup)
