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
    """Open → in progress (the agency's notes) → proposed done (by the agency, with evidence)
    → done (confirmed by the secretariat) or back in progress (reopened with a comment);
    only the secretariat cancels."""

    OPEN = "terbuka", _("Belum dikerjakan")
    IN_PROGRESS = "proses", _("Dalam proses")
    PROPOSED = "diusulkan", _("Diusulkan selesai")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Dibatalkan")


# Not closed yet: counted as open, and brought back on the next meeting's agenda.
OPEN_FOLLOWUP_STATUSES = {FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS,
                          FollowUpStatus.PROPOSED}
# Still the agency's move: these are overdue past their due date (a proposed one waits for
# the secretariat, not for the agency).
LATE_FOLLOWUP_STATUSES = {FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS}
CLOSED_FOLLOWUP_STATUSES = {FollowUpStatus.DONE, FollowUpStatus.CANCELLED}


class FollowUpEntryKind(models.TextChoices):
    """An entry of a follow-up's history."""

    NOTE = "catatan", _("Catatan perkembangan")
    PROPOSED = "usul_selesai", _("Diusulkan selesai")
    CONFIRMED = "konfirmasi", _("Dikonfirmasi selesai")
    REOPENED = "dibuka", _("Dibuka kembali")
    CANCELLED = "batal", _("Dibatalkan")


class FollowUpNoticeKind(models.TextChoices):
    DUE = "jatuh_tempo", _("Mendekati batas waktu")
    OVERDUE = "lewat", _("Lewat batas waktu")


# The agency is reminded this many days before a follow-up's due date (once), and once the
# day after it has passed.
FOLLOWUP_DUE_DAYS = 3


class DeliveryStatus(models.TextChoices):
    """What became of one invitation e-mail."""

    PENDING = "antre", _("Menunggu dikirim")
    SENDING = "dikirim", _("Sedang dikirim")
    SENT = "terkirim", _("Diterima server surel")
    FAILED = "gagal", _("Gagal")


# Invitations the mail server refused for a passing reason (4xx, server unreachable) are sent
# again by the worker this many times, waiting INVITATION_RETRY_SECONDS × 2^n before try n.
INVITATION_MAX_RETRIES = 4
# An invitation still "sending" after this long was held by a worker that died: the
# secretariat's "send the failed ones again" takes it too.
INVITATION_SENDING_LEASE_MINUTES = 15
