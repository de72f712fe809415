"""Read-side queries of programs and progress reports.

Every query starts from `for_access(access)`, so a user only ever reads their own regency and,
for reports, only what `ProgressReportQuerySet.for_access` lets them see (other agencies'
drafts stay hidden). The list and dashboard queries run a fixed number of SQL statements
whatever the number of programs (pinned by the tests).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from dewan.access import Access
from dewan.models import Agency
from meetings.choices import OPEN_FOLLOWUP_STATUSES
from meetings.models import FollowUp

from .choices import SENT_REPORT_STATUSES, ProgramStatus, ReportState, ReportStatus
from .models import (
    Dimension,
    IndicatorTarget,
    Program,
    ProgressReport,
    ReportingPeriod,
)


def _up_to(year: int, quarter: int) -> Q:
    return Q(year__lt=year) | Q(year=year, quarter__lte=quarter)


def latest_verified(year: int, quarter: int) -> QuerySet[ProgressReport]:
    """For Subquery: the program's latest verified report up to the quarter."""
    return (ProgressReport.objects.filter(program=OuterRef("pk"), status=ReportStatus.VERIFIED)
            .filter(_up_to(year, quarter)).order_by("-year", "-quarter"))


def with_latest_progress(programs: QuerySet[Program], year: int,
                         quarter: int) -> QuerySet[Program]:
    """Annotate `latest_progress` and `latest_budget` from the latest verified report."""
    latest = latest_verified(year, quarter)
    return programs.annotate(
        latest_progress=Subquery(latest.values("physical_progress")[:1]),
        latest_budget=Subquery(latest.values("budget_realised")[:1]),
    )


# --- programs -------------------------------------------------------------------------------

def program_list(*, access: Access, today: datetime.date | None = None) -> QuerySet[Program]:
    """The regency's programs for the list page, with their latest verified progress."""
    today = today or access.regency.local_today()
    quarter = (today.month - 1) // 3 + 1
    programs = (Program.objects.for_access(access).select_related("agency")
                .prefetch_related("dimensions"))
    return with_latest_progress(programs, today.year, quarter)


def program_detail(*, access: Access, pk: int) -> Program:
    """One program of the regency with indicators and targets (404 when not there)."""
    programs = Program.objects.for_access(access).select_related("agency").prefetch_related(
        "dimensions", "elements",
        Prefetch("indicators__targets", queryset=IndicatorTarget.objects.order_by("year")),
    )
    return get_object_or_404(programs, pk=pk)


def program_reports(*, access: Access, program: Program) -> QuerySet[ProgressReport]:
    """The program's reports the user may see, newest quarter first."""
    return ProgressReport.objects.for_access(access).filter(program=program).order_by(
        "-year", "-quarter")


# --- reports --------------------------------------------------------------------------------

def report_detail(*, access: Access, pk: int) -> ProgressReport:
    """One report the user may see: 404 for another agency's draft or another regency."""
    reports = ProgressReport.objects.for_access(access).select_related(
        "program__agency", "verified_by"
    ).prefetch_related("evidence", "indicator_values__indicator", "events__actor")
    return get_object_or_404(reports, pk=pk)


@dataclass
class QuarterRow:
    """A program on the OPD's quarterly page, with its report (if any) and that report's state."""

    program: Program
    report: ProgressReport | None

    @property
    def state(self) -> ReportState:
        return ReportState(self.report.status) if self.report else ReportState.MISSING


def agency_quarter(*, access: Access, period: ReportingPeriod) -> list[QuarterRow]:
    """Every program of the user's agencies running in the period's year, with its report."""
    reports = ProgressReport.objects.filter(year=period.year, quarter=period.quarter)
    programs = (
        Program.objects.for_access(access)
        .filter(agency_id__in=access.agency_ids, start_year__lte=period.year,
                end_year__gte=period.year)
        .select_related("agency")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="period_reports"))
    )
    return [QuarterRow(p, p.period_reports[0] if p.period_reports else None) for p in programs]


def verification_queue(*, access: Access) -> QuerySet[ProgressReport]:
    """Reports the secretariat can see (never drafts of others), oldest submission first."""
    return (ProgressReport.objects.for_access(access)
            .exclude(status=ReportStatus.DRAFT)
            .select_related("program__agency")
            .order_by("submitted_at", "pk"))


def export_reports(*, access: Access) -> QuerySet[ProgressReport]:
    return (ProgressReport.objects.for_access(access)
            .select_related("program__agency")
            .order_by("-year", "-quarter", "program__code"))


def periods(*, access: Access) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.for_access(access).order_by("-year", "-quarter")


# --- dashboard ------------------------------------------------------------------------------

@dataclass
class DimensionFigures:
    """The dashboard's figures of one smart-city dimension."""

    dimension: Dimension
    program_count: int = 0
    progress_values: list[Decimal] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    planned: int = 0
    realised: int = 0

    @property
    def average_progress(self) -> Decimal | None:
        if not self.progress_values:
            return None
        return sum(self.progress_values) / len(self.progress_values)

    @property
    def realisation_rate(self) -> Decimal | None:
        return Decimal(self.realised * 100) / self.planned if self.planned else None


@dataclass
class MissingByAgency:
    agency_name: str
    missing: int
    expected: int


