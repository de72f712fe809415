""""Tugas saya": every role lands on its own task list (the OPD head on their reports and
follow-ups, not on the council's overview), and each list holds only what the user may see."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dewan.council.choices import Role
from meetings import services as meeting_services
from meetings.choices import AttendanceStatus, FollowUpEntryKind, FollowUpStatus
from meetings.models import FollowUpUpdate, Minutes, MinutesComment
from programs.choices import ReportStatus
from programs.periods import current_period, period_ensure
from reports.choices import RenderStatus, ReportStage
from tests.factories import (
    CouncilMemberFactory,
    DecreeFactory,
    EvaluationReportFactory,
    FollowUpFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def tasks_page(world, user) -> str:
    response = world.client_for(getattr(world, user) if isinstance(user, str) else user).get(
        reverse("home:tasks", args=[world.regency.slug]))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, name: str) -> str:
    """The part of the page of one role's tasks."""
    return page.split(f'class="mb-4 tasks-{name}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def reports(world):
    """A program of each agency; the OPD's previous-quarter report was returned."""
    now = current_period(world.regency)
    earlier = period_ensure(regency=world.regency, period=now.period.previous())
    mine = ProgramFactory(regency=world.regency, agency=world.agency, code="KOM-01",
                          name="Aplikasi layanan terpadu", start_year=2020, end_year=2035)
    theirs = ProgramFactory(regency=world.regency, agency=world.other_agency, code="KES-01",
                            start_year=2020, end_year=2035)
    ProgressReportFactory(program=mine, year=earlier.year, quarter=earlier.quarter,
                          status=ReportStatus.RETURNED,
                          review_comment="Lampirkan SK tim pelaksana.")
    ProgressReportFactory(program=theirs, year=now.year, quarter=now.quarter,
                          status=ReportStatus.SUBMITTED)
    return mine, theirs


def test_home_of_an_opd_head_is_their_task_list(world):
    response = world.client_for(world.opd).get("/", follow=True)
    assert response.request["PATH_INFO"] == reverse("home:tasks", args=[world.regency.slug])
    assert "Tugas saya" in response.content.decode()


def test_the_opd_sees_the_previous_quarters_returned_report_with_its_comment(world, reports):
    mine, _theirs = reports
    opd = section(tasks_page(world, "opd"), "opd")
    fix = opd.split('id="laporan-diperbaiki"', 1)[1].split('id="laporan-diisi"', 1)[0]
    assert "KOM-01" in fix and "Lampirkan SK tim pelaksana." in fix
    fill = opd.split('id="laporan-diisi"', 1)[1]
    assert "KOM-01" in fill and "Isi laporan" in fill  # this period's report still missing
    assert "KES-01" not in opd
    assert "tasks-secretariat" not in tasks_page(world, "opd")


def test_the_opd_sees_its_followups_due_overdue_and_reopened(world):
    meeting = MeetingFactory(regency=world.regency,
                             start=timezone.now() - datetime.timedelta(days=20))
    yesterday = world.regency.local_today() - datetime.timedelta(days=1)
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Terlambat ini",
                    due_date=yesterday)
    reopened = FollowUpFactory(meeting=meeting, agency=world.agency, description="Dibuka lagi",
                               status=FollowUpStatus.IN_PROGRESS)
    FollowUpUpdate.objects.create(followup=reopened, kind=FollowUpEntryKind.REOPENED,
                                  date=yesterday, text="Foto kegiatan belum ada")
    FollowUpFactory(meeting=meeting, agency=world.agency, description="Menunggu sekretariat",
                    status=FollowUpStatus.PROPOSED)
    FollowUpFactory(meeting=meeting, agency=world.other_agency, description="Urusan Dinkes")
    opd = section(tasks_page(world, "opd"), "opd")
    mine = opd.split('id="tindak-lanjut-saya"', 1)[1]
    assert "Terlambat ini" in mine and "lewat batas waktu" in mine
    assert "Foto kegiatan belum ada" in mine
    assert "Menunggu sekretariat" not in mine and "Urusan Dinkes" not in mine


