"""Follow-ups: assigned to an agency, updated by it, overdue ones stand out, reviewed later."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.choices import FollowUpStatus
from meetings.models import FollowUp
from tests.factories import FollowUpFactory, MeetingFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _url(name, world, *args):
    return reverse(f"meetings:{name}", args=[world.regency.slug, *args])


def test_secretariat_turns_a_decision_into_a_followup_linked_to_a_program(world, meeting):
    program = ProgramFactory(regency=world.regency, agency=world.agency, code="SG-01")
    response = world.client_for(world.secretariat).post(
        _url("followup_create", world, meeting.pk),
        {"description": "Menyusun Perbup aplikasi berbagi pakai", "agency": world.agency.pk,
         "due_date": "2030-12-31", "program": program.pk})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.agency, followup.program, followup.regency) == (
        world.agency, program, world.regency)


def test_a_followup_cannot_be_assigned_to_another_regencys_agency(world, meeting):
    from tests.factories import AgencyFactory

    foreign = AgencyFactory(regency=world.other_regency)
    response = world.client_for(world.secretariat).post(
        _url("followup_create", world, meeting.pk),
        {"description": "x", "agency": foreign.pk, "due_date": "2030-12-31"})
    assert response.status_code == 200 and not FollowUp.objects.exists()


def test_opd_sees_its_agencys_followups_and_not_another_agencys(world, meeting):
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Tugas Kominfo")
    FollowUpFactory(meeting=meeting, agency=world.other_agency, description="Tugas Dinkes")
    page = world.client_for(world.opd).get(_url("followup_list", world)).content.decode()
    assert "Tugas Kominfo" in page and "Tugas Dinkes" not in page
    detail = world.client_for(world.opd).get(meeting.get_absolute_url()).content.decode()
    assert "Tugas Kominfo" in detail and "Tugas Dinkes" not in detail
    page = world.client_for(world.secretariat).get(_url("followup_list", world)).content.decode()
    assert "Tugas Kominfo" in page and "Tugas Dinkes" in page


def test_the_assigned_opd_updates_status_and_progress_and_it_is_recorded(world, meeting):
    followup = FollowUpFactory(meeting=meeting, agency=world.agency)
    client = world.client_for(world.opd)
    response = client.post(_url("followup_update", world, followup.pk),
                           {"status": FollowUpStatus.DONE, "progress_note": ""}, follow=True)
    assert "catatan perkembangan sebelum menandai selesai" in response.content.decode()
    client.post(_url("followup_update", world, followup.pk),
                {"status": FollowUpStatus.IN_PROGRESS,
                 "progress_note": "Draf Perbup di Bagian Hukum"})
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.IN_PROGRESS
    page = client.get(followup.get_absolute_url()).content.decode()
    assert "Draf Perbup di Bagian Hukum" in page
    assert world.opd.get_full_name() in page and "Dalam proses" in page  # history: who, what


def test_another_opd_cannot_update_the_followup(world, meeting):
    followup = FollowUpFactory(meeting=meeting, agency=world.agency)
    response = world.client_for(world.other_opd).post(
        _url("followup_update", world, followup.pk),
        {"status": FollowUpStatus.DONE, "progress_note": "Bukan urusan saya"})
    assert response.status_code == 404
    assert world.client_for(world.member).post(
        _url("followup_update", world, followup.pk), {"status": "selesai"}).status_code == 403
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN


def test_overdue_followups_stand_out(world, meeting):
    yesterday = world.regency.local_today() - datetime.timedelta(days=1)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Terlambat",
                    due_date=yesterday)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Selesai lama",
                    due_date=yesterday, status=FollowUpStatus.DONE)
    client = world.client_for(world.opd)
    page = client.get(_url("followup_list", world), {"lewat": "1"}).content.decode()
    assert "Terlambat" in page and "Selesai lama" not in page
    assert 'class="table-danger"' in page and "lewat batas" in page


def test_open_followups_come_back_on_the_next_meetings_page(world, meeting):
    earlier = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=30))
    FollowUpFactory(meeting=earlier, agency=world.agency, description="Belum tuntas")
    FollowUpFactory(meeting=earlier, agency=world.agency, description="Sudah tuntas",
                    status=FollowUpStatus.DONE)
    page = world.client_for(world.member).get(meeting.get_absolute_url()).content.decode()
    review = page.split('id="tinjauan"', 1)[1].split('id="tindak-lanjut"', 1)[0]
    assert "Belum tuntas" in review and "Sudah tuntas" not in review


@pytest.mark.parametrize("user", ["secretariat", "opd"])
def test_the_followup_list_costs_the_same_queries_for_1_and_30(world, meeting, user,
                                                               django_assert_num_queries):
    client = world.client_for(getattr(world, user))
    FollowUpFactory(meeting=meeting, agency=world.agency)
    client.get(_url("followup_list", world))
    with django_assert_num_queries(QUERIES_FOLLOWUP_LIST):
        client.get(_url("followup_list", world))
    for _number in range(29):
        FollowUpFactory(meeting=meeting, agency=world.agency,
                        program=ProgramFactory(regency=world.regency, agency=world.agency))
    with django_assert_num_queries(QUERIES_FOLLOWUP_LIST):
        client.get(_url("followup_list", world))


QUERIES_FOLLOWUP_LIST = 6
