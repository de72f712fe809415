"""Every meetings URL against every kind of user (tests/matrix.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import MeetingAttachment, Minutes
from tests.factories import FollowUpFactory
from tests.matrix import assert_matrix

pytestmark = pytest.mark.django_db

EVERYONE = {"secretariat", "opd", "other_opd", "member", "reviewer"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(name, world, *args):
    return reverse(f"meetings:{name}", args=[world.regency.slug, *args])


def test_meeting_pages_are_open_to_the_regency_and_managed_by_the_secretariat(world, meeting):
    for name, args in [("list", []), ("detail", [meeting.pk]), ("attendance", [meeting.pk]),
                       ("ics", [meeting.pk]), ("feed", []), ("followup_list", [])]:
        assert_matrix(world, _url(name, world, *args), allowed=EVERYONE)
    for name, args in [("create", []), ("edit", [meeting.pk]), ("minutes_edit", [meeting.pk]),
                       ("followup_create", [meeting.pk])]:
        assert_matrix(world, _url(name, world, *args), allowed={"secretariat"})


def test_every_change_is_a_post_for_the_secretariat_only(world, meeting):
    item = services.agenda_item_add(meeting=meeting, title="Pembukaan")
    row = meeting.attendances.first()
    for name, args in [("agenda_add", [meeting.pk]), ("agenda_remove", [meeting.pk, item.pk]),
                       ("agenda_move", [meeting.pk, item.pk, "turun"]),
                       ("guest_add", [meeting.pk]), ("attendance_prefill", [meeting.pk]),
                       ("attendance_remove", [meeting.pk, row.pk]), ("invite", [meeting.pk]),
                       ("invite_retry", [meeting.pk]),
                       ("minutes_circulate", [meeting.pk]), ("minutes_approve", [meeting.pk]),
                       ("attachment_add", [meeting.pk])]:
        assert_matrix(world, _url(name, world, *args), allowed={"secretariat"}, method="post",
                      ok_status=(200, 302, 404))
    assert_matrix(world, _url("attendance", world, meeting.pk), allowed={"secretariat"},
                  method="post")


def test_draft_minutes_exist_only_for_the_secretariat(world, meeting):
    services.minutes_save(meeting=meeting, discussion="Draf", decisions="")
    assert_matrix(world, _url("minutes", world, meeting.pk), allowed={"secretariat"},
                  hidden={"opd", "other_opd", "member", "reviewer"})


def test_approved_minutes_and_their_pdf_are_open_to_the_regency(world, held_meeting):
    meeting = held_meeting
    services.minutes_save(meeting=meeting, discussion="Isi", decisions="")
    minutes = services.minutes_circulate(minutes=Minutes.objects.get(meeting=meeting))
    services.minutes_approve(minutes=minutes, by=world.secretariat)
    for name in ("minutes", "minutes_pdf"):
        assert_matrix(world, _url(name, world, meeting.pk), allowed=EVERYONE)


def test_attachments_download_for_the_regency_and_are_removed_by_the_secretariat(world, meeting):
    upload = SimpleUploadedFile("paparan.pdf", PDF_BYTES, content_type="application/pdf")
    attachment = services.attachment_add(meeting=meeting, upload=upload,
                                         content_type="application/pdf", title="Paparan",
                                         by=world.secretariat)
    assert_matrix(world, _url("attachment_download", world, meeting.pk, attachment.pk),
                  allowed=EVERYONE)
    assert_matrix(world, _url("attachment_remove", world, meeting.pk, attachment.pk),
                  allowed={"secretariat"}, method="post")
    assert not MeetingAttachment.objects.exists()


def test_a_followup_is_seen_by_its_agency_and_hidden_from_other_opds(world, meeting):
    followup = FollowUpFactory(meeting=meeting, agency=world.agency)
    assert_matrix(world, _url("followup_detail", world, followup.pk),
                  allowed={"secretariat", "opd", "member", "reviewer"}, hidden={"other_opd"})
    assert_matrix(world, _url("followup_update", world, followup.pk),
                  allowed={"secretariat", "opd"}, hidden={"other_opd"}, method="post",
                  data={"date": "2025-01-02", "text": "Draf Perbup disusun"})
    assert_matrix(world, _url("followup_review", world, followup.pk),
                  allowed={"secretariat"}, method="post",
                  data={"decision": "batal", "comment": "Tidak diperlukan lagi"})


def test_the_personal_calendar_link_works_without_login_until_the_role_is_withdrawn(world,
                                                                                    meeting):
    from django.test import Client

    from meetings.views.calendar import feed_link

    link = feed_link(world.member, world.regency)
    response = Client().get(link)
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content
    assert Client().get(link.replace("/kalender/", "/kalender/x")).status_code == 404
    other = link.replace(world.regency.slug, world.other_regency.slug)
    assert Client().get(other).status_code == 404
    world.member.role_assignments.all().delete()
    assert Client().get(link).status_code == 404