def test_the_secretariat_sees_reports_minutes_followups_and_a_lapsing_decree(world, reports):
    DecreeFactory(regency=world.regency, date_signed=datetime.date(2024, 3, 1),
                  valid_until=world.regency.local_today() + datetime.timedelta(days=30))
    past = timezone.now() - datetime.timedelta(days=3)
    unwritten = MeetingFactory(regency=world.regency, title="Rapat tanpa notulen", start=past,
                               end=past + datetime.timedelta(hours=2))
    circulated = MeetingFactory(regency=world.regency, title="Rapat notulen beredar",
                                start=past, end=past + datetime.timedelta(hours=2))
    meeting_services.minutes_save(meeting=circulated, discussion="Isi", decisions="")
    minutes = meeting_services.minutes_circulate(minutes=Minutes.objects.get(
        meeting=circulated))
    MinutesComment.objects.create(regency=world.regency, minutes=minutes, author=world.member,
                                  text="Koreksi")
    FollowUpFactory(meeting=unwritten, agency=world.other_agency, description="Usul selesai",
                    status=FollowUpStatus.PROPOSED)
    FollowUpFactory(meeting=unwritten, agency=world.agency, description="Telat sekali",
                    due_date=world.regency.local_today() - datetime.timedelta(days=2))
    sec = section(tasks_page(world, "secretariat"), "secretariat")
    assert "SK yang berlaku akan berakhir" in sec
    assert "KES-01" in sec and "1 laporan progres menunggu verifikasi" in sec
    assert "Rapat tanpa notulen" in sec and "Rapat notulen beredar" in sec
    assert "1 komentar terbuka" in sec
    assert "Usul selesai" in sec and "Telat sekali" in sec


def test_a_member_sees_the_circulated_minutes_of_meetings_they_attended(world):
    decree = DecreeFactory(regency=world.regency, date_signed=datetime.date(2024, 3, 1))
    CouncilMemberFactory(regency=world.regency, decree=decree, agency=world.agency,
                         user=world.member)
    past = timezone.now() - datetime.timedelta(days=2)
    attended = meeting_services.meeting_create(regency=world.regency, data={
        "title": "Rapat yang dihadiri", "start": past, "end": past + datetime.timedelta(hours=1),
        "place": "Aula"})
    missed = meeting_services.meeting_create(regency=world.regency, data={
        "title": "Rapat yang dilewatkan", "start": past,
        "end": past + datetime.timedelta(hours=1), "place": "Aula"})
    for meeting, status in ((attended, AttendanceStatus.PRESENT),
                            (missed, AttendanceStatus.ABSENT)):
        meeting.attendances.update(status=status)
        meeting_services.minutes_save(meeting=meeting, discussion="Isi", decisions="")
        meeting_services.minutes_circulate(minutes=Minutes.objects.get(meeting=meeting))
    member = section(tasks_page(world, "member"), "member")
    assert "Rapat yang dihadiri" in member and "Rapat yang dilewatkan" not in member


def test_a_reviewer_sees_new_reports_until_downloaded_here_and_on_the_national_page(world):
    final = {"stage": ReportStage.FINAL, "approved_at": timezone.now()}
    report = EvaluationReportFactory(regency=world.regency, status=RenderStatus.READY,
                                     sha256="0" * 64, size=10, page_count=3,
                                     finished_at=timezone.now(), number="050/001/X", **final)
    EvaluationReportFactory(regency=world.regency, quarter=2, status=RenderStatus.READY,
                            sha256="1" * 64, size=10, page_count=3, number="050/002/X",
                            finished_at=timezone.now() - datetime.timedelta(days=200), **final)
    # A draft is the regency's own business: not news for the ministry.
    EvaluationReportFactory(regency=world.regency, quarter=1, status=RenderStatus.READY,
                            sha256="2" * 64, size=10, page_count=3, finished_at=timezone.now())
    reviewer = section(tasks_page(world, "reviewer"), "reviewer")
    assert "1 laporan evaluasi baru" in reviewer and report.period_label in reviewer
    national = world.client_for(world.reviewer).get(reverse("national:overview"))
    assert "1 laporan evaluasi baru" in national.content.decode()
    from reports.models import ReportDownload

    ReportDownload.objects.create(report=report, user=world.reviewer)
    assert "0 laporan evaluasi baru" in section(tasks_page(world, "reviewer"), "reviewer")


