"""Write side of meetings: every change goes through one of these functions.

Each validates, writes inside `transaction.atomic()` and raises a `DomainError` carrying a
message in Indonesian, which the views show as is. The change history is recorded by
simple-history on Meeting, Minutes and FollowUp (the request's user is the author).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dewan.core.errors import DomainError, InvalidTransition
from dewan.core.versions import move_regency
from dewan.council.letterhead import document_number
from dewan.council.models import Regency
from dewan.council.selectors import members_in_force
from dewan.documents.issuing import document_file_record, document_issue, qr_svg
from dewan.documents.models import DocumentKind
from dewan.documents.render import render_pdf

from . import notices
from .choices import (
    ATTENDED,
    CLOSED_FOLLOWUP_STATUSES,
    AttendanceStatus,
    FollowUpEntryKind,
    FollowUpStatus,
    MeetingStatus,
    MinutesStatus,
)
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeedKey,
    FollowUp,
    FollowUpUpdate,
    Meeting,
    MeetingAttachment,
    Minutes,
    MinutesComment,
)

MEETING_FIELDS = ("kind", "title", "start", "end", "place", "mode", "online_link", "chair",
                  "chair_name", "status")


class MinutesLocked(InvalidTransition):
    """The minutes are approved: the meeting's record is closed."""


def _ensure_not_locked(meeting: Meeting) -> None:
    """Approved minutes freeze what they record: agenda, attendance and the meeting itself."""
    if Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists():
        raise MinutesLocked(_("Notulen rapat ini sudah disetujui dan dikunci; data rapat, "
                              "agenda dan daftar hadir tidak dapat diubah lagi."))


# Meetings -------------------------------------------------------------------------------


def _check_status(meeting: Meeting) -> None:
    """A meeting is "held" only once it has started: a future one cannot have taken place."""
    if meeting.status == MeetingStatus.HELD and meeting.start > timezone.now():
        raise DomainError(_("Rapat yang belum dimulai tidak dapat dicatat “terlaksana”."))


@transaction.atomic
def meeting_create(*, regency: Regency, data: dict) -> Meeting:
    """Schedule a meeting and list the council in force as its expected attendees."""
    meeting = Meeting(regency=regency, **{f: data[f] for f in MEETING_FIELDS if f in data})
    _check_status(meeting)
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
    _check_status(meeting)
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
    move_regency(item.meeting.regency_id)  # bulk writes send no signal


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    """Number the agenda 1..n (the order shown), fixing gaps left by removals."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting=meeting))
    for number, item in enumerate(items, start=1):
        item.order = number
    AgendaItem.objects.bulk_update(items, ["order"])
    move_regency(meeting.regency_id)  # bulk writes send no signal
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
    move_regency(meeting.regency_id)  # bulk writes send no signal
    return len(new)


@transaction.atomic
def attendance_add_guest(*, meeting: Meeting, name: str, organisation: str = "",
                         position: str = "", is_resource_person: bool = False,
                         status: str = AttendanceStatus.UNKNOWN) -> Attendance:
    """An outside guest without an account, typically a ministry expert joining online."""
    _ensure_not_locked(meeting)
    if not name.strip():
        raise DomainError(_("Nama tamu wajib diisi."))
    if status == AttendanceStatus.REPRESENTED:
        raise DomainError(_("Tamu tidak dapat dicatat “diwakili”; tambahkan yang hadir "
                            "sebagai tamu."))
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
            raise DomainError(_("Baris daftar hadir tidak ditemukan pada rapat ini."))
        if mark.status == AttendanceStatus.REPRESENTED and not mark.represented_by.strip():
            raise DomainError(_("%(name)s diwakili: isi nama yang mewakili.")
                               % {"name": row.name})
        row.status = mark.status
        row.represented_by = (mark.represented_by.strip()
                              if mark.status == AttendanceStatus.REPRESENTED else "")
    Attendance.objects.bulk_update(rows.values(), ["status", "represented_by"])
    move_regency(meeting.regency_id)  # bulk writes send no signal


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
def minutes_save(*, meeting: Meeting, discussion: str, decisions: str,
                 taker_name: str | None = None, taker_nip: str | None = None) -> Minutes:
    """Write the minutes' text (creating the draft on first save); refused once approved.
    The minute-taker's name and NIP are kept as they are when not given."""
    minutes = _locked_minutes(minutes_get_or_create(meeting=meeting))
    if minutes.is_locked:
        raise MinutesLocked(_("Notulen %(number)s sudah disetujui dan dikunci; perubahan "
                              "ditolak. PDF yang tersimpan tidak berubah.")
                            % {"number": minutes.number})
    changed = (minutes.discussion, minutes.decisions) != (discussion, decisions)
    minutes.discussion = discussion
    minutes.decisions = decisions
    if taker_name is not None:
        minutes.taker_name = taker_name.strip()
    if taker_nip is not None:
        minutes.taker_nip = taker_nip.strip()
    if changed and minutes.status == MinutesStatus.CIRCULATED:
        # What the members reviewed is what gets approved: a changed text is a new draft,
        # to be circulated again. Their comments stay; the history records the step back.
        minutes.status = MinutesStatus.DRAFT
        minutes.circulated_at = None
        minutes._change_reason = "returned to draft: edited after circulation"
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, by=None) -> Minutes:
    """Draft → circulated: the members who attended are told, and may read the draft and
    comment on it until it is approved."""
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise DomainError(_("Hanya notulen berstatus draf yang dapat diedarkan."))
    if not (minutes.discussion.strip() or minutes.decisions.strip()):
        raise DomainError(_("Notulen masih kosong; isi pembahasan atau keputusan dahulu."))
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.save()
    notices.minutes_circulated(minutes=minutes, attendee_ids=attendee_user_ids(minutes.meeting),
                               actor=by)
    return minutes


