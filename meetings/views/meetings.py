"""Meetings, their agenda (edited in place with htmx) and their attendance list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.errors import DomainError
from dewan.core.forms import errors_text
from dewan.core.history import history_entries
from dewan.council.access import Access, regency_access
from dewan.council.choices import Perm
from dewan.council.pages import kept_page
from dewan.council.scoping import Action

from .. import invitations, selectors, services
from ..forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceSheetForm,
    GuestForm,
    MeetingFilterForm,
    MeetingForm,
)
from ..models import AgendaItem, Meeting
from .calendar import feed_link
from .common import refuse

PAST_PER_PAGE = 25


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Upcoming and past meetings, filtered by kind, year and mode."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    filters = MeetingFilterForm(request.GET or None,
                                years=selectors.meeting_years(access=access))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    meetings = selectors.meetings_for(access=access, kind=criteria.get("kind", ""),
                                      year=criteria.get("year"), mode=criteria.get("mode", ""))
    upcoming, past = selectors.split_upcoming(meetings)
    past_page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {
        "access": access, "regency": access.regency, "filters": filters,
        "upcoming": list(upcoming), "past_page": past_page,
        "can_manage": access.can(Perm.MANAGE_MEETINGS),
        "feed_url": request.build_absolute_uri(feed_link(request.user, access.regency)),
    })


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    form = MeetingForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(regency=access.regency, data=form.cleaned_data)
        messages.success(request, _("Rapat dijadwalkan; daftar hadir diisi dari SK yang "
                                    "berlaku."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html",
                  {"access": access, "regency": access.regency, "form": form})


@login_required
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    form = MeetingForm(request.POST or None, instance=meeting, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, data=form.cleaned_data)
        except DomainError as error:
            return refuse(request, error, meeting.get_absolute_url())
        messages.success(request, _("Perubahan rapat disimpan."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html",
                  {"access": access, "regency": access.regency, "form": form,
                   "meeting": meeting})


@login_required
@kept_page
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting's page: agenda, open follow-ups to review, attendance, minutes, files."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = selectors.meeting_detail(access=access, pk=pk)
    rows = selectors.attendances_of(meeting)
    minutes = selectors.minutes_of(meeting)
    today = access.regency.local_today()
    context = _agenda_context(access, meeting)
    # Who got the invitation and who did not: addresses, so the secretariat's alone.
    deliveries = selectors.invitation_deliveries(meeting) if context["can_manage"] else []
    return render(request, "meetings/meeting_detail.html", {
        **context,
        "deliveries": deliveries,
        "deliveries_summary": selectors.invitation_summary(deliveries),
        "summary": selectors.attendance_summary(rows),
        "minutes": minutes,
        "minutes_visible": selectors.minutes_visible(access=access, minutes=minutes),
        "follow_ups": _marked(selectors.meeting_followups(access=access, meeting=meeting),
                              today),
        "review": _marked(selectors.followups_for_review(access=access, meeting=meeting), today),
        "history": history_entries(meeting),
        "attachment_form": AttachmentForm(),
    })


def _marked(followups, today) -> list:
    rows = list(followups)
    for followup in rows:
        followup.overdue = selectors.is_overdue(followup, today)
    return rows


def _agenda_context(access: Access, meeting: Meeting, form: AgendaItemForm | None = None
                    ) -> dict:
    return {
        "access": access, "regency": access.regency, "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "can_manage": Meeting.objects.permits(access, Action.CHANGE, meeting),
        "locked": _locked(meeting),
        "agenda_form": form or AgendaItemForm(),
    }


def _locked(meeting: Meeting) -> bool:
    minutes = selectors.minutes_of(meeting)
    return bool(minutes and minutes.is_locked)


def _agenda_response(request: HttpRequest, access: Access, meeting: Meeting,
                     form: AgendaItemForm | None = None, error: str = "") -> HttpResponse:
    """The agenda block alone for htmx, the whole page otherwise."""
    if request.htmx:
        meeting = selectors.meeting_detail(access=access, pk=meeting.pk)
        context = {**_agenda_context(access, meeting, form), "agenda_error": error}
        return render(request, "meetings/partials/agenda.html", context)
    if error:
        messages.error(request, error)
    return redirect(meeting.get_absolute_url() + "#agenda")


@require_POST
@login_required
def agenda_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _agenda_response(request, access, meeting, form,
                                error=_("Judul acara wajib diisi."))
    try:
        services.agenda_item_add(meeting=meeting, **form.cleaned_data)
    except DomainError as error:
        return _agenda_response(request, access, meeting, error=error.message)
    return _agenda_response(request, access, meeting)


def _agenda_item(access: Access, pk: int, item: int) -> AgendaItem:
    """An agenda item of a meeting the user may change (404 outside it)."""
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    return selectors.agenda_item(meeting=meeting, pk=item)


@require_POST
@login_required
def agenda_remove(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    agenda_item = _agenda_item(access, pk, item)
    try:
        services.agenda_item_remove(item=agenda_item)
    except DomainError as error:
        return _agenda_response(request, access, agenda_item.meeting, error=error.message)
    return _agenda_response(request, access, agenda_item.meeting)


@require_POST
@login_required
def agenda_move(request: HttpRequest, slug: str, pk: int, item: int, direction: str
                ) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    if direction not in {"naik", "turun"}:
        raise Http404
    agenda_item = _agenda_item(access, pk, item)
    try:
        services.agenda_item_move(item=agenda_item, up=direction == "naik")
    except DomainError as error:
        return _agenda_response(request, access, agenda_item.meeting, error=error.message)
    return _agenda_response(request, access, agenda_item.meeting)


@login_required
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The attendance list (daftar hadir): everyone may read it, the secretariat records it."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    meeting = Meeting.objects.select_related("chair").get_for(access, pk, action)
    rows = selectors.attendances_of(meeting)
    sheet = AttendanceSheetForm(request.POST or None, rows=rows)
    if request.method == "POST" and sheet.is_valid():
        try:
            services.attendance_record(meeting=meeting, marks=sheet.marks())
        except DomainError as error:
            return refuse(request, error, reverse("meetings:attendance", args=[slug, pk]))
        messages.success(request, _("Daftar hadir disimpan."))
        return redirect("meetings:attendance", slug, pk)
    return render(request, "meetings/attendance.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "rows": rows,
        "sheet": sheet, "summary": selectors.attendance_summary(rows),
        "guest_form": GuestForm(),
        "can_manage": Meeting.objects.permits(access, Action.CHANGE, meeting),
        "locked": _locked(meeting),
    })


@require_POST
@login_required
def guest_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    back = reverse("meetings:attendance", args=[slug, pk])
    form = GuestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tamu tidak ditambahkan. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(back)
    try:
        services.attendance_add_guest(meeting=meeting, **form.cleaned_data)
    except DomainError as error:
        return refuse(request, error, back)
    messages.success(request, _("Tamu %(name)s ditambahkan ke daftar hadir.")
                     % {"name": form.cleaned_data["name"]})
    return redirect(back)


@require_POST
@login_required
def attendance_prefill(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.select_related("regency").get_for(access, pk, Action.CHANGE)
    back = reverse("meetings:attendance", args=[slug, pk])
    try:
        added = services.attendance_prefill(meeting=meeting)
    except DomainError as error:
        return refuse(request, error, back)
    messages.info(request, _("%(count)d anggota dari SK yang berlaku ditambahkan.")
                  % {"count": added})
    return redirect(back)


@require_POST
@login_required
def attendance_remove(request: HttpRequest, slug: str, pk: int, row: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    attendance_row = selectors.attendance_row(meeting=meeting, pk=row)
    back = reverse("meetings:attendance", args=[slug, pk])
    try:
        services.attendance_remove(attendance=attendance_row)
    except DomainError as error:
        return refuse(request, error, back)
    messages.success(request, _("%(name)s dihapus dari daftar hadir.")
                     % {"name": attendance_row.name})
    return redirect(back)


@require_POST
@login_required
def invitations_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Invite every recipient (the e-mails go out from a task after the request commits)."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.select_related("regency").get_for(access, pk, Action.CHANGE)
    try:
        invitations.invitations_request(meeting=meeting)
    except DomainError as error:
        return refuse(request, error, meeting.get_absolute_url())
    return _invitations_outcome(request, meeting)


@require_POST
@login_required
def invitations_retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send again only the invitations the mail server did not accept."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.select_related("regency").get_for(access, pk, Action.CHANGE)
    try:
        invitations.invitations_retry_failed(meeting=meeting)
    except DomainError as error:
        return refuse(request, error, meeting.get_absolute_url())
    return _invitations_outcome(request, meeting)


def _invitations_outcome(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Say what is known now: sent already (tasks run in the request on the embedded
    defaults), some refused, or queued for the worker."""
    summary = selectors.invitation_summary(selectors.invitation_deliveries(meeting))
    if summary.failed:
        messages.warning(request, _("%(failed)d dari %(total)d undangan gagal dikirim. Lihat "
                                    "alasannya di bagian Undangan dan kirim ulang yang gagal.")
                         % {"failed": summary.failed, "total": summary.total})
    elif summary.in_progress:
        messages.success(request, _("Undangan masuk antrean dan akan dikirim ke %(count)d "
                                    "penerima, dengan lampiran kalender (.ics).")
                         % {"count": summary.in_progress})
    else:
        messages.success(request, _("Undangan diterima server surel untuk %(count)d "
                                    "penerima, dengan lampiran kalender (.ics).")
                         % {"count": summary.sent})
    return redirect(meeting.get_absolute_url() + "#undangan")
