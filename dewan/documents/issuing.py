"""Issuing an official document: its verification row, its QR code, its file's checksum.

The caller (minutes approval, the final render of an evaluation report) issues the document
before rendering it, so the PDF can print the code and the QR code; once the file exists its
SHA-256 is recorded. A later final version of the same evaluation period supersedes the
earlier one: the verification page then says so.
"""

from __future__ import annotations

import datetime

import segno
from django.utils.safestring import mark_safe

from dewan.core.versions import move_regency

from .models import IssuedDocument


def document_issue(*, kind: str, object_id: int, regency, number: str, title: str,
                   document_date: datetime.date, version: int | None = None) -> IssuedDocument:
    """The document's verification row (made once; issuing again returns the same row)."""
    document, _created = IssuedDocument.objects.get_or_create(
        kind=kind, object_id=object_id,
        defaults={"regency": regency, "number": number, "title": title[:200],
                  "document_date": document_date, "version": version})
    return document


def document_file_record(*, document: IssuedDocument, sha256: str,
                         supersedes: list[IssuedDocument] = ()) -> None:
    """Record the issued file's checksum; earlier issues of the same thing now point here."""
    IssuedDocument.objects.filter(pk=document.pk).update(sha256=sha256)
    document.sha256 = sha256
    if supersedes:
        IssuedDocument.objects.filter(pk__in=[d.pk for d in supersedes]).exclude(
            pk=document.pk).update(superseded_by=document)
    move_regency(document.regency_id)  # the updates above send no signal


def issued_document_of(*, kind: str, object_id: int) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(kind=kind, object_id=object_id).first()


def qr_svg(document: IssuedDocument) -> str:
    """The QR code of the document's verification address, as inline SVG markup for a PDF
    template (sized by CSS; the code's characters are from a fixed alphabet)."""
    code = segno.make(document.public_url, error="m")
    return mark_safe(code.svg_inline(omitsize=True, border=2, svgclass="qr-code",  # noqa: S308
                                     lineclass=None))
