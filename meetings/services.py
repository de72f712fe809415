"""Write side of meetings: every change goes through one of these functions.

Each validates, writes inside `transaction.atomic()` and raises a `MeetingError` carrying a
message in Indonesian, which the views show as is. The change history is recorded by
simple-history on Meeting, Minutes and FollowUp (the request's user is the author).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dewan.models import Regency
from dewan.pdf import render_pdf
from dewan.selectors import members_in_force

from .choices import AttendanceStatus, FollowUpStatus, MeetingStatus, MinutesStatus
from .models import AgendaItem, Attendance, FollowUp, Meeting, MeetingAttachment, Minutes

MEETING_FIELDS = ("kind", "title", "start", "end", "place", "mode", "online_link", "chair",
                  "chair_name", "status")


class MeetingError(Exception):
    """A rule of the secretariat's work was broken; `message` says which, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MinutesLocked(MeetingError):
    """The minutes are approved: the meeting's record is closed."""


def _ensure_not_locked(meeting: Meeting) -> None:
    """Approved minutes freeze what they record: agenda, attendance and the meeting itself."""
    if Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists():
        raise MinutesLocked(_("Notulen rapat ini sudah disetujui dan dikunci; data rapat, "
                              "agenda dan daftar hadir tidak dapat diubah lagi."))


# Meetings -------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, regency: Regency, data: dict) -> Meeting:
    """Schedule a meeting and list the council in force as its expected attendees."""
    meeting = Meeting(regency=regency, **{f: data[f] for f in MEETING_FIELDS if f in data})
    meeting.full_clean()
    meeting.save()
    attendance_prefill(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict) -> Meeting:
    _ensure_not_locked(meeting)
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    meeting.full_clean()
    meeting.save()
    return meeting


# Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, presenter: str = "",
                    notes: str = "") -> AgendaItem:
    _ensure_not_locked(meeting)
    last = meeting.agenda_items.aggregate(last=Max("order"))["last"]
    return AgendaItem.objects.create(meeting=meeting, title=title, presenter=presenter,
                                     notes=notes, order=(last or 0) + 1)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    _ensure_not_locked(item.meeting)
    item.delete()
    _renumber(item.meeting)


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above (up) or below."""
    _ensure_not_locked(item.meeting)
    items = _renumber(item.meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index].order, items[target].order = items[target].order, items[index].order
    AgendaItem.objects.bulk_update([items[index], items[target]], ["order"])


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    """Number the agenda 1..n (the order shown), fixing gaps left by removals."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting))
    for number, item in enumerate(items, start=1):
        item.order = number
    AgendaItem.objects.bulk_update(items, ["order"])
    return items


# Attendance -----------------------------------------------------------------------------


@transaction.atomic
def attendance_prefill(*, meeting: Meeting) -> int:
    """Add the members of the decree in force on the meeting day who are not listed yet."""
    _ensure_not_locked(meeting)
    day = timezone.localtime(meeting.start, meeting.regency.tzinfo).date()
    listed = set(meeting.attendances.filter(member__isnull=False).values_list("member_id",
                                                                              flat=True))
    start = meeting.attendances.aggregate(last=Max("order"))["last"] or 0
    new = [
        Attendance(meeting=meeting, member=member, order=start + number,
                   is_resource_person=member.council_role == "narasumber")
        for number, member in enumerate(members_in_force(regency=meeting.regency, on=day),
                                        start=1)
        if member.pk not in listed
    ]
    Attendance.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def attendance_add_guest(*, meeting: Meeting, name: str, organisation: str = "",
                         position: str = "", is_resource_person: bool = False,
                         status: str = AttendanceStatus.UNKNOWN) -> Attendance:
    """An outside guest without an account, typically a ministry expert joining online."""
    _ensure_not_locked(meeting)
    if not name.strip():
        raise MeetingError(_("Nama tamu wajib diisi."))
    last = meeting.attendances.aggregate(last=Max("order"))["last"] or 0
    return Attendance.objects.create(
        meeting=meeting, guest_name=name.strip(), guest_organisation=organisation,
        guest_position=position, is_resource_person=is_resource_person, status=status,
        order=last + 1,
    )


