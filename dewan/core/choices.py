"""Constants of the shared pieces."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    """What an audit entry records: a security-relevant event the administrator may need."""

    LOGIN = "login", _("Masuk")
    LOGIN_FAILED = "login_failed", _("Gagal masuk")
    LOCKED_OUT = "locked_out", _("Dikunci karena terlalu banyak percobaan")
    LOGOUT = "logout", _("Keluar")
    SESSION_ENDED = "session_ended", _("Sesi berakhir (batas 12 jam)")
    PASSWORD_CHANGED = "password_changed", _("Kata sandi diganti")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Minta atur ulang kata sandi")
    PASSWORD_RESET = "password_reset", _("Kata sandi diatur ulang")
    CALENDAR_LINK_RENEWED = "calendar_link_renewed", _("Tautan kalender dibuat ulang")
    DENIED = "denied", _("Akses ditolak")
