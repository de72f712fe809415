"""What must never be stored is refused by the database itself, not only by forms."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from dewan.council.choices import Role
from dewan.council.models import RoleAssignment
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    DecreeFactory,
    EvaluationReportFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs) -> bool:
    """True when the database refuses the row."""
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("progress", [-1, 100.01, 150])
def test_progress_outside_0_to_100_is_refused(progress):
    assert refused(ProgressReportFactory, physical_progress=progress)


def test_progress_at_the_bounds_is_stored():
    program = ProgramFactory()
    ProgressReportFactory(program=program, quarter=1, physical_progress=0)
    ProgressReportFactory(program=program, quarter=2, physical_progress=100)
    assert program.reports.count() == 2


def test_negative_money_is_refused():
    assert refused(ProgramFactory, planned_budget=-1)
    assert refused(ProgressReportFactory, budget_realised=-5)


def test_meeting_ending_before_it_starts_is_refused():
    start = datetime.datetime(2024, 9, 12, 9, tzinfo=datetime.UTC)
    assert refused(MeetingFactory, start=start, end=start - datetime.timedelta(minutes=1))
    assert refused(MeetingFactory, start=start, end=start)


def test_program_ending_before_it_starts_is_refused():
    assert refused(ProgramFactory, start_year=2025, end_year=2024)


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_1_to_4_is_refused(quarter):
    assert refused(ProgressReportFactory, quarter=quarter)
    assert refused(EvaluationReportFactory, quarter=quarter)


def test_one_progress_report_per_program_and_quarter():
    report = ProgressReportFactory(year=2024, quarter=2)
    assert refused(ProgressReportFactory, program=report.program, year=2024, quarter=2)
    ProgressReportFactory(program=report.program, year=2024, quarter=3)


def test_one_decree_number_per_regency_and_year():
    decree = DecreeFactory(number="66", year=2024)
    assert refused(DecreeFactory, regency=decree.regency, number="66", year=2024)
    DecreeFactory(regency=decree.regency, number="66", year=2025)
    DecreeFactory(regency=RegencyFactory(), number="66", year=2024)


def test_opd_role_without_agency_is_refused():
    regency = RegencyFactory()
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.OPD, regency=regency)
    RoleAssignment.objects.create(user=user, role=Role.OPD, regency=regency,
                                  agency=AgencyFactory(regency=regency))


def test_secretariat_role_needs_a_regency_but_a_reviewer_may_be_national():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.SECRETARIAT)
    RoleAssignment.objects.create(user=user, role=Role.REVIEWER)


def test_attendance_is_a_member_or_a_named_guest():
    assert refused(AttendanceFactory, guest_name="")


def test_annual_report_has_no_quarter_and_quarterly_has_one():
    assert refused(EvaluationReportFactory, kind="tahunan", quarter=2)
    assert refused(EvaluationReportFactory, kind="triwulan", quarter=None)
    EvaluationReportFactory(kind="tahunan", quarter=None)


def test_ready_report_without_pdf_is_refused():
    assert refused(EvaluationReportFactory, status="siap")