def attendee_user_ids(meeting: Meeting) -> list[int]:
    """The accounts of the council members who attended the meeting (in person, online or
    represented) and hold a role in its regency: they review the circulated minutes."""
    return list(Attendance.objects.filter(
        meeting=meeting, status__in=ATTENDED, member__user__isnull=False,
        member__user__is_active=True,
        member__user__role_assignments__regency_id=meeting.regency_id,
    ).values_list("member__user_id", flat=True).distinct())


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
        raise DomainError(_("Notulen harus diedarkan ke peserta sebelum disetujui."))
    meeting = minutes.meeting
    if meeting.start > timezone.now():
        raise DomainError(_("Rapat ini belum dimulai (%(start)s); notulen hanya dapat "
                            "disetujui setelah rapat berlangsung.")
                          % {"start": _local(meeting.start, meeting)})
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
    if meeting.status == MeetingStatus.SCHEDULED:  # it has started (checked above)
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    notices.minutes_approved(minutes=minutes, attendee_ids=attendee_user_ids(meeting),
                             actor=by)
    return minutes


def _local(moment, meeting: Meeting) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment, meeting.regency.tzinfo), "DATETIME_FORMAT")


# Minutes comments -------------------------------------------------------------------------


@transaction.atomic
def minutes_comment_add(*, minutes: Minutes, author, text: str) -> MinutesComment:
    """An attendee comments on circulated minutes; the secretariat is told."""
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.CIRCULATED:
        raise DomainError(_("Komentar hanya dapat ditulis selama notulen diedarkan "
                            "(belum disetujui)."))
    if author.pk not in attendee_user_ids(minutes.meeting):
        raise DomainError(_("Hanya anggota yang hadir dalam rapat ini yang dapat "
                            "mengomentari notulennya."))
    if not text.strip():
        raise DomainError(_("Tuliskan komentar Anda."))
    comment = MinutesComment.objects.create(regency=minutes.regency, minutes=minutes,
                                            author=author, text=text.strip())
    notices.minutes_commented(comment=comment)
    return comment


@transaction.atomic
def minutes_comment_resolve(*, comment: MinutesComment, by, note: str) -> MinutesComment:
    """The secretariat marks a comment handled, saying how (changed the text, or why not)."""
    comment = MinutesComment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_resolved:
        raise DomainError(_("Komentar ini sudah ditindaklanjuti."))
    if not note.strip():
        raise DomainError(_("Tuliskan bagaimana komentar ini ditindaklanjuti."))
    comment.resolved_by, comment.resolved_at = by, timezone.now()
    comment.resolution = note.strip()
    comment.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    return comment