@dataclass(frozen=True)
class AttendanceMark:
    attendance_id: int
    status: str
    represented_by: str = ""


@transaction.atomic
def attendance_record(*, meeting: Meeting, marks: list[AttendanceMark]) -> None:
    """Record every row's status at once; a represented member must name the representative."""
    _ensure_not_locked(meeting)
    rows = {a.pk: a for a in meeting.attendances.select_for_update()}
    for mark in marks:
        row = rows.get(mark.attendance_id)
        if row is None:
            raise MeetingError(_("Baris daftar hadir tidak ditemukan pada rapat ini."))
        if mark.status == AttendanceStatus.REPRESENTED and not mark.represented_by.strip():
            raise MeetingError(_("%(name)s diwakili: isi nama yang mewakili.")
                               % {"name": row.name})
        row.status = mark.status
        row.represented_by = (mark.represented_by.strip()
                              if mark.status == AttendanceStatus.REPRESENTED else "")
    Attendance.objects.bulk_update(rows.values(), ["status", "represented_by"])


@transaction.atomic
def attendance_remove(*, attendance: Attendance) -> None:
    _ensure_not_locked(attendance.meeting)
    attendance.delete()


# Minutes --------------------------------------------------------------------------------


def minutes_get_or_create(*, meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting,
                                                      defaults={"regency": meeting.regency})
    return minutes


def _locked_minutes(minutes: Minutes) -> Minutes:
    """Re-read the minutes under a row lock, so two approvals cannot both pass the checks."""
    return Minutes.objects.select_for_update().select_related("meeting__regency").get(
        pk=minutes.pk)


@transaction.atomic
def minutes_save(*, meeting: Meeting, discussion: str, decisions: str) -> Minutes:
    """Write the minutes' text (creating the draft on first save); refused once approved."""
    minutes = _locked_minutes(minutes_get_or_create(meeting=meeting))
    if minutes.is_locked:
        raise MinutesLocked(_("Notulen %(number)s sudah disetujui dan dikunci; perubahan "
                              "ditolak. PDF yang tersimpan tidak berubah.")
                            % {"number": minutes.number})
    minutes.discussion = discussion
    minutes.decisions = decisions
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes) -> Minutes:
    """Draft → circulated to the attendees for comment."""
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise MeetingError(_("Hanya notulen berstatus draf yang dapat diedarkan."))
    if not (minutes.discussion.strip() or minutes.decisions.strip()):
        raise MeetingError(_("Notulen masih kosong; isi pembahasan atau keputusan dahulu."))
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_approve(*, minutes: Minutes, by) -> Minutes:
    """Circulated → approved: number the minutes and store their PDF, once.

    The PDF is rendered here, synchronously: it is a one- or two-page document (about
    0.3 s with WeasyPrint) and approving without it would leave a window in which approved
    minutes have no document. Rendering happens after the number is reserved under the
    regency's row lock and before the row is saved; any failure rolls the whole approval back.
    """
    minutes = _locked_minutes(minutes)
    if minutes.status == MinutesStatus.APPROVED:
        raise MinutesLocked(_("Notulen %(number)s sudah disetujui sebelumnya.")
                            % {"number": minutes.number})
    if minutes.status != MinutesStatus.CIRCULATED:
        raise MeetingError(_("Notulen harus diedarkan ke peserta sebelum disetujui."))
    meeting = minutes.meeting
    _number(minutes, meeting)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    _store_pdf(minutes, meeting)
    try:
        minutes.save()
    except Exception:
        minutes.pdf.storage.delete(minutes.pdf.name)  # no orphan document of a failed approval
        raise
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return minutes


