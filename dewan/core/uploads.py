"""Checking uploaded files by their content, not by their name.

Every upload form calls `check_upload`: the file's first bytes must match one of the allowed
kinds, the file must not exceed the size limit, and the error messages say exactly what was
wrong in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    mime: str


PDF = FileKind("PDF", ("pdf",), "application/pdf")
JPEG = FileKind("JPG", ("jpg", "jpeg"), "image/jpeg")
PNG = FileKind("PNG", ("png",), "image/png")
XLSX = FileKind("XLSX", ("xlsx",),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX = FileKind("DOCX", ("docx",),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
PPTX = FileKind("PPTX", ("pptx",),
                "application/vnd.openxmlformats-officedocument.presentationml.presentation")

EVIDENCE_KINDS = (PDF, JPEG, PNG, XLSX, DOCX)
ATTACHMENT_KINDS = (PDF, JPEG, PNG, XLSX, DOCX, PPTX)
DECREE_KINDS = (PDF,)


def check_upload(upload: UploadedFile, kinds: tuple[FileKind, ...],
                 max_bytes: int | None = None) -> FileKind:
    """Return the upload's kind, or raise ValidationError with a clear message."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    allowed = ", ".join(kind.label for kind in kinds)
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas “%(name)s” berukuran %(size)s; batasnya %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size),
               "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas “%(name)s” kosong.") % {"name": upload.name},
                              code="empty")
    kind = _detect(upload, kinds)
    if kind is None:
        raise ValidationError(
            _("Isi berkas “%(name)s” bukan jenis yang diizinkan (%(allowed)s).")
            % {"name": upload.name, "allowed": allowed},
            code="bad_type",
        )
    return kind


def _detect(upload: UploadedFile, kinds: tuple[FileKind, ...]) -> FileKind | None:
    """Match the file's leading bytes against the allowed kinds."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None
    for kind in kinds:
        if guess.mime == kind.mime or guess.extension in kind.extensions:
            return kind
    return None
