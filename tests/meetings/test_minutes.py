"""Minutes: draft → circulated → approved; approval numbers, locks and stores the PDF once."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from meetings import services
from meetings.choices import AttendanceStatus, MinutesStatus
from meetings.models import Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(held_meeting):
    """Minutes are approved after the meeting: here it took place yesterday."""
    return held_meeting


def _url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.regency.slug, meeting.pk])


def _write_and_circulate(client, meeting, discussion="Pembahasan **Perbup** berbagi pakai."):
    client.post(_url("minutes_edit", meeting), {"discussion": discussion,
                                                "decisions": "- Kominfo menyusun draf Perbup"})
    client.post(_url("minutes_circulate", meeting))
    return Minutes.objects.get(meeting=meeting)


def _approved(world, meeting):
    client = world.client_for(world.secretariat)
    services.attendance_add_guest(meeting=meeting, name="Fitrah Rahmat Kautsar",
                                  organisation="Kementerian Komunikasi dan Digital",
                                  position="Tenaga Ahli", is_resource_person=True,
                                  status=AttendanceStatus.ONLINE)
    _write_and_circulate(client, meeting)
    client.post(_url("minutes_approve", meeting), {"konfirmasi": "ya"})
    return client, Minutes.objects.get(meeting=meeting)


def _pdf_text(minutes) -> str:
    with minutes.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_approval_numbers_the_minutes_from_the_regency_pattern_and_stores_a_pdf(world, meeting):
    _client, minutes = _approved(world, meeting)
    year = meeting.start.year
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.number == f"001/NOT/DSC/{year}"
    assert minutes.approved_by == world.secretariat
    assert minutes.pdf.name.endswith(".pdf") and len(minutes.pdf_sha256) == 64


def test_the_minutes_pdf_lists_the_attendees_and_carries_the_number(world, meeting, council):
    _client, minutes = _approved(world, meeting)
    text = " ".join(_pdf_text(minutes).split())
    assert "NOTULEN RAPAT" in text
    assert minutes.number in text
    for name in (council.chair.name, council.member.name, "Fitrah Rahmat Kautsar"):
        assert name in text
    assert "Daftar Hadir" in text and "Pimpinan Rapat" in text


def test_editing_approved_minutes_is_refused_and_the_pdf_never_changes(world, meeting):
    client, minutes = _approved(world, meeting)
    stored = (minutes.pdf.name, minutes.pdf_sha256, minutes.discussion)
    response = client.post(_url("minutes_edit", meeting),
                           {"discussion": "Diubah diam-diam", "decisions": ""})
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert "sudah disetujui dan dikunci" in said[-1]
    minutes.refresh_from_db()
    assert (minutes.pdf.name, minutes.pdf_sha256, minutes.discussion) == stored
    with pytest.raises(services.MinutesLocked):
        services.minutes_save(meeting=meeting, discussion="x", decisions="y")
    with pytest.raises(services.MinutesLocked):
        services.minutes_approve(minutes=minutes, by=world.secretariat)


def test_approved_minutes_lock_the_agenda_and_attendance(world, meeting):
    _client, _minutes = _approved(world, meeting)
    with pytest.raises(services.MinutesLocked):
        services.agenda_item_add(meeting=meeting, title="Acara susulan")
    with pytest.raises(services.MinutesLocked):
        services.attendance_add_guest(meeting=meeting, name="Tamu susulan")
    response = world.client_for(world.secretariat).post(
        _url("guest_add", meeting), {"name": "Tamu susulan", "status": "hadir"}, follow=True)
    assert "dikunci" in response.content.decode()
    assert not meeting.attendances.filter(guest_name="Tamu susulan").exists()


def test_minutes_must_be_circulated_before_approval(world, meeting):
    client = world.client_for(world.secretariat)
    client.post(_url("minutes_edit", meeting), {"discussion": "Isi", "decisions": ""})
    response = client.post(_url("minutes_approve", meeting), {"konfirmasi": "ya"}, follow=True)
    assert "harus diedarkan" in response.content.decode()
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT


def test_numbers_count_up_per_year_in_each_regency(world, meeting, council):
    from tests.factories import MeetingFactory

    _approved(world, meeting)
    second = MeetingFactory(regency=world.regency, start=meeting.start, end=meeting.end)
    services.minutes_save(meeting=second, discussion="Kedua", decisions="")
    minutes = services.minutes_circulate(minutes=Minutes.objects.get(meeting=second))
    minutes = services.minutes_approve(minutes=minutes, by=world.secretariat)
    assert minutes.number == f"002/NOT/DSC/{meeting.start.year}"


def test_markdown_is_rendered_and_html_from_users_is_removed(world, meeting):
    client = world.client_for(world.secretariat)
    _write_and_circulate(client, meeting, discussion="**Tebal** <script>alert(1)</script>"
                         " [x](javascript:alert(2)) <img src=x onerror=alert(3)>")
    page = client.get(_url("minutes", meeting)).content.decode()
    shown = page.split('minutes-text">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Tebal</strong>" in shown
    assert "<script" not in shown and "<img" not in shown and "javascript:" not in shown


def test_members_read_circulated_minutes_but_not_drafts(world, meeting):
    client = world.client_for(world.secretariat)
    client.post(_url("minutes_edit", meeting), {"discussion": "Draf", "decisions": ""})
    member = world.client_for(world.member)
    assert member.get(_url("minutes", meeting)).status_code == 404
    client.post(_url("minutes_circulate", meeting))
    assert member.get(_url("minutes", meeting)).status_code == 200
    assert world.client_for(world.reviewer).get(_url("minutes", meeting)).status_code == 404


def test_the_pdf_is_downloaded_as_an_attachment_by_those_who_may_see_it(world, meeting):
    _client, minutes = _approved(world, meeting)
    response = world.client_for(world.member).get(_url("minutes_pdf", meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    import hashlib

    assert hashlib.sha256(body).hexdigest() == minutes.pdf_sha256


def test_minutes_pdf_is_indonesian_even_when_the_approver_reads_in_english(meeting, world):
    from django.utils import translation
    from pypdf import PdfReader

    from meetings import services as meeting_services

    minutes = meeting_services.minutes_save(meeting=meeting, discussion="Pembahasan.",
                                            decisions="Keputusan.")
    with translation.override("en"):
        meeting_services.minutes_circulate(minutes=minutes)
        minutes = meeting_services.minutes_approve(minutes=minutes, by=world.secretariat)
    with minutes.pdf.open("rb") as handle:
        text = "".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "NOTULEN RAPAT" in text.upper() and "DAFTAR HADIR" in text.upper()
    assert "MINUTES" not in text.upper()
