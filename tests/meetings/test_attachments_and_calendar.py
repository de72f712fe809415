"""Attachments checked by content; .ics per meeting and the regency feed (invitation e-mails:
test_invitations.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from meetings.models import MeetingAttachment

pytestmark = pytest.mark.django_db

PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
             b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
             b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _upload(world, meeting, name, content):
    return world.client_for(world.secretariat).post(
        reverse("meetings:attachment_add", args=[world.regency.slug, meeting.pk]),
        {"file": SimpleUploadedFile(name, content), "title": "Foto rapat"}, follow=True)


def test_a_photo_is_attached_and_downloaded_as_a_file_not_shown_inline(world, meeting):
    _upload(world, meeting, "foto.png", PNG_BYTES)
    attachment = MeetingAttachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.size == len(PNG_BYTES)
    response = world.client_for(world.member).get(reverse(
        "meetings:attachment_download", args=[world.regency.slug, meeting.pk, attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="foto.png"'
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_a_file_whose_content_is_not_an_allowed_kind_is_refused(world, meeting):
    response = _upload(world, meeting, "paparan.pdf", b"<html><script>alert(1)</script>")
    assert "bukan jenis yang diizinkan" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused_with_its_size(world, meeting, settings):
    settings.UPLOAD_MAX_BYTES = 50
    response = _upload(world, meeting, "foto.png", PNG_BYTES)
    assert "batasnya 50" in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_another_regency_cannot_download_the_attachment(world, meeting):
    _upload(world, meeting, "foto.png", PNG_BYTES)
    attachment = MeetingAttachment.objects.get()
    for slug in (world.regency.slug, world.other_regency.slug):
        url = reverse("meetings:attachment_download", args=[slug, meeting.pk, attachment.pk])
        assert world.client_for(world.outsider_secretariat).get(url).status_code == 404


def test_each_meeting_has_an_ics_with_its_time_place_and_link(world, meeting):
    response = world.client_for(world.member).get(
        reverse("meetings:ics", args=[world.regency.slug, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == meeting.title
    assert event.decoded("dtstart") == meeting.start.replace(microsecond=0)
    assert str(event["location"]) == meeting.place
    assert "https://zoom.example/j/1" in str(event["description"])


def test_the_regency_feed_has_its_meetings_and_no_one_elses(world, meeting):
    from tests.factories import MeetingFactory

    MeetingFactory(regency=world.other_regency, title="Rapat daerah lain")
    response = world.client_for(world.opd).get(
        reverse("meetings:feed", args=[world.regency.slug]))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [meeting.title]