def test_a_user_with_two_roles_gets_both_lists(world, reports):
    RoleAssignmentFactory(user=world.opd, role=Role.MEMBER, regency=world.regency)
    page = tasks_page(world, "opd")
    assert "tasks-opd" in page and "tasks-member" in page


@pytest.mark.parametrize("user", ["opd", "secretariat", "member", "reviewer"])
def test_the_task_list_costs_the_same_queries_for_few_and_many_tasks(world, user):
    client = world.client_for(getattr(world, user))
    url = reverse("home:tasks", args=[world.regency.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    versions = itertools.count(1)

    def work(number: int) -> None:
        past = timezone.now() - datetime.timedelta(days=2)
        now = current_period(world.regency)
        for index in range(number):
            program = ProgramFactory(regency=world.regency, agency=world.agency,
                                     start_year=2020, end_year=2035)
            ProgressReportFactory(program=program, year=now.year, quarter=now.quarter,
                                  status=ReportStatus.RETURNED if index % 2
                                  else ReportStatus.SUBMITTED, review_comment="x")
            meeting = MeetingFactory(regency=world.regency, start=past,
                                     end=past + datetime.timedelta(hours=1))
            FollowUpFactory(meeting=meeting, agency=world.agency,
                            due_date=world.regency.local_today() - datetime.timedelta(days=1))
            EvaluationReportFactory(regency=world.regency, version=next(versions),
                                    status=RenderStatus.READY, sha256="0" * 64, size=1,
                                    finished_at=timezone.now())

    work(1)
    few = count()
    work(12)
    assert count() == few == QUERIES_TASKS[user]


# The request's own (session, user, roles with the regency, bell) and each list's one query:
# a list of the first few and its count are read together (dewan/core/queries.py). Was
# opd 11, secretariat 14, member 6 and reviewer 7 before; a national reviewer's regency is
# still read.
QUERIES_TASKS = {"opd": 9, "secretariat": 11, "member": 5, "reviewer": 6}


def test_the_counts_beside_the_first_few_count_every_waiting_row(world):
    """The lists show the first five; the count read with them counts every row."""
    now = current_period(world.regency)
    past = timezone.now() - datetime.timedelta(days=2)
    meeting = MeetingFactory(regency=world.regency, start=past,
                             end=past + datetime.timedelta(hours=1))
    for _ in range(7):
        program = ProgramFactory(regency=world.regency, agency=world.agency,
                                 start_year=2020, end_year=2035)
        ProgressReportFactory(program=program, year=now.year, quarter=now.quarter,
                              status=ReportStatus.SUBMITTED)
        FollowUpFactory(meeting=meeting, agency=world.agency, status=FollowUpStatus.PROPOSED)
        FollowUpFactory(meeting=meeting, agency=world.agency)
    sec = section(tasks_page(world, "secretariat"), "secretariat")
    assert "7 laporan progres menunggu verifikasi" in sec
    assert "7 menunggu konfirmasi" in sec
    opd = section(tasks_page(world, "opd"), "opd")
    assert "7 tindak lanjut menunggu instansi Anda" in opd


def test_another_regencys_user_cannot_open_the_task_list(world):
    other = UserFactory(username="sekretariat-batang")
    RoleAssignmentFactory(user=other, role=Role.SECRETARIAT, regency=world.other_regency)
    assert world.client_for(other).get(
        reverse("home:tasks", args=[world.regency.slug])).status_code == 404