def dashboard(*, access: Access, period: ReportingPeriod,
              today: datetime.date | None = None) -> dict:
    """The regency dashboard: per dimension, missing reports by agency, overdue follow-ups."""
    today = today or access.regency.local_today()
    programs = list(_dashboard_programs(access, period))
    dimensions = _per_dimension(access, programs)
    missing = _missing_by_agency(programs, period)
    return {
        "dimensions": dimensions,
        "missing_by_agency": missing,
        "overdue_followups": _overdue_followups(access, today),
        "totals": _totals(programs),
        "status_choices": ProgramStatus.choices,
        "chart_data": _chart_data(dimensions, missing),
    }


def _dashboard_programs(access: Access, period: ReportingPeriod):
    sent = ProgressReport.objects.filter(program=OuterRef("pk"), year=period.year,
                                         quarter=period.quarter,
                                         status__in=SENT_REPORT_STATUSES)
    programs = with_latest_progress(Program.objects.for_access(access), period.year,
                                    period.quarter)
    return programs.annotate(sent=Exists(sent)).values(
        "pk", "status", "planned_budget", "start_year", "end_year", "agency_id",
        "agency__name", "agency__short_name", "latest_progress", "latest_budget", "sent",
    )


def _per_dimension(access: Access, programs: list[dict]) -> list[DimensionFigures]:
    figures = {d.pk: DimensionFigures(d, by_status=dict.fromkeys(ProgramStatus.values, 0))
               for d in Dimension.objects.all()}
    links = Program.dimensions.through.objects.filter(program__regency=access.regency)
    by_program = {p["pk"]: p for p in programs}
    for program_id, dimension_id in links.values_list("program_id", "dimension_id"):
        program, figure = by_program.get(program_id), figures[dimension_id]
        if program is None:
            continue
        figure.program_count += 1
        figure.by_status[program["status"]] += 1
        figure.planned += program["planned_budget"]
        figure.realised += program["latest_budget"] or 0
        if program["latest_progress"] is not None:
            figure.progress_values.append(program["latest_progress"])
    return list(figures.values())


def _missing_by_agency(programs: list[dict], period: ReportingPeriod) -> list[MissingByAgency]:
    rows: dict[int, MissingByAgency] = {}
    for program in programs:
        if not program["start_year"] <= period.year <= program["end_year"]:
            continue
        name = program["agency__short_name"] or program["agency__name"]
        row = rows.setdefault(program["agency_id"], MissingByAgency(name, 0, 0))
        row.expected += 1
        row.missing += 0 if program["sent"] else 1
    return sorted((r for r in rows.values() if r.missing),
                  key=lambda r: (-r.missing, r.agency_name))


def _overdue_followups(access: Access, today: datetime.date) -> list[FollowUp]:
    return list(FollowUp.objects.for_access(access)
                .filter(status__in=OPEN_FOLLOWUP_STATUSES, due_date__lt=today)
                .select_related("agency").order_by("due_date", "pk"))


def _totals(programs: list[dict]) -> dict:
    progress = [p["latest_progress"] for p in programs if p["latest_progress"] is not None]
    return {
        "program_count": len(programs),
        "average_progress": sum(progress) / len(progress) if progress else None,
        "planned": sum(p["planned_budget"] for p in programs),
        "realised": sum(p["latest_budget"] or 0 for p in programs),
    }


def _chart_data(dimensions: list[DimensionFigures], missing: list[MissingByAgency]) -> dict:
    """The same figures as the tables, for Chart.js (passed with json_script)."""
    def number(value):
        return None if value is None else round(float(value), 1)

    return {
        "text": {"progress": _("Rata-rata progres fisik (%)"), "planned": _("Pagu (Rp)"),
                 "realised": _("Realisasi (Rp)"), "missing": _("Laporan belum masuk")},
        "missing": {"labels": [r.agency_name for r in missing],
                    "values": [r.missing for r in missing]},
        "labels": [f.dimension.name for f in dimensions],
        "progress": [number(f.average_progress) for f in dimensions],
        "planned": [f.planned for f in dimensions],
        "realised": [f.realised for f in dimensions],
        "status": {str(label): [f.by_status[value] for f in dimensions]
                   for value, label in ProgramStatus.choices},
    }


def agencies_for_filter(*, access: Access) -> QuerySet[Agency]:
    return Agency.objects.for_access(access).order_by("name")


# --- the regency overview (dewan/views.py) ----------------------------------------------------

def overview_panel(*, access: Access) -> dict:
    """The programs figures on the regency overview: count, per dimension, average progress
    (of each program's latest verified report)."""
    today = access.regency.local_today()
    programs = with_latest_progress(Program.objects.for_access(access), today.year,
                                    (today.month - 1) // 3 + 1)
    progress = [value for value in programs.values_list("latest_progress", flat=True)
                if value is not None]
    per_dimension = (
        Dimension.objects.filter(programs__regency=access.regency)
        .annotate(count=Count("programs", distinct=True))
        .order_by("order")
    )
    return {
        "program_count": Program.objects.for_access(access).count(),
        "programs_per_dimension": list(per_dimension),
        "average_progress": sum(progress) / len(progress) if progress else None,
    }
