"""The seeded meetings of the articles show up complete, and a second load changes nothing."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from dewan.demo.data import council as demo_council
from dewan.demo.data import meetings as demo_meetings
from meetings.choices import MinutesStatus
from meetings.models import AgendaItem, Attendance, FollowUp, Meeting, Minutes

pytestmark = pytest.mark.django_db


def _counts():
    return {model.__name__: model.objects.count()
            for model in (Meeting, AgendaItem, Attendance, Minutes, FollowUp)}


def test_the_four_article_meetings_are_seeded_complete_and_only_once():
    world = demo_council.load()
    demo_meetings.load(world)
    first = _counts()
    stored = dict(Minutes.objects.values_list("pk", "pdf_sha256"))
    demo_meetings.load(demo_council.load())
    assert _counts() == first
    assert dict(Minutes.objects.values_list("pk", "pdf_sha256")) == stored
    assert first["Meeting"] == 4
    for minutes in Minutes.objects.select_related("meeting"):
        assert minutes.status == MinutesStatus.APPROVED and minutes.pdf
        assert minutes.meeting.agenda_items.exists() and minutes.meeting.attendances.exists()
        assert minutes.meeting.follow_ups.exists()


def test_the_humbang_hasundutan_minutes_pdf_names_the_online_ministry_experts():
    demo_meetings.load(demo_council.load())
    minutes = Minutes.objects.get(regency__slug="humbang-hasundutan")
    assert minutes.number == "001/NOT/DSC/2024"
    meeting = minutes.meeting
    assert meeting.start.isoformat() == "2024-09-12T02:00:00+00:00"  # 09:00 WIB
    with minutes.pdf.open("rb") as handle:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(
            io.BytesIO(handle.read())).pages).split())
    for name in ("Chiristison Rudianto Marbun", "Fitrah Rahmat Kautsar", "Dwi Elfrida Martina",
                 "001/NOT/DSC/2024", "Ruang Rapat Sekretariat Kantor Bupati"):
        assert name in text
    assert FollowUp.objects.filter(regency=meeting.regency, due_date__lt="2026-01-01",
                                   status__in=["terbuka", "proses"]).exists()
