"""Follow-ups: assigned to an agency (which is told), reported on with dated notes and evidence,
proposed done by the agency and confirmed or reopened by the secretariat; the list filters by
agency, status, meeting and text; overdue ones stand out and are reminded once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dewan.core.models import Notification
from meetings import services
from meetings.choices import FollowUpEntryKind, FollowUpStatus
from meetings.models import FollowUp, FollowUpNotice
from meetings.reminders import followup_reminders_send
from tests.factories import FollowUpFactory, MeetingFactory, ProgramFactory
from tests.programs.factories import fake_pdf, pdf

pytestmark = pytest.mark.django_db


def _url(name, world, *args):
    return reverse(f"meetings:{name}", args=[world.regency.slug, *args])


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


@pytest.fixture
def followup(world, meeting):
    return FollowUpFactory(meeting=meeting, agency=world.agency,
                           due_date=datetime.date(2030, 12, 31))


def _note(world, followup, user="opd", **data):
    data = {"date": world.regency.local_today().isoformat(), "text": "Draf disusun", **data}
    return world.client_for(getattr(world, user)).post(_url("followup_update", world,
                                                            followup.pk), data)


def _review(world, followup, decision, comment="", user="secretariat"):
    return world.client_for(getattr(world, user)).post(
        _url("followup_review", world, followup.pk), {"decision": decision, "comment": comment})


# --- assigning ------------------------------------------------------------------------------

def test_secretariat_turns_a_decision_into_a_followup_and_the_agency_is_told(world, meeting):
    program = ProgramFactory(regency=world.regency, agency=world.agency, code="SG-01")
    response = world.client_for(world.secretariat).post(
        _url("followup_create", world, meeting.pk),
        {"description": "Menyusun Perbup aplikasi berbagi pakai", "agency": world.agency.pk,
         "due_date": "2030-12-31", "program": program.pk})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.agency, followup.program, followup.regency) == (
        world.agency, program, world.regency)
    [notice] = _told(world.opd, "meetings.followup_assigned")
    assert "31 Desember 2030" in notice.title and notice.link == followup.get_absolute_url()
    assert _told(world.other_opd, "meetings.followup_assigned") == []


def test_a_followup_cannot_be_assigned_to_another_regencys_agency(world, meeting):
    from tests.factories import AgencyFactory

    foreign = AgencyFactory(regency=world.other_regency)
    response = world.client_for(world.secretariat).post(
        _url("followup_create", world, meeting.pk),
        {"description": "x", "agency": foreign.pk, "due_date": "2030-12-31"})
    assert response.status_code == 400 and not FollowUp.objects.exists()


def test_a_due_date_before_the_meeting_is_refused_by_the_form_and_the_service(world, meeting):
    day_before = (timezone.localtime(meeting.start, world.regency.tzinfo).date()
                  - datetime.timedelta(days=1))
    response = world.client_for(world.secretariat).post(
        _url("followup_create", world, meeting.pk),
        {"description": "Terlambat sejak awal", "agency": world.agency.pk,
         "due_date": day_before.isoformat()})
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal rapat" in response.content.decode()
    with pytest.raises(services.DomainError):
        services.followup_create(meeting=meeting, description="x", agency=world.agency,
                                 due_date=day_before)
    assert not FollowUp.objects.exists() and not Notification.objects.exists()
    services.followup_create(meeting=meeting, description="Hari rapat", agency=world.agency,
                             due_date=day_before + datetime.timedelta(days=1))


def test_opd_sees_its_agencys_followups_and_not_another_agencys(world, meeting):
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Tugas Kominfo")
    FollowUpFactory(meeting=meeting, agency=world.other_agency, description="Tugas Dinkes")
    page = world.client_for(world.opd).get(_url("followup_list", world)).content.decode()
    assert "Tugas Kominfo" in page and "Tugas Dinkes" not in page
    detail = world.client_for(world.opd).get(meeting.get_absolute_url()).content.decode()
    assert "Tugas Kominfo" in detail and "Tugas Dinkes" not in detail
    page = world.client_for(world.secretariat).get(_url("followup_list", world)).content.decode()
    assert "Tugas Kominfo" in page and "Tugas Dinkes" in page


# --- the agency's notes -------------------------------------------------------------------------

def test_dated_notes_with_attachments_make_a_history_not_one_overwritten_note(
        world, followup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    yesterday = world.regency.local_today() - datetime.timedelta(days=1)
    _note(world, followup, date=yesterday.isoformat(), text="Draf Perbup di Bagian Hukum")
    _note(world, followup, text="Rapat harmonisasi selesai", attachment=pdf("berita.pdf"))
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.IN_PROGRESS
    first, second = followup.updates.all()
    assert (first.date, first.text, first.author) == (yesterday, "Draf Perbup di Bagian Hukum",
                                                      world.opd)
    assert second.attachment_name == "berita.pdf" and second.attachment_size > 0
    page = world.client_for(world.member).get(followup.get_absolute_url()).content.decode()
    assert "Draf Perbup di Bagian Hukum" in page and "Rapat harmonisasi selesai" in page
    download = world.client_for(world.member).get(
        _url("followup_attachment", world, followup.pk, second.pk))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert world.client_for(world.other_opd).get(
        _url("followup_attachment", world, followup.pk, second.pk)).status_code == 404


def test_an_attachment_that_is_not_what_it_claims_is_refused(world, followup, settings,
                                                             tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _note(world, followup, attachment=fake_pdf())
    assert "bukan jenis yang diizinkan" in _said(response)
    assert not followup.updates.exists()


def test_a_note_dated_in_the_future_is_refused(world, followup):
    tomorrow = world.regency.local_today() + datetime.timedelta(days=1)
    response = _note(world, followup, date=tomorrow.isoformat())
    assert "masa depan" in _said(response) and not followup.updates.exists()


def test_proposing_done_needs_evidence_and_tells_the_secretariat(world, followup, settings,
                                                                 tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _note(world, followup, text="Selesai", propose_done="on")
    assert "Lampirkan bukti" in _said(response)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN and not followup.updates.exists()
    _note(world, followup, text="Perbup ditandatangani", attachment=pdf("perbup.pdf"),
          propose_done="on")
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.PROPOSED
    assert followup.updates.get().kind == FollowUpEntryKind.PROPOSED
    [notice] = _told(world.secretariat, "meetings.followup_proposed")
    assert "mengusulkan tindak lanjut selesai" in notice.title


def test_the_agency_can_neither_confirm_nor_cancel_its_own_followup(world, followup):
    for decision in ("konfirmasi", "batal"):
        assert _review(world, followup, decision, "x", user="opd").status_code == 403
    assert world.client_for(world.other_opd).post(
        _url("followup_update", world, followup.pk), {"text": "x"}).status_code == 404
    assert world.client_for(world.member).post(
        _url("followup_update", world, followup.pk), {"text": "x"}).status_code == 403
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN


# --- the secretariat's decision ---------------------------------------------------------------

@pytest.fixture
def proposed(world, followup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _note(world, followup, text="Sudah selesai", attachment=pdf(), propose_done="on")
    followup.refresh_from_db()
    return followup


def test_the_secretariat_confirms_a_proposed_followup_and_the_agency_is_told(world, proposed):
    _review(world, proposed, "konfirmasi")
    proposed.refresh_from_db()
    assert proposed.status == FollowUpStatus.DONE
    assert proposed.updates.last().kind == FollowUpEntryKind.CONFIRMED
    [notice] = _told(world.opd, "meetings.followup_reviewed")
    assert notice.title == "Tindak lanjut dikonfirmasi selesai"
    response = _note(world, proposed, text="Catatan susulan")
    assert "sudah selesai" in _said(response)


def test_reopening_needs_a_comment_which_the_agency_reads(world, proposed):
    response = _review(world, proposed, "buka")
    assert "alasan membuka kembali" in _said(response)
    _review(world, proposed, "buka", "Lampirkan Perbup yang sudah diundangkan")
    proposed.refresh_from_db()
    assert proposed.status == FollowUpStatus.IN_PROGRESS
    [notice] = _told(world.opd, "meetings.followup_reviewed")
    assert "Lampirkan Perbup yang sudah diundangkan" in notice.body
    page = world.client_for(world.opd).get(proposed.get_absolute_url()).content.decode()
    assert "Dibuka kembali" in page and "Lampirkan Perbup yang sudah diundangkan" in page


def test_only_a_proposed_followup_can_be_confirmed(world, followup):
    response = _review(world, followup, "konfirmasi")
    assert "diusulkan selesai yang dapat dikonfirmasi" in _said(response)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN


def test_only_the_secretariat_cancels_and_says_why(world, followup):
    assert "alasan pembatalan" in _said(_review(world, followup, "batal"))
    _review(world, followup, "batal", "Tidak lagi diperlukan")
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.CANCELLED


# --- the list -----------------------------------------------------------------------------------

@pytest.fixture
def several(world, meeting):
    other_meeting = MeetingFactory(regency=world.regency, title="Rapat Koordinasi Bappeda",
                                   start=meeting.start - datetime.timedelta(days=60),
                                   end=meeting.start - datetime.timedelta(days=60, hours=-2))
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Perbup berbagi pakai")
    FollowUpFactory(meeting=meeting, agency=world.other_agency, description="Data kesehatan")
    FollowUpFactory(meeting=other_meeting, agency=world.other_agency,
                    description="Anggaran sensor banjir", status=FollowUpStatus.DONE)
    return other_meeting


def _listed(world, **query) -> str:
    response = world.client_for(world.secretariat).get(_url("followup_list", world), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_filters_by_agency_status_meeting_and_text(world, several):
    page = _listed(world)  # open ones by default
    assert "Perbup berbagi pakai" in page and "Anggaran sensor banjir" not in page
    page = _listed(world, agency=world.other_agency.pk, status="")
    assert "Data kesehatan" in page and "Anggaran sensor banjir" in page
    assert "Perbup berbagi pakai" not in page
    page = _listed(world, meeting=several.pk, status="")
    assert "Anggaran sensor banjir" in page and "Data kesehatan" not in page
    page = _listed(world, q="SENSOR", status=FollowUpStatus.DONE)
    assert "Anggaran sensor banjir" in page and "Perbup" not in page
    assert "Dinkes" in _listed(world, q="kesehatan")  # by text, agency shown


def test_bad_filter_values_are_ignored_with_a_message(world, several):
    response = world.client_for(world.secretariat).get(
        _url("followup_list", world), {"agency": "999999", "meeting": "x", "status": "aneh"})
    assert response.status_code == 200
    said = _said(response)
    assert "diabaikan" in said and "Instansi" in said and "Rapat" in said
    page = response.content.decode()
    assert "Perbup berbagi pakai" in page and "Anggaran sensor banjir" in page


def test_a_meeting_of_another_regency_is_not_a_filter_choice(world, several):
    foreign = MeetingFactory(regency=world.other_regency, title="Rapat Batang")
    page = _listed(world)
    assert "Rapat Batang" not in page
    assert "diabaikan" in _said(world.client_for(world.secretariat).get(
        _url("followup_list", world), {"meeting": foreign.pk}))


def test_overdue_followups_stand_out_and_a_proposed_one_is_not_overdue(world, meeting):
    yesterday = world.regency.local_today() - datetime.timedelta(days=1)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Terlambat",
                    due_date=yesterday)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Menunggu konfirmasi",
                    due_date=yesterday, status=FollowUpStatus.PROPOSED)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Selesai lama",
                    due_date=yesterday, status=FollowUpStatus.DONE)
    client = world.client_for(world.opd)
    page = client.get(_url("followup_list", world), {"lewat": "1"}).content.decode()
    assert "Terlambat" in page and "Selesai lama" not in page
    assert "Menunggu konfirmasi" not in page
    assert 'class="table-danger"' in page and "lewat batas" in page


def test_open_followups_come_back_on_the_next_meetings_page(world, meeting):
    earlier = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=30))
    FollowUpFactory(meeting=earlier, agency=world.agency, description="Belum tuntas")
    FollowUpFactory(meeting=earlier, agency=world.agency, description="Menunggu konfirmasi",
                    status=FollowUpStatus.PROPOSED)
    FollowUpFactory(meeting=earlier, agency=world.agency, description="Sudah tuntas",
                    status=FollowUpStatus.DONE)
    page = world.client_for(world.member).get(meeting.get_absolute_url()).content.decode()
    review = page.split('id="tinjauan"', 1)[1].split('id="tindak-lanjut"', 1)[0]
    assert "Belum tuntas" in review and "Menunggu konfirmasi" in review
    assert "Sudah tuntas" not in review


@pytest.mark.parametrize("user", ["secretariat", "opd"])
def test_the_followup_list_costs_the_same_queries_for_1_and_30(world, meeting, user,
                                                               django_assert_num_queries):
    client = world.client_for(getattr(world, user))
    FollowUpFactory(meeting=meeting, agency=world.agency)
    query = {"agency": world.agency.pk, "status": "", "q": "a"}  # every filter but one
    client.get(_url("followup_list", world))
    with django_assert_num_queries(QUERIES_FOLLOWUP_LIST):
        response = client.get(_url("followup_list", world), query)
    assert len(response.context["page"]) == 1
    for _number in range(29):
        FollowUpFactory(meeting=meeting, agency=world.agency,
                        program=ProgramFactory(regency=world.regency, agency=world.agency))
    with django_assert_num_queries(QUERIES_FOLLOWUP_LIST):
        response = client.get(_url("followup_list", world), query)
    assert len(response.context["page"]) == 30


# session and user, the roles (with the regency), the chosen agency checked, the count and
# the page of follow-ups, the bell, the agency and meeting choices of the filter form (was 6
# before the filters and the bell, 10 before the regency came with the roles)
QUERIES_FOLLOWUP_LIST = 9


# --- reminders -------------------------------------------------------------------------------

def test_the_agency_is_reminded_once_three_days_before_and_once_when_overdue(world, meeting):
    today = world.regency.local_today()
    soon = FollowUpFactory(meeting=meeting, agency=world.agency, description="Segera",
                           due_date=today + datetime.timedelta(days=3))
    later = FollowUpFactory(meeting=meeting, agency=world.agency, description="Nanti",
                            due_date=today + datetime.timedelta(days=4))
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Diusulkan",
                    due_date=today - datetime.timedelta(days=1),
                    status=FollowUpStatus.PROPOSED)
    assert followup_reminders_send(regency_id=world.regency.pk, today=today) == 1
    assert followup_reminders_send(regency_id=world.regency.pk, today=today) == 0
    [due] = _told(world.opd, "meetings.followup_due")
    assert "3 hari lagi" in due.title and due.link == soon.get_absolute_url()
    after = soon.due_date + datetime.timedelta(days=1)
    assert followup_reminders_send(regency_id=world.regency.pk, today=after) == 2
    assert followup_reminders_send(regency_id=world.regency.pk, today=after) == 0
    overdue = _told(world.opd, "meetings.followup_overdue")
    assert [n.link for n in overdue] == [soon.get_absolute_url()]
    assert FollowUpNotice.objects.filter(followup=later).count() == 1  # due, in the window


def test_the_followup_reminder_is_in_the_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    from meetings.schedules import FOLLOWUP_REMINDER_NAME, FOLLOWUP_REMINDER_TASK

    task = PeriodicTask.objects.get(name=FOLLOWUP_REMINDER_NAME)
    assert task.task == FOLLOWUP_REMINDER_TASK and task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
