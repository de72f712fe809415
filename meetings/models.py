"""Council meetings: agenda, attendance, minutes, follow-ups and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dewan.core.frozen import FrozenWhenFinal
from dewan.council.choices import Perm
from dewan.council.models import Agency, CouncilMember, Regency, nip_validator
from dewan.council.scoping import ALL, NONE, Action, TenantQuerySet, own_agencies
from programs.models import Program

from .choices import (
    ATTENDED,
    AttendanceStatus,
    DeliveryStatus,
    FollowUpEntryKind,
    FollowUpNoticeKind,
    FollowUpStatus,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    MinutesStatus,
)


class MeetingQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_MEETINGS, Action.CHANGE: Perm.MANAGE_MEETINGS}


class Meeting(models.Model):
    """A council meeting (rapat dewan, koordinasi, sosialisasi, bimtek, FGD)."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="meetings",
                                verbose_name=_("kabupaten/kota"))
    kind = models.CharField(_("jenis"), max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.COUNCIL)
    title = models.CharField(_("judul"), max_length=200)
    start = models.DateTimeField(_("mulai"))
    end = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    mode = models.CharField(_("moda"), max_length=8, choices=MeetingMode.choices,
                            default=MeetingMode.IN_PERSON)
    online_link = models.URLField(_("tautan daring"), blank=True)
    chair = models.ForeignKey(CouncilMember, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="chaired_meetings", verbose_name=_("pimpinan rapat"))
    chair_name = models.CharField(_("pimpinan rapat (jika bukan anggota)"), max_length=150,
                                  blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED)
    # When the mail server last accepted an invitation of this meeting (InvitationDelivery
    # has each recipient's answer).
    invitations_sent_at = models.DateTimeField(_("undangan dikirim"), null=True, blank=True)
    # When the secretariat last asked for the invitations to go out.
    invitations_requested_at = models.DateTimeField(_("undangan diminta"), null=True,
                                                    blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="meeting_end_after_start"),
        ]
        indexes = [models.Index(fields=["regency", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.regency.slug, self.pk])

    @property
    def chair_display(self) -> str:
        return self.chair.name if self.chair else self.chair_name


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items",
                                verbose_name=_("rapat"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("acara"), max_length=300)
    presenter = models.CharField(_("penyaji"), max_length=150, blank=True)
    notes = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A council member's or an outside guest's attendance at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("rapat"))
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attendances", verbose_name=_("anggota dewan"))
    guest_name = models.CharField(_("nama tamu"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("instansi tamu"), max_length=200, blank=True)
    guest_position = models.CharField(_("jabatan tamu"), max_length=200, blank=True)
    is_resource_person = models.BooleanField(_("narasumber"), default=False)
    status = models.CharField(_("kehadiran"), max_length=12, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.UNKNOWN)
    represented_by = models.CharField(_("diwakili oleh"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("daftar hadir")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(guest_name=""))
                | (Q(member__isnull=True) & ~Q(guest_name="")),
                name="attendance_member_xor_guest",
            ),
            models.UniqueConstraint(fields=["meeting", "member"],
                                    condition=Q(member__isnull=False),
                                    name="attendance_member_once"),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.REPRESENTED) | ~Q(represented_by=""),
                name="attendance_represented_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.get_status_display()}"

    @property
    def name(self) -> str:
        return self.member.name if self.member_id else self.guest_name

    @property
    def organisation(self) -> str:
        if self.member_id:
            return str(self.member.agency or "")
        return self.guest_organisation

    @property
    def position(self) -> str:
        return self.member.position if self.member_id else self.guest_position


class MinutesQuerySet(TenantQuerySet):
    permissions = {Action.CHANGE: Perm.MANAGE_MEETINGS}

    def rule(self, access, action: str):
        """VIEW: drafts are the secretariat's; members and OPDs read circulated minutes;
        everyone with the meetings right (reviewers too) reads approved ones."""
        if action != Action.VIEW:
            return super().rule(access, action)
        if access.can(Perm.MANAGE_MEETINGS):
            return ALL
        if not access.can(Perm.VIEW_MEETINGS):
            return NONE
        approved = Q(status=MinutesStatus.APPROVED)
        if access.can(Perm.READ_CIRCULATED_MINUTES):
            return approved | Q(status=MinutesStatus.CIRCULATED)
        return approved


