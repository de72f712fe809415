"""Issued documents and their public verification codes.

Every approved minutes PDF and every final evaluation report is *issued*: it gets a row here
with an unguessable code, printed on the document with a QR code that opens the public
verification page (dewan/documents/verification.py). The row holds what the page may tell —
kind, regency, number, date, version, the file's SHA-256, whether a later version supersedes
it — and nothing of the document's content. This module knows no app above it: the kinds are
plain strings and the document itself is referred to by its id.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dewan.council.models import Regency

# Crockford's base32 without I, L, O, U: no letters read as digits when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 random bits: not guessable, not enumerable (and rate-limited)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed ("k7qd-m2xp 9fht", "O" for zero) as the stored code, or ""."""
    cleaned = (text or "").upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return ""
    return cleaned


class DocumentKind(models.TextChoices):
    MINUTES = "notulen", _("Notulen rapat")
    EVALUATION_REPORT = "laporan", _("Laporan evaluasi")


class IssuedDocument(models.Model):
    code = models.CharField(_("kode verifikasi"), max_length=CODE_LENGTH, unique=True,
                            default=new_code, editable=False)
    kind = models.CharField(_("jenis"), max_length=10, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("id dokumen"))
    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    number = models.CharField(_("nomor"), max_length=80)
    title = models.CharField(_("judul"), max_length=200)
    document_date = models.DateField(_("tanggal dokumen"))
    version = models.PositiveIntegerField(_("versi"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("digantikan oleh"))

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="one_issue_per_document")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def display_code(self) -> str:
        """The code as printed: three groups of four ("K7QD-M2XP-9FHT")."""
        return "-".join(self.code[i:i + 4] for i in range(0, CODE_LENGTH, 4))

    def get_absolute_url(self) -> str:
        return reverse("verification:document", args=[self.code])

    @property
    def public_url(self) -> str:
        """The address the QR code carries."""
        return settings.SITE_URL.rstrip("/") + self.get_absolute_url()
