"""Council meetings: agenda, attendance, minutes, follow-ups and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dewan.models import Agency, CouncilMember, Regency, RegencyScopedQuerySet
from programs.models import Program

from .choices import (
    AttendanceStatus,
    FollowUpStatus,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    MinutesStatus,
)


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
    invitations_sent_at = models.DateTimeField(_("undangan dikirim"), null=True, blank=True)
    # Set by the service, cleared by the task that claims the sending (a second run is a no-op).
    invitations_requested_at = models.DateTimeField(_("undangan diminta"), null=True,
                                                    blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = RegencyScopedQuerySet.as_manager()

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


class Minutes(models.Model):
    """The minutes (notulen) of a meeting: draft → circulated → approved (then locked)."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="minutes",
                                verbose_name=_("kabupaten/kota"))
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes",
                                   verbose_name=_("rapat"))
    discussion = models.TextField(_("pembahasan (Markdown)"), blank=True)
    decisions = models.TextField(_("kesimpulan dan keputusan (Markdown)"), blank=True)
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

    objects = RegencyScopedQuerySet.as_manager()

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
    progress_note = models.TextField(_("catatan perkembangan"), blank=True)
    program = models.ForeignKey(Program, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="follow_ups", verbose_name=_("program terkait"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = RegencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:followup_detail", args=[self.regency.slug, self.pk])


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

    objects = RegencyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lampiran rapat")
        verbose_name_plural = _("lampiran rapat")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.original_name
