"""Meetings, their agenda (edited in place with htmx) and their attendance list."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.access import Access
from dewan.choices import Perm
from dewan.selectors import history_entries

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendanceSheetForm,
    GuestForm,
    MeetingFilterForm,
    MeetingForm,
)
from ..models import AgendaItem, Attendance, Meeting
from .calendar import feed_link
from .common import meeting_access, refuse, tenant_view

PAST_PER_PAGE = 25


@tenant_view
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Upcoming and past meetings, filtered by kind, year and mode."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    filters = MeetingFilterForm(request.GET or None,
                                years=selectors.meeting_years(access=access))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    meetings = selectors.meetings_for(access=access, kind=criteria.get("kind", ""),
                                      year=criteria.get("year"), mode=criteria.get("mode", ""))
    upcoming, past = selectors.split_upcoming(meetings)
    past_page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "meetings/meeting_list.html", {
        "access": access, "regency": access.regency, "filters": filters,
        "upcoming": list(upcoming), "past_page": past_page,
        "can_manage": access.can(Perm.MANAGE_MEETINGS),
        "query": _query_without_page(request),
        "feed_url": request.build_absolute_uri(feed_link(request.user, access.regency)),
    })


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()


@tenant_view
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    form = MeetingForm(request.POST or None, regency=access.regency)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(regency=access.regency, data=form.cleaned_data)
        messages.success(request, _("Rapat dijadwalkan; daftar hadir diisi dari SK yang "
                                    "berlaku."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html",
                  {"access": access, "regency": access.regency, "form": form})


@tenant_view
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, regency=access.regency)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, data=form.cleaned_data)
        except services.MeetingError as error:
            return refuse(request, error, meeting.get_absolute_url())
        messages.success(request, _("Perubahan rapat disimpan."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html",
                  {"access": access, "regency": access.regency, "form": form,
                   "meeting": meeting})


@tenant_view
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting's page: agenda, open follow-ups to review, attendance, minutes, files."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = selectors.meeting_detail(access=access, pk=pk)
    rows = selectors.attendances_of(meeting)
    minutes = selectors.minutes_of(meeting)
    today = access.regency.local_today()
    return render(request, "meetings/meeting_detail.html", {
        **_agenda_context(access, meeting),
        "summary": selectors.attendance_summary(rows),
        "minutes": minutes,
        "minutes_visible": selectors.minutes_visible(access=access, minutes=minutes),
        "follow_ups": _marked(selectors.followups_for(access=access).filter(meeting=meeting)
                              .select_related("agency", "regency"), today),
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
        "can_manage": access.can(Perm.MANAGE_MEETINGS),
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
@tenant_view
def agenda_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access), pk=pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        return _agenda_response(request, access, meeting, form,
                                error=_("Judul acara wajib diisi."))
    try:
        services.agenda_item_add(meeting=meeting, **form.cleaned_data)
    except services.MeetingError as error:
        return _agenda_response(request, access, meeting, error=error.message)
    return _agenda_response(request, access, meeting)


def _agenda_item(access: Access, pk: int, item: int) -> AgendaItem:
    items = AgendaItem.objects.filter(meeting__regency=access.regency, meeting_id=pk)
    return get_object_or_404(items.select_related("meeting"), pk=item)


@require_POST
@tenant_view
def agenda_remove(request: HttpRequest, slug: str, pk: int, item: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    agenda_item = _agenda_item(access, pk, item)
    try:
        services.agenda_item_remove(item=agenda_item)
    except services.MeetingError as error:
        return _agenda_response(request, access, agenda_item.meeting, error=error.message)
    return _agenda_response(request, access, agenda_item.meeting)


@require_POST
@tenant_view
def agenda_move(request: HttpRequest, slug: str, pk: int, item: int, direction: str
                ) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    if direction not in {"naik", "turun"}:
        raise Http404
    agenda_item = _agenda_item(access, pk, item)
    try:
        services.agenda_item_move(item=agenda_item, up=direction == "naik")
    except services.MeetingError as error:
        return _agenda_response(request, access, agenda_item.meeting, error=error.message)
    return _agenda_response(request, access, agenda_item.meeting)


@tenant_view
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The attendance list (daftar hadir): everyone may read it, the secretariat records it."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access).select_related("chair"),
                                pk=pk)
    rows = selectors.attendances_of(meeting)
    if request.method == "POST":
        access.require(Perm.MANAGE_MEETINGS)
    sheet = AttendanceSheetForm(request.POST or None, rows=rows)
    if request.method == "POST" and sheet.is_valid():
        try:
            services.attendance_record(meeting=meeting, marks=sheet.marks())
        except services.MeetingError as error:
            return refuse(request, error, reverse("meetings:attendance", args=[slug, pk]))
        messages.success(request, _("Daftar hadir disimpan."))
        return redirect("meetings:attendance", slug, pk)
    return render(request, "meetings/attendance.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "rows": rows,
        "sheet": sheet, "summary": selectors.attendance_summary(rows),
        "guest_form": GuestForm(), "can_manage": access.can(Perm.MANAGE_MEETINGS),
        "locked": _locked(meeting),
    })


@require_POST
@tenant_view
def guest_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access), pk=pk)
    back = reverse("meetings:attendance", args=[slug, pk])
    form = GuestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tamu tidak ditambahkan: nama wajib diisi."))
        return redirect(back)
    try:
        services.attendance_add_guest(meeting=meeting, **form.cleaned_data)
    except services.MeetingError as error:
        return refuse(request, error, back)
    messages.success(request, _("Tamu %(name)s ditambahkan ke daftar hadir.")
                     % {"name": form.cleaned_data["name"]})
    return redirect(back)


@require_POST
@tenant_view
def attendance_prefill(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access).select_related("regency"),
                                pk=pk)
    back = reverse("meetings:attendance", args=[slug, pk])
    try:
        added = services.attendance_prefill(meeting=meeting)
    except services.MeetingError as error:
        return refuse(request, error, back)
    messages.info(request, _("%(count)d anggota dari SK yang berlaku ditambahkan.")
                  % {"count": added})
    return redirect(back)


@require_POST
@tenant_view
def attendance_remove(request: HttpRequest, slug: str, pk: int, row: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    attendance_row = get_object_or_404(
        Attendance.objects.filter(meeting__regency=access.regency, meeting_id=pk)
        .select_related("meeting", "member"), pk=row)
    back = reverse("meetings:attendance", args=[slug, pk])
    try:
        services.attendance_remove(attendance=attendance_row)
    except services.MeetingError as error:
        return refuse(request, error, back)
    messages.success(request, _("%(name)s dihapus dari daftar hadir.")
                     % {"name": attendance_row.name})
    return redirect(back)


@require_POST
@tenant_view
def invitations_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Queue the invitation e-mails (sent by Celery after the request's transaction)."""
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access).select_related("regency"),
                                pk=pk)
    try:
        services.invitations_request(meeting=meeting)
    except services.MeetingError as error:
        return refuse(request, error, meeting.get_absolute_url())
    messages.success(request, _("Undangan sedang dikirim ke anggota yang memiliki alamat "
                                "e-mail, dengan lampiran kalender (.ics)."))
    return redirect(meeting)
