"""Each visibility rule holds on every page that lists its model.

The rules live in one place each (the querysets' `rule()`); these tests look at the pages a
user actually opens: lists, the dashboard, the overview, the exports and the history panels.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings import services as meeting_services
from meetings.models import Minutes
from programs.choices import ReportStatus
from tests.factories import FollowUpFactory, MeetingFactory, ProgramFactory, ProgressReportFactory
from tests.programs.factories import this_period

pytestmark = pytest.mark.django_db


def page(world, user, name, *args, **query) -> str:
    url = reverse(name, args=[world.regency.slug, *args])
    response = world.client_for(getattr(world, user)).get(url, query)
    assert response.status_code == 200, (user, url, response.status_code)
    return response.content.decode()


def export_text(world, user, name) -> str:
    url = reverse(name, args=[world.regency.slug])
    response = world.client_for(getattr(world, user)).get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


# --- an OPD's drafts stay with its agency -------------------------------------------------

@pytest.fixture
def draft(world):
    program = ProgramFactory(regency=world.regency, agency=world.agency, code="RAHASIA-01",
                             start_year=2020, end_year=2035)
    period = this_period(world.regency)
    return ProgressReportFactory(program=program, year=period.year, quarter=period.quarter,
                                 status=ReportStatus.DRAFT, physical_progress=77,
                                 achievements="Capaian draf RAHASIA")


@pytest.mark.parametrize("user", ["secretariat", "other_opd", "member", "reviewer"])
def test_a_draft_report_is_on_no_page_of_anyone_outside_its_agency(world, draft, user):
    program_page = page(world, user, "programs:detail", draft.program_id)
    assert reverse("programs:report_detail", args=[world.regency.slug, draft.pk]) \
        not in program_page
    assert "RAHASIA-01 " not in export_text(world, user, "programs:report_export")
    if user == "secretariat":
        queue = page(world, user, "programs:verification", status="")
        assert "RAHASIA-01" not in queue
    dashboard = page(world, user, "home:dashboard")
    assert "77,0" not in dashboard and "77.0" not in dashboard


def test_the_agency_sees_its_own_draft_everywhere(world, draft):
    assert reverse("programs:report_detail", args=[world.regency.slug, draft.pk]) \
        in page(world, "opd", "programs:detail", draft.program_id)
    assert "RAHASIA-01" in export_text(world, "opd", "programs:report_export")
    assert "RAHASIA-01" in page(world, "opd", "programs:quarter")


# --- follow-ups: an OPD sees its own agencies', the council all ---------------------------

@pytest.fixture
def overdue_of_other_agency(world):
    meeting = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=40))
    return FollowUpFactory(meeting=meeting, agency=world.other_agency,
                           description="Tugas DINKES-SAJA",
                           due_date=world.regency.local_today() - datetime.timedelta(days=5))


def test_an_opd_head_sees_no_other_agencys_followup_on_any_page(world,
                                                                 overdue_of_other_agency):
    followup = overdue_of_other_agency
    assert "DINKES-SAJA" not in page(world, "opd", "meetings:followup_list", status="")
    assert "DINKES-SAJA" not in page(world, "opd", "home:dashboard")
    assert "DINKES-SAJA" not in page(world, "opd", "meetings:detail", followup.meeting_id)
    later = MeetingFactory(regency=world.regency)
    assert "DINKES-SAJA" not in page(world, "opd", "meetings:detail", later.pk)
    overview = world.client_for(world.opd).get(
        reverse("home:overview", args=[world.regency.slug]))
    assert overview.context["overdue_followups"] == 0
    detail = reverse("meetings:followup_detail", args=[world.regency.slug, followup.pk])
    assert world.client_for(world.opd).get(detail).status_code == 404


@pytest.mark.parametrize("user", ["secretariat", "member", "reviewer", "other_opd"])
def test_the_council_and_the_assigned_agency_see_the_followup(world, overdue_of_other_agency,
                                                              user):
    assert "DINKES-SAJA" in page(world, user, "meetings:followup_list", status="")
    assert "DINKES-SAJA" in page(world, user, "home:dashboard")


def test_an_opd_head_on_the_council_reads_every_followup_but_updates_only_their_own(
        world, overdue_of_other_agency):
    from dewan.council.choices import Role
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(user=world.opd, role=Role.MEMBER, regency=world.regency)
    assert "DINKES-SAJA" in page(world, "opd", "meetings:followup_list", status="")
    update = reverse("meetings:followup_update",
                     args=[world.regency.slug, overdue_of_other_agency.pk])
    response = world.client_for(world.opd).post(update, {"date": "2025-01-02", "text": "x",
                                                         "propose_done": "on"})
    assert response.status_code == 403


# --- draft minutes are the secretariat's --------------------------------------------------

@pytest.fixture
def draft_minutes(world):
    meeting = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=2))
    meeting_services.minutes_save(meeting=meeting, discussion="Pembahasan DRAF-RAHASIA",
                                  decisions="")
    return Minutes.objects.get(meeting=meeting)


@pytest.mark.parametrize("user", ["opd", "member", "reviewer"])
def test_draft_minutes_show_on_no_page_but_the_secretariats(world, draft_minutes, user):
    meeting = draft_minutes.meeting
    detail = page(world, user, "meetings:detail", meeting.pk)
    assert "DRAF-RAHASIA" not in detail
    assert reverse("meetings:minutes", args=[world.regency.slug, meeting.pk]) not in detail
    assert "DRAF-RAHASIA" not in page(world, user, "meetings:list")
    minutes = reverse("meetings:minutes", args=[world.regency.slug, meeting.pk])
    assert world.client_for(getattr(world, user)).get(minutes).status_code == 404


def test_the_secretariat_reads_the_draft_and_its_history(world, draft_minutes):
    text = page(world, "secretariat", "meetings:minutes", draft_minutes.meeting_id)
    assert "DRAF-RAHASIA" in text


# --- reviewers read, never write ------------------------------------------------------------

def test_a_reviewer_is_offered_no_change_anywhere(world, draft_minutes):
    program = ProgramFactory(regency=world.regency, agency=world.agency)
    for name, args in [("meetings:detail", [draft_minutes.meeting_id]),
                       ("programs:detail", [program.pk]), ("council:decree_list", []),
                       ("programs:list", []), ("meetings:list", [])]:
        text = page(world, "reviewer", name, *args)
        assert "/ubah/" not in text and "/baru/" not in text, name


# --- minutes comments are the secretariat's and the attendees' -------------------------------

def test_minutes_comments_show_to_the_secretariat_and_the_attendees_only(world):
    from dewan.council.choices import Role
    from meetings.choices import AttendanceStatus
    from meetings.models import MinutesComment
    from tests.factories import CouncilMemberFactory, DecreeFactory, RoleAssignmentFactory

    meeting = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=2))
    decree = DecreeFactory(regency=world.regency)
    attendee = CouncilMemberFactory(regency=world.regency, decree=decree, user=world.member)
    meeting_services.attendance_prefill(meeting=meeting)
    meeting.attendances.update(status=AttendanceStatus.PRESENT)
    meeting_services.minutes_save(meeting=meeting, discussion="Isi", decisions="")
    minutes = meeting_services.minutes_circulate(minutes=Minutes.objects.get(meeting=meeting))
    MinutesComment.objects.create(regency=world.regency, minutes=minutes, author=world.member,
                                  text="KOMENTAR-PESERTA")
    RoleAssignmentFactory(user=world.other_opd, role=Role.MEMBER, regency=world.regency)
    assert attendee.user == world.member
    for user in ("secretariat", "member"):
        assert "KOMENTAR-PESERTA" in page(world, user, "meetings:minutes", meeting.pk)
    for user in ("opd", "other_opd"):  # they read the circulated minutes, not the comments
        assert "KOMENTAR-PESERTA" not in page(world, user, "meetings:minutes", meeting.pk)
