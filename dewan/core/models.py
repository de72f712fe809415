"""The task outbox (work asked for by a change, kept until the broker has it), the audit
log of logins and refused accesses, and the users' notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AuditKind


class OutboxMessage(models.Model):
    """A task to send to the broker, written in the transaction of the change that asks
    for it.

    After the commit the task is sent and the row deleted. When the broker cannot take it
    (Redis down, a network blip) the row stays, and the `core.send_outbox` sweeper sends it
    again once the broker is back; tasks claim their work, so a second delivery is harmless.
    """

    task = models.CharField(_("tugas"), max_length=200)
    args = models.JSONField(_("argumen"), default=list)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("percobaan kirim"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("pesan tugas tertunda")
        verbose_name_plural = _("pesan tugas tertunda")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class AuditEntry(models.Model):
    """One security-relevant event: a login, a failed login, a lockout, a logout, a password
    change or reset, or a refused access to a regency or one of its rows.

    Written by `dewan.core.audit.audit_record` and read by the administrator in the Django
    admin, where entries cannot be added, changed or deleted. The username is kept as typed
    (a failed login may name no user) and survives the user's deletion.
    """

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    kind = models.CharField(_("peristiwa"), max_length=32, choices=AuditKind.choices,
                            db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("pengguna"),
                             null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", db_constraint=False)
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    path = models.CharField(_("alamat halaman"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("kode HTTP"), null=True, blank=True)
    detail = models.CharField(_("keterangan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class EmailStatus(models.TextChoices):
    """What became of a notification's e-mail copy."""

    NONE = "", _("Tidak dikirim")  # e-mail off for the kind, no address, or in-app only
    PENDING = "antre", _("Menunggu dikirim")
    SENDING = "dikirim", _("Sedang dikirim")
    SENT = "terkirim", _("Diterima server surel")
    FAILED = "gagal", _("Gagal")


class Notification(models.Model):
    """A message to one user: shown in the portal's inbox, copied by e-mail when wanted.

    Generic: `kind` is a code an app registered (dewan.core.notifications.register), the text
    is written when the change happens, `link` is the path of the page it is about. Created in
    the transaction of that change, so a change rolled back notifies nobody; the e-mail copy
    is sent by a task after the commit.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications", verbose_name=_("penerima"))
    # The tenant the message is about (none for messages outside a regency). By app label,
    # so that the core imports nothing of the council.
    regency = models.ForeignKey("dewan.Regency", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    kind = models.CharField(_("jenis"), max_length=60)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_status = models.CharField(_("status e-mail"), max_length=10,
                                    choices=EmailStatus.choices, default=EmailStatus.NONE,
                                    blank=True)
    email_error = models.TextField(_("alasan e-mail gagal"), blank=True)
    emailed_at = models.DateTimeField(_("e-mail diterima server"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell: COUNT of one user's unread messages reads this index only.
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice of e-mail for one kind of notification (no row: e-mail on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences",
                             verbose_name=_("pengguna"))
    kind = models.CharField(_("jenis"), max_length=60)
    email = models.BooleanField(_("kirim e-mail"), default=True)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {'e-mail' if self.email else '-'}"
