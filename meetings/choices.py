"""Constants of meetings, attendance, minutes and follow-ups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COUNCIL = "rapat_dewan", _("Rapat Dewan")
    COORDINATION = "rapat_koordinasi", _("Rapat Koordinasi")
    SOCIALISATION = "sosialisasi", _("Sosialisasi")
    TECHNICAL_GUIDANCE = "bimtek", _("Bimbingan Teknis")
    FGD = "fgd", _("Focus Group Discussion")


class MeetingMode(models.TextChoices):
    IN_PERSON = "luring", _("Luring")
    ONLINE = "daring", _("Daring")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "terjadwal", _("Terjadwal")
    HELD = "terlaksana", _("Terlaksana")
    CANCELLED = "batal", _("Dibatalkan")


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Hadir langsung")
    ONLINE = "daring", _("Hadir daring")
    EXCUSED = "izin", _("Izin")
    ABSENT = "tidak_hadir", _("Tidak hadir")
    REPRESENTED = "diwakili", _("Diwakili")
    UNKNOWN = "belum", _("Belum dicatat")


# Statuses that count towards the quorum and the attendance rate.
ATTENDED = {AttendanceStatus.PRESENT, AttendanceStatus.ONLINE, AttendanceStatus.REPRESENTED}


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    CIRCULATED = "diedarkan", _("Diedarkan ke peserta")
    APPROVED = "disetujui", _("Disetujui")


class FollowUpStatus(models.TextChoices):
    OPEN = "terbuka", _("Belum dikerjakan")
    IN_PROGRESS = "proses", _("Dalam proses")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")


OPEN_FOLLOWUP_STATUSES = {FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS}
