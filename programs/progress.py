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