def _number(minutes: Minutes, meeting: Meeting) -> None:
    """Next number of the year in the regency's pattern; the regency row lock serialises it."""
    regency = Regency.objects.select_for_update().get(pk=meeting.regency_id)
    year = timezone.localtime(meeting.start, regency.tzinfo).year
    last = Minutes.objects.filter(regency=regency, year=year).aggregate(
        last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    try:
        number = document_number(regency.minutes_number_pattern, seq=sequence, year=year,
                                 slug=regency.slug)
    except ValueError:
        raise DomainError(_("Pola nomor notulen daerah ini tidak valid (%(pattern)s). "
                             "Hubungi administrator.")
                           % {"pattern": regency.minutes_number_pattern}) from None
    minutes.year, minutes.sequence, minutes.number = year, sequence, number


def _store_pdf(minutes: Minutes, meeting: Meeting) -> None:
    """Render the "Notulen Rapat" snapshot and attach it to the row (saved by the caller).
    The minutes are issued first, so the PDF carries their verification code and QR code."""
    from .selectors import minutes_document_context

    issued = document_issue(
        kind=DocumentKind.MINUTES, object_id=minutes.pk, regency=meeting.regency,
        number=minutes.number, title=f"Notulen Rapat: {meeting.title}",
        document_date=timezone.localtime(meeting.start, meeting.regency.tzinfo).date())
    context = minutes_document_context(minutes=minutes, meeting=meeting)
    context.update(issued=issued, qr=qr_svg(issued))
    # An official document: always in Indonesian, whatever language the approver reads in.
    with translation.override("id"):
        rendered = render_pdf("meetings/pdf/minutes.html", context)
    name = f"notulen-{meeting.regency.slug}-{minutes.year}-{minutes.sequence:03d}.pdf"
    minutes.pdf.save(name, ContentFile(rendered.content), save=False)
    minutes.pdf_sha256 = rendered.sha256
    document_file_record(document=issued, sha256=rendered.sha256)


# Follow-ups -----------------------------------------------------------------------------


def _due_date_problem(meeting: Meeting, due_date: datetime.date) -> str:
    """A task decided at a meeting cannot fall due before the meeting took place."""
    meeting_day = timezone.localtime(meeting.start, meeting.regency.tzinfo).date()
    if due_date < meeting_day:
        from django.utils.formats import date_format

        return _("Batas waktu tidak boleh sebelum tanggal rapat (%(date)s).") % {
            "date": date_format(meeting_day, "DATE_FORMAT")}
    return ""


@transaction.atomic
def followup_create(*, meeting: Meeting, description: str, agency, due_date: datetime.date,
                    program=None) -> FollowUp:
    """Turn a decision into a task for one agency of the same regency; the agency is told."""
    if agency.regency_id != meeting.regency_id or (
            program is not None and program.regency_id != meeting.regency_id):
        raise DomainError(_("Instansi dan program harus dari daerah yang sama dengan rapat."))
    problem = _due_date_problem(meeting, due_date)
    if problem:
        raise DomainError(problem)
    followup = FollowUp(regency=meeting.regency, meeting=meeting, description=description,
                        agency=agency, due_date=due_date, program=program)
    followup.full_clean()
    followup.save()
    notices.followup_assigned(followup=followup)
    return followup


def _locked_followup(followup: FollowUp) -> FollowUp:
    return FollowUp.objects.select_for_update().select_related(
        "regency", "agency", "meeting").get(pk=followup.pk)


@dataclass(frozen=True)
class Attachment:
    """A checked upload (the form verified its type by content and its size)."""

    upload: UploadedFile
    content_type: str


@transaction.atomic
def followup_note_add(*, followup: FollowUp, author, date: datetime.date, text: str,
                      attachment: Attachment | None = None,
                      propose_done: bool = False) -> FollowUpUpdate:
    """The assigned agency (or the secretariat) adds a dated progress note, with an optional
    attachment, and may propose the item done: that needs evidence (an attachment on this
    note or an earlier one) and goes to the secretariat for confirmation."""
    followup = _locked_followup(followup)
    if followup.status in CLOSED_FOLLOWUP_STATUSES:
        raise DomainError(_("Tindak lanjut ini sudah %(status)s; catatan baru tidak dapat "
                            "ditambahkan.") % {"status": followup.get_status_display().lower()})
    if not text.strip():
        raise DomainError(_("Tuliskan catatan perkembangan."))
    if date > followup.regency.local_today():
        raise DomainError(_("Tanggal perkembangan tidak boleh di masa depan."))
    has_evidence = attachment is not None or followup.updates.exclude(attachment="").exists()
    if propose_done and not has_evidence:
        raise DomainError(_("Lampirkan bukti (berkas) sebelum mengusulkan tindak lanjut "
                            "selesai."))
    entry = FollowUpUpdate(followup=followup, author=author, date=date, text=text.strip(),
                           kind=FollowUpEntryKind.PROPOSED if propose_done
                           else FollowUpEntryKind.NOTE)
    if attachment is not None:
        upload = attachment.upload
        entry.attachment_name = upload.name[:255]
        entry.attachment_type, entry.attachment_size = attachment.content_type, upload.size
        entry.attachment.save(upload.name, upload, save=False)
    try:
        entry.save()
        if propose_done:
            followup.status = FollowUpStatus.PROPOSED
            followup.save(update_fields=["status", "updated_at"])
            notices.followup_proposed(followup=followup, actor=author)
        elif followup.status == FollowUpStatus.OPEN:
            followup.status = FollowUpStatus.IN_PROGRESS
            followup.save(update_fields=["status", "updated_at"])
    except Exception:
        if entry.attachment:  # no orphan file of a refused note
            entry.attachment.storage.delete(entry.attachment.name)
        raise
    return entry


@transaction.atomic
def followup_confirm(*, followup: FollowUp, by, comment: str = "") -> FollowUp:
    """The secretariat confirms a proposed follow-up done."""
    followup = _locked_followup(followup)
    if followup.status != FollowUpStatus.PROPOSED:
        raise DomainError(_("Hanya tindak lanjut yang diusulkan selesai yang dapat "
                            "dikonfirmasi."))
    return _review(followup, by, FollowUpStatus.DONE, FollowUpEntryKind.CONFIRMED,
                   comment.strip())


@transaction.atomic
def followup_reopen(*, followup: FollowUp, by, comment: str) -> FollowUp:
    """The secretariat sends a proposed (or done) follow-up back to the agency, saying why."""
    followup = _locked_followup(followup)
    if followup.status not in {FollowUpStatus.PROPOSED, FollowUpStatus.DONE}:
        raise DomainError(_("Hanya tindak lanjut yang diusulkan selesai atau sudah selesai "
                            "yang dapat dibuka kembali."))
    if not comment.strip():
        raise DomainError(_("Tuliskan alasan membuka kembali: apa yang masih kurang."))
    return _review(followup, by, FollowUpStatus.IN_PROGRESS, FollowUpEntryKind.REOPENED,
                   comment.strip())


@transaction.atomic
def followup_cancel(*, followup: FollowUp, by, comment: str) -> FollowUp:
    """Only the secretariat cancels a follow-up (the council no longer needs it), saying why."""
    followup = _locked_followup(followup)
    if followup.status in CLOSED_FOLLOWUP_STATUSES:
        raise DomainError(_("Tindak lanjut ini sudah ditutup."))
    if not comment.strip():
        raise DomainError(_("Tuliskan alasan pembatalan."))
    return _review(followup, by, FollowUpStatus.CANCELLED, FollowUpEntryKind.CANCELLED,
                   comment.strip())


def _review(followup: FollowUp, by, status: str, kind: str, comment: str) -> FollowUp:
    """The secretariat's decision: the new status, an entry in the history, the agency told."""
    followup.status = status
    followup.save(update_fields=["status", "updated_at"])
    FollowUpUpdate.objects.create(followup=followup, author=by, kind=kind, text=comment,
                                  date=followup.regency.local_today())
    notices.followup_reviewed(followup=followup, actor=by, comment=comment)
    return followup


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


def calendar_feed_key_renew(*, user) -> str:
    """Give the user a new calendar-feed key: every personal feed link made before stops
    working, in every regency."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeedKey.objects.update_or_create(user=user, defaults={"key": key})
    return key