class Minutes(FrozenWhenFinal):
    """The minutes (notulen) of a meeting: draft → circulated → approved (then locked: the
    frozen fields below cannot change, in Python and, on PostgreSQL, by a trigger)."""

    frozen_fields = ("meeting", "regency", "discussion", "decisions", "taker_name", "taker_nip",
                     "status", "number", "year", "sequence", "approved_at", "pdf", "pdf_sha256")

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="minutes",
                                verbose_name=_("kabupaten/kota"))
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes",
                                   verbose_name=_("rapat"))
    discussion = models.TextField(_("pembahasan (Markdown)"), blank=True)
    decisions = models.TextField(_("kesimpulan dan keputusan (Markdown)"), blank=True)
    # Who took the minutes, as printed under their signature (a person, not an account).
    taker_name = models.CharField(_("notulis"), max_length=150, blank=True)
    taker_nip = models.CharField(_("NIP notulis"), max_length=18, blank=True,
                                 validators=[nip_validator])
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices,
                              default=MinutesStatus.DRAFT)
    number = models.CharField(_("nomor"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun penomoran"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("diedarkan pada"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("disetujui oleh"))
    pdf = models.FileField(_("PDF notulen"), upload_to="minutes/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    history = HistoricalRecords()

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("notulen")
        verbose_name_plural = _("notulen")
        constraints = [
            models.UniqueConstraint(fields=["regency", "year", "sequence"],
                                    condition=Q(sequence__isnull=False),
                                    name="minutes_unique_sequence"),
            models.CheckConstraint(
                condition=~Q(status=MinutesStatus.APPROVED) | ~Q(number=""),
                name="approved_minutes_have_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"Notulen {self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    def is_final_values(self, loaded: dict) -> bool:
        return loaded.get("status") == MinutesStatus.APPROVED

    def frozen_message(self) -> str:
        from django.utils.translation import gettext

        return gettext("Notulen %(number)s sudah disetujui dan dikunci; perubahan ditolak. "
                       "PDF yang tersimpan tidak berubah.") % {"number": self.number}


def attended_meeting_ids(user) -> QuerySet:
    """The meetings the user attended as a council member (in person, online or
    represented), as a subquery of ids."""
    return (Attendance.objects.filter(member__user=user, status__in=ATTENDED)
            .values_list("meeting_id", flat=True))


class MinutesCommentQuerySet(TenantQuerySet):
    permissions = {Action.CHANGE: Perm.MANAGE_MEETINGS}

    def rule(self, access, action: str):
        """VIEW: the secretariat, and the members who attended the meeting (comments are
        the attendees' review, not the council's public record). CHANGE (resolve): the
        secretariat."""
        if action != Action.VIEW:
            return super().rule(access, action)
        if access.can(Perm.MANAGE_MEETINGS):
            return ALL
        if not access.can(Perm.READ_CIRCULATED_MINUTES):
            return NONE
        return Q(minutes__meeting_id__in=attended_meeting_ids(access.user))


class MinutesComment(models.Model):
    """An attendee's comment on circulated minutes, resolved by the secretariat with a note."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    minutes = models.ForeignKey("Minutes", on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("notulen"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, related_name="+", verbose_name=_("penulis"))
    text = models.TextField(_("komentar"))
    created_at = models.DateTimeField(_("ditulis"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("ditindaklanjuti oleh"))
    resolved_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)
    resolution = models.TextField(_("catatan tindak lanjut"), blank=True)

    objects = MinutesCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("komentar notulen")
        verbose_name_plural = _("komentar notulen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class FollowUpQuerySet(TenantQuerySet):
    permissions = {Action.CHANGE: Perm.MANAGE_MEETINGS}

    def rule(self, access, action: str):
        """VIEW: the secretariat, council members and reviewers read every follow-up, an OPD
        its own agencies'. UPDATE (progress notes): the secretariat, or the assigned agency.
        CHANGE (assign, confirm, cancel): the secretariat."""
        if action == Action.VIEW:
            if access.can(Perm.VIEW_ALL_FOLLOWUPS):
                return ALL
            return own_agencies(access) if access.can(Perm.VIEW_MEETINGS) else NONE
        if action == Action.UPDATE:
            if access.can(Perm.MANAGE_MEETINGS):
                return ALL
            return own_agencies(access) if access.can(Perm.UPDATE_FOLLOWUPS) else NONE
        return super().rule(access, action)


class FollowUp(models.Model):
    """A decision turned into a task (tindak lanjut) for an agency, with a due date."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="follow_ups",
                                verbose_name=_("kabupaten/kota"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups",
                                verbose_name=_("rapat asal"))
    description = models.TextField(_("uraian tindak lanjut"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="follow_ups",
                               verbose_name=_("instansi penanggung jawab"))
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    program = models.ForeignKey(Program, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="follow_ups", verbose_name=_("program terkait"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:followup_detail", args=[self.regency.slug, self.pk])


class FollowUpUpdate(models.Model):
    """One entry of a follow-up's history (reached through its follow-up, scoped first): a
    dated progress note of the agency with an optional attachment, its proposal to close the
    item, or the secretariat's confirmation, reopening or cancellation with a comment. Never
    edited: progress is a history, not one overwritten note."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="updates",
                                 verbose_name=_("tindak lanjut"))
    kind = models.CharField(_("jenis"), max_length=14, choices=FollowUpEntryKind.choices,
                            default=FollowUpEntryKind.NOTE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+",
                               verbose_name=_("oleh"))
    date = models.DateField(_("tanggal"))
    text = models.TextField(_("catatan"), blank=True)
    attachment = models.FileField(_("lampiran"), upload_to="followups/%Y/%m/", blank=True)
    attachment_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    attachment_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(_("ukuran (byte)"), null=True, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("perkembangan tindak lanjut")
        verbose_name_plural = _("perkembangan tindak lanjut")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.date}: {self.get_kind_display()}"


class FollowUpNotice(models.Model):
    """A due-date notice of a follow-up to its agency: the unique row makes it once."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=FollowUpNoticeKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat tindak lanjut")
        verbose_name_plural = _("pengingat tindak lanjut")
        constraints = [
            models.UniqueConstraint(fields=["followup", "kind"], name="followup_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.kind}"


class InvitationDelivery(models.Model):
    """One invitation e-mail of a meeting to one address, and what the mail server said.

    Reached through its meeting (scoped first). `attempts` counts the sendings and is the
    claim's token: the sending task takes a PENDING row with a conditional UPDATE that
    raises it, and writes the outcome only while the row still holds that token, so two
    deliveries of the task never send the same invitation twice.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE,
                                related_name="invitation_deliveries", verbose_name=_("rapat"))
    member = models.ForeignKey(CouncilMember, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("anggota dewan"))
    name = models.CharField(_("nama"), max_length=150)
    address = models.EmailField(_("alamat e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    error = models.TextField(_("alasan gagal"), blank=True)
    attempts = models.PositiveIntegerField(_("jumlah percobaan"), default=0)
    requested_at = models.DateTimeField(_("diminta pada"))
    claimed_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    sent_at = models.DateTimeField(_("diterima server pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman undangan")
        verbose_name_plural = _("pengiriman undangan")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "address"],
                                    name="invitation_once_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>: {self.get_status_display()}"

    @property
    def accepted(self) -> bool:
        return self.status == DeliveryStatus.SENT

    @property
    def failed(self) -> bool:
        return self.status == DeliveryStatus.FAILED

    @property
    def awaits_retry(self) -> bool:
        """Refused for a passing reason; the worker will try again."""
        return self.status == DeliveryStatus.PENDING and bool(self.error)


class MeetingAttachmentQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_MEETINGS, Action.CHANGE: Perm.MANAGE_MEETINGS}


class MeetingAttachment(models.Model):
    """Slides, photos or documents attached to a meeting."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("rapat"))
    file = models.FileField(_("berkas"), upload_to="meetings/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    title = models.CharField(_("judul"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("lampiran rapat")
        verbose_name_plural = _("lampiran rapat")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.original_name


class CalendarFeedKey(models.Model):
    """The user's secret in their personal calendar-feed links.

    A feed link carries an HMAC over the user's password hash and this key, so every link
    stops working when the password changes or when the user makes the links anew (a new
    key). The row is made only then — reading a page never writes — and a user without one
    signs with an empty key.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed_key", verbose_name=_("pengguna"))
    key = models.CharField(_("kunci"), max_length=64)
    renewed_at = models.DateTimeField(_("dibuat ulang"), auto_now=True)

    class Meta:
        verbose_name = _("kunci tautan kalender")
        verbose_name_plural = _("kunci tautan kalender")

    def __str__(self) -> str:
        return str(self.user)
