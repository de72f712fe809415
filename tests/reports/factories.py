"""Data for report tests and the benchmark: a regency with a year of council work."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from dewan.council.access import access_for
from dewan.council.choices import CouncilRole
from meetings.choices import AttendanceStatus, FollowUpStatus, MeetingStatus
from programs.choices import DIMENSIONS, ProgramStatus, ReportStatus
from programs.models import Dimension, EvidenceFile
from reports import index
from reports.choices import EvaluationAspect
from reports.models import EvaluationSummary, EvaluationYear, IndexAssessment
from reports.services import assessment_save
from tests.factories import (
    AgencyFactory,
    AttendanceFactory,
    CouncilMemberFactory,
    DecreeFactory,
    FollowUpFactory,
    MeetingFactory,
    MinutesFactory,
    ProgramFactory,
    ProgressReportFactory,
)

AGENCY_NAMES = ["Kominfo", "Bappeda", "Dinkes", "Disdik", "Dispar", "DLH", "Dishub", "BPKAD"]


@dataclass
class YearOfWork:
    regency: object
    programs: list
    meetings: list


def build_year_of_work(regency, *, programs: int = 12, year: int = 2024,
                       quarters: int = 4, meetings: int = 4) -> YearOfWork:
    """A council with a decree and members, `meetings` held meetings with attendance, minutes
    and follow-ups, and `programs` programs over the six dimensions with sent progress reports
    for `quarters` quarters (some verified with evidence, some with obstacles)."""
    agencies = [AgencyFactory(regency=regency, name=f"Dinas {n} {regency.slug}", short_name=n)
                for n in AGENCY_NAMES]
    decree = DecreeFactory(regency=regency, number="66", year=year - 1,
                           date_signed=datetime.date(year - 1, 3, 4))
    members = [CouncilMemberFactory(regency=regency, decree=decree, agency=agencies[i % 8],
                                    council_role=CouncilRole.CHAIR if i == 0
                                    else CouncilRole.MEMBER, order=i)
               for i in range(8)]
    made = [_meeting(regency, members, agencies, year, i) for i in range(meetings)]
    dimensions = ensure_dimensions()
    made_programs = [_program(regency, agencies, dimensions, year, i, quarters)
                     for i in range(programs)]
    return YearOfWork(regency=regency, programs=made_programs, meetings=made)


def ensure_dimensions() -> list[Dimension]:
    """The six dimensions (a transactional test's flush removes the migration's rows)."""
    for order, (code, name, _elements) in enumerate(DIMENSIONS, start=1):
        Dimension.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return list(Dimension.objects.order_by("order"))


def _meeting(regency, members, agencies, year, i):
    start = datetime.datetime(year, 2 + 3 * (i % 4), 10, 9, 0, tzinfo=regency.tzinfo)
    meeting = MeetingFactory(regency=regency, start=start,
                             end=start + datetime.timedelta(hours=2),
                             status=MeetingStatus.HELD, chair=members[0],
                             title=f"Rapat Dewan Smart City {i + 1}")
    for j, member in enumerate(members):
        status = AttendanceStatus.ABSENT if j % 4 == 3 else AttendanceStatus.PRESENT
        AttendanceFactory(meeting=meeting, member=member, guest_name="", guest_organisation="",
                          status=status)
    AttendanceFactory(meeting=meeting, guest_name="Narasumber Kementerian",
                      status=AttendanceStatus.ONLINE, is_resource_person=True)
    MinutesFactory(meeting=meeting, decisions=f"Keputusan {i + 1}: menyusun Perbup aplikasi.")
    FollowUpFactory(meeting=meeting, agency=agencies[i % 8], due_date=start.date()
                    + datetime.timedelta(days=20), status=FollowUpStatus.OPEN)
    return meeting


def _program(regency, agencies, dimensions, year, i, quarters):
    program = ProgramFactory(
        regency=regency, agency=agencies[i % 8], code=f"SC-{i + 1:03d}",
        name=f"Program layanan digital nomor {i + 1}", start_year=year, end_year=year + 1,
        planned_budget=50_000_000 + 1_000_000 * i,
        status=ProgramStatus.STALLED if i % 17 == 5 else ProgramStatus.RUNNING,
        dimensions=[dimensions[i % 6]] + ([dimensions[(i + 1) % 6]] if i % 5 == 0 else []),
    )
    for quarter in range(1, quarters + 1):
        status = ReportStatus.VERIFIED if (i + quarter) % 3 else ReportStatus.SUBMITTED
        report = ProgressReportFactory(
            program=program, year=year, quarter=quarter,
            physical_progress=min(100, 8 * quarter + i % 20), status=status,
            budget_realised=5_000_000 * quarter,
            obstacles="Jaringan internet belum stabil di kecamatan." if i % 7 == 0 else "",
            submitted_at=timezone.now(),
        )
        if status == ReportStatus.VERIFIED and i % 4:
            EvidenceFile.objects.create(report=report, file="evidence/bukti.pdf",
                                        original_name="bukti.pdf",
                                        content_type="application/pdf", size=1000)
    return program


def summary_for(regency, *, year=2024, quarter=3, **texts) -> EvaluationSummary:
    kind = "triwulan" if quarter else "tahunan"
    return EvaluationSummary.objects.create(regency=regency, kind=kind, year=year,
                                            quarter=quarter, **texts)


# --- the ministry's evaluation index --------------------------------------------------------

WEIGHTS = {"weight_baseline": 10, "weight_output": 20, "weight_outcome": 30,
           "weight_impact": 20, "weight_quick_win": 20}


def evaluation_year(year=2024, **weights) -> EvaluationYear:
    """The year's weights (the migration's 2021–2024 rows are gone after a flush)."""
    found, _created = EvaluationYear.objects.update_or_create(
        year=year, defaults={**WEIGHTS, **weights})
    return found


def scores_of(values, reason="Alasan penilaian.") -> dict:
    """Five aspect scores in the aspects' order, as the form hands them to the service."""
    return {index.aspect_key(aspect): (Decimal(str(value)), reason, {})
            for aspect, value in zip(EvaluationAspect.values, values, strict=True)}


def assess(regency, user, source, values, year=2024, **extra) -> IndexAssessment:
    """One side's five scores for the year (the service the form uses)."""
    return assessment_save(access=access_for(user, regency),
                           evaluation_year=evaluation_year(year), source=source, user=user,
                           scores=scores_of(values), **extra)
