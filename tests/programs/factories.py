"""Helpers for the programs tests on top of tests/factories.py."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import ReportingPeriod
from programs.periods import current_period, period_ensure

# The smallest files whose content the upload check recognises.
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
             b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
             b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str = "foto-kegiatan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def pdf(name: str = "berita-acara.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def fake_pdf(name: str = "bukan-pdf.pdf") -> SimpleUploadedFile:
    """A text file pretending to be a PDF by its name."""
    return SimpleUploadedFile(name, b"ini hanya teks biasa", content_type="application/pdf")


def this_period(regency) -> ReportingPeriod:
    """The period OPDs of the regency report now, stored."""
    return period_ensure(regency=regency, period=current_period(regency).period)


def xlsx_bytes(rows: list[list]) -> io.BytesIO:
    """An XLSX workbook with the rows on its first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
