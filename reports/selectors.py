"""Read side of the reports app: the national overview, a regency's figures, its reports.

`regency_rows()` answers for any number of regencies with the same fixed number of queries
(one per figure, grouped by regency); the overview's query count is pinned by a test.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from dewan.models import Regency
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from programs.choices import DIMENSIONS, ReportStatus
from programs.models import Program, ProgressReport, ReportingPeriod, quarter_end

from .choices import RenderStatus, ReportKind
from .models import EvaluationReport
from .periods import Period

DIMENSION_NAMES = [(code, name) for code, name, _elements in DIMENSIONS]


@dataclass
class RegencyRow:
    """One line of the national overview."""

    regency: Regency
    dimension_progress: dict[str, float | None] = field(default_factory=dict)
    programs: int = 0
    last_meeting: datetime.datetime | None = None
    meetings_this_year: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    latest_report: EvaluationReport | None = None

    @property
    def progress(self) -> float | None:
        values = [v for v in self.dimension_progress.values() if v is not None]
        return round(sum(values) / len(values), 1) if values else None

    @property
    def on_time_share(self) -> float | None:
        if not self.reports_due:
            return None
        return round(100 * self.reports_on_time / self.reports_due, 1)

    @property
    def progress_cells(self) -> list[float | None]:
        return [self.dimension_progress.get(code) for code, _name in DIMENSION_NAMES]


def regency_rows(*, regencies: QuerySet[Regency], year: int,
                 now: datetime.datetime | None = None) -> list[RegencyRow]:
    """The overview's figures for the regencies, in the queryset's order."""
    now = now or timezone.now()
    rows = {r.pk: RegencyRow(regency=r) for r in regencies}
    ids = list(rows)
    _add_progress(rows, ids, year)
    _add_meetings(rows, ids, year, now)
    _add_punctuality(rows, ids, year, now.date())
    _add_latest_reports(rows, ids)
    return list(rows.values())


def _add_progress(rows: dict[int, RegencyRow], ids: list[int], year: int) -> None:
    """Average, per dimension, of each program's latest sent progress in the year (0 if none)."""
    latest: dict[int, float] = {}
    reports = (ProgressReport.objects.filter(regency_id__in=ids, year=year)
               .exclude(status=ReportStatus.DRAFT)
               .order_by("program_id", "-quarter")
               .values_list("program_id", "physical_progress"))
    for program_id, progress in reports:
        latest.setdefault(program_id, float(progress))
    sums: dict[tuple[int, str], list[float]] = defaultdict(list)
    tagged = Program.dimensions.through.objects.filter(program__regency_id__in=ids).values_list(
        "program_id", "program__regency_id", "dimension__code")
    programs_of: dict[int, set[int]] = defaultdict(set)
    for program_id, regency_id, code in tagged:
        sums[(regency_id, code)].append(latest.get(program_id, 0.0))
        programs_of[regency_id].add(program_id)
    for regency_id, row in rows.items():
        row.programs = len(programs_of[regency_id])
        for code, _name in DIMENSION_NAMES:
            values = sums.get((regency_id, code))
            row.dimension_progress[code] = round(sum(values) / len(values), 1) if values else None


def _add_meetings(rows, ids, year, now) -> None:
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())
    end = datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())
    held = Q(start__lt=now)
    figures = (Meeting.objects.filter(regency_id__in=ids).exclude(status=MeetingStatus.CANCELLED)
               .values("regency_id")
               .annotate(last=Max("start", filter=held),
                         this_year=Count("pk", filter=held & Q(start__gte=start, start__lt=end))))
    for figure in figures:
        row = rows[figure["regency_id"]]
        row.last_meeting, row.meetings_this_year = figure["last"], figure["this_year"]


