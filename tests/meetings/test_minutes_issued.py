"""Approved minutes are issued (issue 11 item 5): the PDF carries the letterhead, its
verification code and QR code, and the public page recognises the file byte for byte."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from dewan.documents.models import IssuedDocument
from meetings import services
from meetings.choices import AttendanceStatus
from meetings.models import Minutes

pytestmark = pytest.mark.django_db

SECRET = "Isi rahasia notulen: anggaran Rp 9 miliar"


@pytest.fixture
def approved_minutes(world, council, held_meeting):
    rows = {row.member_id: row for row in held_meeting.attendances.all()}
    services.attendance_record(meeting=held_meeting, marks=[
        services.AttendanceMark(rows[council.chair.pk].pk, AttendanceStatus.PRESENT)])
    services.minutes_save(meeting=held_meeting, discussion=SECRET, decisions="Perbup.")
    minutes = services.minutes_circulate(minutes=Minutes.objects.get(meeting=held_meeting),
                                         by=world.secretariat)
    return services.minutes_approve(minutes=minutes, by=world.secretariat)


def test_approved_minutes_are_issued_with_their_code_and_checksum(world, approved_minutes):
    document = IssuedDocument.objects.get(kind="notulen", object_id=approved_minutes.pk)
    with approved_minutes.pdf.open("rb") as handle:
        data = handle.read()
    assert document.sha256 == approved_minutes.pdf_sha256 == hashlib.sha256(data).hexdigest()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert document.display_code in text and approved_minutes.number in text
    assert "PEMERINTAH KABUPATEN HUMBANG UJI" in text  # the letterhead
    same = Client().post(document.get_absolute_url(),
                         {"file": SimpleUploadedFile("n.pdf", data, "application/pdf")})
    assert 'id="verify-match"' in same.content.decode()
