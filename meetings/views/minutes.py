"""The minutes (notulen): draft → circulated → approved, then locked with a stored PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.access import Access
from dewan.choices import Perm
from dewan.selectors import history_entries

from .. import selectors, services
from ..forms import MinutesForm
from ..models import Meeting, Minutes
from .common import meeting_access, refuse, tenant_view


def _meeting(access: Access, pk: int) -> Meeting:
    queryset = Meeting.objects.for_access(access).select_related("regency", "chair", "minutes")
    return get_object_or_404(queryset, pk=pk)


def _visible_minutes(access: Access, meeting: Meeting) -> Minutes | None:
    """The minutes if this user may read them; a draft does not exist for non-secretariat."""
    minutes = selectors.minutes_of(meeting)
    if minutes is not None and not selectors.minutes_visible(access=access, minutes=minutes):
        raise Http404(_("Notulen belum diedarkan."))
    if minutes is None and not access.can(Perm.MANAGE_MEETINGS):
        raise Http404(_("Notulen belum dibuat."))
    return minutes


@tenant_view
def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = _meeting(access, pk)
    minutes = _visible_minutes(access, meeting)
    rows = selectors.attendances_of(meeting)
    return render(request, "meetings/minutes_detail.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "minutes": minutes,
        "agenda": list(meeting.agenda_items.order_by("order", "pk")),
        "rows": rows, "summary": selectors.attendance_summary(rows),
        "can_manage": access.can(Perm.MANAGE_MEETINGS),
        "history": history_entries(minutes) if minutes else [],
    })


@tenant_view
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Write the minutes; refused with a clear message once they are approved."""
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk)
    minutes = selectors.minutes_of(meeting)
    back = reverse("meetings:minutes", args=[slug, pk])
    if minutes is not None and minutes.is_locked:
        messages.error(request, _("Notulen %(number)s sudah disetujui dan dikunci; perubahan "
                                  "ditolak. PDF yang tersimpan tidak berubah.")
                       % {"number": minutes.number})
        return redirect(back)
    form = MinutesForm(request.POST or None, instance=minutes)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(meeting=meeting, **form.cleaned_data)
        except services.MeetingError as error:
            return refuse(request, error, back)
        messages.success(request, _("Notulen disimpan."))
        return redirect(back)
    return render(request, "meetings/minutes_form.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "form": form,
        "minutes": minutes,
    })


def _transition(request: HttpRequest, slug: str, pk: int, service, done: str) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk)
    back = reverse("meetings:minutes", args=[slug, pk])
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        messages.error(request, _("Notulen belum dibuat."))
        return redirect(back)
    try:
        service(minutes)
    except services.MeetingError as error:
        return refuse(request, error, back)
    messages.success(request, done)
    return redirect(back)


@require_POST
@tenant_view
def minutes_circulate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(request, slug, pk,
                       lambda m: services.minutes_circulate(minutes=m),
                       _("Notulen diedarkan ke peserta rapat."))


@require_POST
@tenant_view
def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(request, slug, pk,
                       lambda m: services.minutes_approve(minutes=m, by=request.user),
                       _("Notulen disetujui, diberi nomor dan dikunci. PDF tersimpan."))


@tenant_view
def minutes_pdf(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The stored PDF of approved minutes, exactly as it was stored at approval."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = _meeting(access, pk)
    minutes = _visible_minutes(access, meeting)
    if minutes is None or not minutes.is_locked or not minutes.pdf:
        raise Http404(_("PDF notulen tersedia setelah notulen disetujui."))
    filename = "Notulen-" + minutes.number.replace("/", "-") + ".pdf"
    return FileResponse(minutes.pdf.open("rb"), as_attachment=True, filename=filename,
                        content_type="application/pdf")