def _add_punctuality(rows, ids, year, today: datetime.date) -> None:
    """Reports due in the year's quarters whose deadline has passed, and those sent in time.

    Due: one report per program running that year (start_year ≤ year ≤ end_year) per quarter.
    """
    deadlines = {(p.regency_id, p.quarter): p.deadline
                 for p in ReportingPeriod.objects.filter(regency_id__in=ids, year=year)}
    running = dict(Program.objects.filter(regency_id__in=ids, start_year__lte=year,
                                          end_year__gte=year)
                   .values("regency_id").annotate(n=Count("pk")).values_list("regency_id", "n"))
    sent = (ProgressReport.objects.filter(regency_id__in=ids, year=year,
                                          submitted_at__isnull=False)
            .values_list("regency_id", "quarter", "submitted_at"))
    due_quarters: dict[int, set[int]] = {}
    for regency_id, row in rows.items():
        due_quarters[regency_id] = {
            q for q in range(1, 5)
            if today > deadlines.get((regency_id, q), _default_deadline(row.regency, year, q))}
        row.reports_due = running.get(regency_id, 0) * len(due_quarters[regency_id])
    for regency_id, quarter, submitted_at in sent:
        if quarter not in due_quarters[regency_id]:
            continue
        row = rows[regency_id]
        deadline = deadlines.get((regency_id, quarter),
                                 _default_deadline(row.regency, year, quarter))
        if timezone.localtime(submitted_at, row.regency.tzinfo).date() <= deadline:
            row.reports_on_time += 1


def _default_deadline(regency: Regency, year: int, quarter: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=regency.report_deadline_days)


def _add_latest_reports(rows, ids) -> None:
    ready = EvaluationReport.objects.filter(regency_id__in=ids, status=RenderStatus.READY)
    for report in ready:
        row = rows[report.regency_id]
        if row.latest_report is None or _recency(report) > _recency(row.latest_report):
            row.latest_report = report


def _recency(report: EvaluationReport) -> tuple:
    """Later period first; at the same end, the annual report; then the newest version."""
    return (report.year, report.quarter or 4, report.kind == ReportKind.ANNUAL, report.version)


def national_dimension_averages(rows: list[RegencyRow]) -> list[tuple[str, float | None]]:
    """Per dimension, the average of the regencies' averages (each regency weighs the same)."""
    result = []
    for code, name in DIMENSION_NAMES:
        values = [r.dimension_progress[code] for r in rows
                  if r.dimension_progress.get(code) is not None]
        result.append((name, round(sum(values) / len(values), 1) if values else None))
    return result


SORTS = {
    "nama": (lambda r: r.regency.name, False),
    "progres": (lambda r: (r.progress is not None, r.progress or 0), True),
    "rapat": (lambda r: r.meetings_this_year, True),
    "tepat-waktu": (lambda r: (r.on_time_share is not None, r.on_time_share or 0), True),
    "rapat-terakhir": (lambda r: (r.last_meeting is not None,
                                  r.last_meeting or datetime.datetime.min.replace(
                                      tzinfo=datetime.UTC)), True),
}


def filter_and_sort(rows: list[RegencyRow], *, without_report: bool = False,
                    min_progress: float | None = None, sort: str = "nama") -> list[RegencyRow]:
    """Filters that need the computed figures, then the chosen order."""
    if without_report:
        rows = [r for r in rows if r.latest_report is None]
    if min_progress is not None:
        rows = [r for r in rows if (r.progress or 0) >= min_progress]
    key, reverse = SORTS.get(sort, SORTS["nama"])
    return sorted(rows, key=key, reverse=reverse)


# --- a regency's reports -----------------------------------------------------------------------


@dataclass
class PeriodReports:
    """The versions of one period's report, newest first."""

    period: Period
    versions: list[EvaluationReport]

    @property
    def latest_ready(self) -> EvaluationReport | None:
        return next((r for r in self.versions if r.status == RenderStatus.READY), None)


def reports_by_period(*, reports: QuerySet[EvaluationReport]) -> list[PeriodReports]:
    """The reports grouped by period, latest period first (one query)."""
    ordered = sorted(reports.select_related("regency"),
                     key=lambda r: (_recency(r)[:3], r.version), reverse=True)
    return [PeriodReports(period=period, versions=list(group))
            for period, group in groupby(ordered, key=Period.of)]


def report_versions(*, report: EvaluationReport) -> QuerySet[EvaluationReport]:
    """All versions of the report's period, newest first."""
    return EvaluationReport.objects.filter(
        regency_id=report.regency_id, kind=report.kind, year=report.year, quarter=report.quarter
    ).order_by("-version")


def selectable_periods(*, today: datetime.date, quarters: int = 8) -> list[Period]:
    """Periods a report can be asked for: the current and past quarters, and recent years."""
    current = Period(ReportKind.QUARTERLY, today.year, (today.month - 1) // 3 + 1)
    periods, year, quarter = [], current.year, current.quarter
    for _ in range(quarters):
        periods.append(Period(ReportKind.QUARTERLY, year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    periods += [Period(ReportKind.ANNUAL, today.year - i) for i in range(3)]
    return periods
