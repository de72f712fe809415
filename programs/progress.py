"""A program's progress in a period: the one rule of every page and document.

What goes to the ministry counts **verified** reports only. A program's progress in a period
is its latest verified progress report up to the period's last quarter (physical progress is
cumulative, so an earlier year's verified report still stands); its budget realised comes from
the same report. A program without a verified report has no progress figure: it is left out
of every average and counted as "without verified data", so an average never mixes missing
data with 0 %.

The regency's own dashboard shows, beside the verified figures and marked as such, what has
been submitted but not yet verified (`with_pending_progress`).

The dashboard, the programs list, the regency overview, the reviewers' national overview and
regency page, the exports and the evaluation report all read progress through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery

from dewan.core.calendar import Period

from .choices import ReportStatus
from .models import Program, ProgressReport


def _up_to(period: Period) -> Q:
    return Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.last_quarter)


def _latest(period: Period, status: str) -> QuerySet[ProgressReport]:
    """For Subquery: the outer program's latest report of the status up to the period."""
    return (ProgressReport.objects.filter(program=OuterRef("pk"), status=status)
            .filter(_up_to(period)).order_by("-year", "-quarter"))


def with_verified_progress(programs: QuerySet[Program], period: Period) -> QuerySet[Program]:
    """Annotate `progress`, `realised` and `progress_report_id` from each program's latest
    verified report up to the period (None when it has none)."""
    latest = _latest(period, ReportStatus.VERIFIED)
    return programs.annotate(
        progress=Subquery(latest.values("physical_progress")[:1]),
        realised=Subquery(latest.values("budget_realised")[:1]),
        progress_report_id=Subquery(latest.values("pk")[:1]),
    )


def with_pending_progress(programs: QuerySet[Program], period: Period) -> QuerySet[Program]:
    """Annotate `pending_progress`: the program's latest report up to the period that is
    submitted and waits for verification (None when there is none)."""
    latest = _latest(period, ReportStatus.SUBMITTED)
    return programs.annotate(pending_progress=Subquery(latest.values("physical_progress")[:1]))


@dataclass
class ProgressFigures:
    """Programs, their verified progress and budget, summed for a dimension or a regency."""

    programs: int = 0
    reported: int = 0
    progress_sum: Decimal = Decimal(0)
    planned: int = 0
    realised: int = 0
    pending: int = 0
    pending_sum: Decimal = Decimal(0)

    def add(self, *, progress, planned: int = 0, realised=None, pending=None) -> None:
        """Count one program (`progress` None: no verified report)."""
        self.programs += 1
        self.planned += planned or 0
        if progress is not None:
            self.reported += 1
            self.progress_sum += Decimal(progress)
            self.realised += realised or 0
        if pending is not None:
            self.pending += 1
            self.pending_sum += Decimal(pending)

    @property
    def average(self) -> Decimal | None:
        """Mean verified progress of the programs that have one (None when none has)."""
        return self.progress_sum / self.reported if self.reported else None

    @property
    def average_rounded(self) -> float | None:
        return None if self.average is None else round(float(self.average), 1)

    @property
    def pending_average(self) -> Decimal | None:
        return self.pending_sum / self.pending if self.pending else None

    @property
    def unreported(self) -> int:
        return self.programs - self.reported

    @property
    def realisation_rate(self) -> Decimal | None:
        return Decimal(self.realised * 100) / self.planned if self.planned else None


# The same rule in one SQL statement, for many regencies at once (the national overview).
# For each program of the regencies, its latest verified report up to the period (a window
# function: rank 1 per program by year and quarter, newest first), joined to the program's
# dimensions and summed per regency and dimension. Nothing per program reaches Python.
_BY_REGENCY_AND_DIMENSION = """
WITH latest AS (
    SELECT program_id, physical_progress,
           ROW_NUMBER() OVER (PARTITION BY program_id ORDER BY year DESC, quarter DESC) AS rank
    FROM programs_progressreport
    WHERE status = %(verified)s AND regency_id IN ({regencies})
      AND (year < %(year)s OR (year = %(year)s AND quarter <= %(quarter)s))
)
SELECT program.regency_id, dimension.code, COUNT(*), COUNT(latest.physical_progress),
       SUM(latest.physical_progress)
FROM programs_program_dimensions tag
JOIN programs_program program ON program.id = tag.program_id
JOIN programs_dimension dimension ON dimension.id = tag.dimension_id
LEFT JOIN latest ON latest.program_id = tag.program_id AND latest.rank = 1
WHERE program.regency_id IN ({regencies})
GROUP BY program.regency_id, dimension.code
"""


def verified_figures_by_regency_and_dimension(
        regency_ids: list[int], period: Period) -> dict[tuple[int, str], ProgressFigures]:
    """{(regency id, dimension code): ProgressFigures} of the regencies' programs, by the rule
    above, in one query (programs, programs with a verified report, their progress sum)."""
    from django.db import connection

    if not regency_ids:
        return {}
    marks = ", ".join([f"%(r{i})s" for i in range(len(regency_ids))])
    params = {"verified": ReportStatus.VERIFIED, "year": period.year,
              "quarter": period.last_quarter,
              **{f"r{i}": regency_id for i, regency_id in enumerate(regency_ids)}}
    with connection.cursor() as cursor:
        cursor.execute(_BY_REGENCY_AND_DIMENSION.format(regencies=marks), params)
        found = cursor.fetchall()
    return {(regency_id, code): ProgressFigures(programs=programs, reported=reported,
                                                progress_sum=Decimal(str(total or 0)))
            for regency_id, code, programs, reported, total in found}