def _number(minutes: Minutes, meeting: Meeting) -> None:
    """Next number of the year in the regency's pattern; the regency row lock serialises it."""
    regency = Regency.objects.select_for_update().get(pk=meeting.regency_id)
    year = timezone.localtime(meeting.start, regency.tzinfo).year
    last = Minutes.objects.filter(regency=regency, year=year).aggregate(
        last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    try:
        number = regency.minutes_number_pattern.format(seq=sequence, year=year,
                                                       slug=regency.slug)
    except (KeyError, IndexError, ValueError):
        raise MeetingError(_("Pola nomor notulen daerah ini tidak valid (%(pattern)s). "
                             "Hubungi administrator.")
                           % {"pattern": regency.minutes_number_pattern}) from None
    minutes.year, minutes.sequence, minutes.number = year, sequence, number


def _store_pdf(minutes: Minutes, meeting: Meeting) -> None:
    """Render the "Notulen Rapat" snapshot and attach it to the row (saved by the caller)."""
    from .selectors import minutes_document_context

    # An official document: always in Indonesian, whatever language the approver reads in.
    with translation.override("id"):
        rendered = render_pdf("meetings/pdf/minutes.html",
                              minutes_document_context(minutes=minutes, meeting=meeting))
    name = f"notulen-{meeting.regency.slug}-{minutes.year}-{minutes.sequence:03d}.pdf"
    minutes.pdf.save(name, ContentFile(rendered.content), save=False)
    minutes.pdf_sha256 = rendered.sha256


# Follow-ups -----------------------------------------------------------------------------


@transaction.atomic
def followup_create(*, meeting: Meeting, description: str, agency, due_date: datetime.date,
                    program=None) -> FollowUp:
    """Turn a decision into a task for one agency of the same regency."""
    if agency.regency_id != meeting.regency_id or (
            program is not None and program.regency_id != meeting.regency_id):
        raise MeetingError(_("Instansi dan program harus dari daerah yang sama dengan rapat."))
    followup = FollowUp(regency=meeting.regency, meeting=meeting, description=description,
                        agency=agency, due_date=due_date, program=program)
    followup.full_clean()
    followup.save()
    return followup


@transaction.atomic
def followup_update(*, followup: FollowUp, status: str, progress_note: str) -> FollowUp:
    """The assigned OPD (or the secretariat) reports status and progress."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if status == FollowUpStatus.DONE and not progress_note.strip():
        raise MeetingError(_("Tuliskan catatan perkembangan sebelum menandai selesai."))
    followup.status = status
    followup.progress_note = progress_note
    followup.save()
    return followup


# Invitations ----------------------------------------------------------------------------


@transaction.atomic
def invitations_request(*, meeting: Meeting) -> None:
    """Ask for the invitations to go out; the e-mail is sent by a task after commit."""
    from .tasks import send_meeting_invitations

    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError(_("Rapat dibatalkan; undangan tidak dikirim."))
    if not invitation_recipients(meeting):
        raise MeetingError(_("Tidak ada anggota dengan alamat e-mail untuk diundang."))
    Meeting.objects.filter(pk=meeting.pk).update(invitations_requested_at=timezone.now())
    transaction.on_commit(lambda: send_meeting_invitations.delay(meeting.pk))


def invitation_recipients(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, e-mail) of the listed members with an address, else of the council in force."""
    listed = [a.member for a in meeting.attendances.select_related("member")
              if a.member_id and a.member.email]
    if not listed:
        day = timezone.localtime(meeting.start, meeting.regency.tzinfo).date()
        listed = [m for m in members_in_force(regency=meeting.regency, on=day) if m.email]
    return [(member.name, member.email) for member in listed]


def invitations_send(*, meeting_id: int) -> int:
    """Claim the request (a second run finds nothing to claim) and send one e-mail each."""
    from .mail import send_invitation

    claimed = Meeting.objects.filter(pk=meeting_id, invitations_requested_at__isnull=False
                                     ).update(invitations_requested_at=None,
                                              invitations_sent_at=timezone.now())
    if not claimed:
        return 0
    meeting = Meeting.objects.select_related("regency", "chair").get(pk=meeting_id)
    recipients = invitation_recipients(meeting)
    for name, address in recipients:
        send_invitation(meeting=meeting, name=name, address=address)
    return len(recipients)


# Attachments ----------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, meeting: Meeting, upload: UploadedFile, content_type: str,
                   title: str, by) -> MeetingAttachment:
    """Store a checked upload (the form has verified type by content and size)."""
    attachment = MeetingAttachment(
        regency=meeting.regency, meeting=meeting, original_name=upload.name[:255],
        content_type=content_type, size=upload.size, title=title, uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: MeetingAttachment) -> None:
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
