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

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dewan.core.calendar import Period, quarter_containing
from dewan.core.queries import first_and_count
from dewan.council.access import Access
from dewan.council.models import Agency
from dewan.council.scoping import Action

from .choices import SENT_REPORT_STATUSES, ProgramStatus, ReportState, ReportStatus
from .models import (
    Dimension,
    EvidenceFile,
    IndicatorTarget,
    Program,
    ProgressReport,
    ReportingPeriod,
)
from .periods import ReportingCalendar
from .progress import ProgressFigures, with_pending_progress, with_verified_progress

# --- programs -------------------------------------------------------------------------------

def program_list(*, access: Access, today: datetime.date | None = None) -> QuerySet[Program]:
    """The regency's programs for the list page, with their latest verified progress."""
    running = quarter_containing(today or access.regency.local_today())
    programs = (Program.objects.for_access(access).select_related("agency")
                .prefetch_related("dimensions"))
    return with_verified_progress(programs, running)


def can_add_programs(*, access: Access) -> bool:
    """The secretariat, or an OPD for its own agencies."""
    return Agency.objects.allows(access, Action.ASSIGN)


def program_detail(*, access: Access, pk: int, action: str = Action.VIEW) -> Program:
    """One program with indicators and targets: 404 when not visible, 403 without `action`."""
    return Program.objects.select_related("agency").prefetch_related(
        "dimensions", "elements",
        Prefetch("indicators__targets", queryset=IndicatorTarget.objects.order_by("year")),
    ).get_for(access, pk, action)


def report_program(*, access: Access, pk: int) -> Program:
    """The program the user reports on: 404 elsewhere, 403 when it is another agency's."""
    return Program.objects.select_related("agency").prefetch_related(
        "indicators__targets").get_for(access, pk, Action.REPORT)


def targets_of(program: Program, year: int) -> dict[int, object]:
    """{indicator pk: target of the year}, from the prefetched targets."""
    return {i.pk: t.target for i in program.indicators.all() for t in i.targets.all()
            if t.year == year}


def report_of(*, program: Program, period: Period) -> ProgressReport | None:
    """The program's report of the quarter, if one was started."""
    return ProgressReport.objects.filter(program=program, year=period.year,
                                         quarter=period.quarter).first()


def program_reports(*, access: Access, program: Program) -> QuerySet[ProgressReport]:
    """The program's reports the user may see, newest quarter first."""
    return ProgressReport.objects.for_access(access).filter(program=program).order_by(
        "-year", "-quarter")


# --- reports --------------------------------------------------------------------------------

def report_detail(*, access: Access, pk: int, action: str = Action.VIEW) -> ProgressReport:
    """One report the user may see: 404 for another agency's draft or another regency."""
    return ProgressReport.objects.select_related(
        "program__agency", "verified_by"
    ).prefetch_related("evidence", "indicator_values__indicator",
                       "events__actor").get_for(access, pk, action)


def report_targets(*, report: ProgressReport) -> dict[int, object]:
    """{indicator pk: target} of the report's program in the report's year."""
    return dict(IndicatorTarget.objects.filter(indicator__program=report.program_id,
                                               year=report.year)
                .values_list("indicator_id", "target"))


def evidence_file(*, access: Access, report_pk: int, pk: int) -> EvidenceFile:
    """An evidence file of a report the user may see (404 otherwise)."""
    report = ProgressReport.objects.get_for(access, report_pk)
    evidence = EvidenceFile.objects.filter(report=report, pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


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
        Program.objects.for_access(access, Action.REPORT)
        .filter(start_year__lte=period.year, end_year__gte=period.year)
        .select_related("agency")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="period_reports"))
    )
    return [QuarterRow(p, p.period_reports[0] if p.period_reports else None) for p in programs]


def returned_reports(*, access: Access, besides: Period | None = None) -> list[ProgressReport]:
    """The user's agency's reports the secretariat returned, of any quarter (leaving out
    `besides`, the quarter a page already shows), oldest quarter first, with their comment."""
    reports = (ProgressReport.objects.for_access(access, Action.CHANGE)
               .filter(status=ReportStatus.RETURNED)
               .select_related("program__agency").order_by("year", "quarter", "program__code"))
    if besides is not None:
        reports = reports.exclude(year=besides.year, quarter=besides.quarter)
    return list(reports)


def opd_tasks(*, access: Access) -> dict:
    """The agency's report work ("Tugas saya"): the programs of the period being reported
    that have no report yet or only a draft, and every returned report with its comment."""
    period = ReportingCalendar(access.regency).current()
    rows = agency_quarter(access=access, period=period)
    return {
        "period": period,
        "days_left": (period.deadline - access.regency.local_today()).days,
        "to_fill": [row for row in rows
                    if row.state in (ReportState.MISSING, ReportState.DRAFT)],
        "to_fix": returned_reports(access=access),
    }


def reports_to_verify(*, access: Access, limit: int = 5) -> dict:
    """The secretariat's queue in short: how many reports wait, the oldest few."""
    waiting = (ProgressReport.objects.for_access(access, Action.VERIFY)
               .filter(status=ReportStatus.SUBMITTED)
               .select_related("program__agency", "regency").order_by("submitted_at", "pk"))
    first, count = first_and_count(waiting, limit)
    return {"count": count, "first": first}


def verification_queue(*, access: Access) -> QuerySet[ProgressReport]:
    """Reports the secretariat can see (never drafts of others), oldest submission first."""
    return (ProgressReport.objects.for_access(access)
            .exclude(status=ReportStatus.DRAFT)
            .select_related("program__agency")
            .order_by("submitted_at", "pk"))


def export_reports(*, access: Access) -> QuerySet[ProgressReport]:
    return (ProgressReport.objects.for_access(access)
            .select_related("program__agency")
            .annotate(evidence_count=Count("evidence"))
            .order_by("-year", "-quarter", "program__code"))


def periods(*, access: Access) -> QuerySet[ReportingPeriod]:
    """The regency's stored reporting periods (those with a set deadline), newest first."""
    return ReportingPeriod.objects.for_access(access).order_by("-year", "-quarter")


# --- dashboard ------------------------------------------------------------------------------

@dataclass
class DimensionFigures:
    """The dashboard's figures of one smart-city dimension (programs/progress.py rule)."""

    dimension: Dimension
    figures: ProgressFigures = field(default_factory=ProgressFigures)
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def program_count(self) -> int:
        return self.figures.programs

    @property
    def average_progress(self) -> Decimal | None:
        return self.figures.average

    @property
    def planned(self) -> int:
        return self.figures.planned

    @property
    def realised(self) -> int:
        return self.figures.realised

    @property
    def realisation_rate(self) -> Decimal | None:
        return self.figures.realisation_rate


@dataclass
class MissingByAgency:
    agency_name: str
    missing: int
    expected: int


def dashboard(*, access: Access, period: ReportingPeriod) -> dict:
    """The regency dashboard's programs figures: per dimension, missing reports by agency."""
    programs = list(_dashboard_programs(access, period))
    dimensions = _per_dimension(access, programs)
    missing = _missing_by_agency(programs, period)
    return {
        "dimensions": dimensions,
        "missing_by_agency": missing,
        "totals": _totals(programs),
        "status_choices": ProgramStatus.choices,
        "chart_data": _chart_data(dimensions, missing),
    }


def _dashboard_programs(access: Access, period: ReportingPeriod):
    sent = ProgressReport.objects.filter(program=OuterRef("pk"), year=period.year,
                                         quarter=period.quarter,
                                         status__in=SENT_REPORT_STATUSES)
    programs = with_pending_progress(
        with_verified_progress(Program.objects.for_access(access), period.period), period.period)
    return programs.annotate(sent=Exists(sent)).values(
        "pk", "status", "planned_budget", "start_year", "end_year", "agency_id",
        "agency__name", "agency__short_name", "progress", "realised", "pending_progress",
        "sent",
    )


def _add(figures: ProgressFigures, program: dict) -> None:
    figures.add(progress=program["progress"], planned=program["planned_budget"],
                realised=program["realised"], pending=program["pending_progress"])


def _per_dimension(access: Access, programs: list[dict]) -> list[DimensionFigures]:
    figures = {d.pk: DimensionFigures(d, by_status=dict.fromkeys(ProgramStatus.values, 0))
               for d in Dimension.objects.all()}
    links = Program.dimensions.through.objects.filter(program__in=Program.objects.for_access(
        access))
    by_program = {p["pk"]: p for p in programs}
    for program_id, dimension_id in links.values_list("program_id", "dimension_id"):
        program, figure = by_program.get(program_id), figures[dimension_id]
        if program is None:
            continue
        figure.by_status[program["status"]] += 1
        _add(figure.figures, program)
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


def _totals(programs: list[dict]) -> dict:
    figures = ProgressFigures()
    for program in programs:
        _add(figures, program)
    return {
        "program_count": figures.programs,
        "reported": figures.reported,
        "average_progress": figures.average,
        "planned": figures.planned,
        "realised": figures.realised,
        "pending": figures.pending,
        "pending_average": figures.pending_average,
    }


def _chart_data(dimensions: list[DimensionFigures], missing: list[MissingByAgency]) -> dict:
    """The same figures as the tables, for Chart.js (passed with json_script)."""
    def number(value):
        return None if value is None else round(float(value), 1)

    return {
        "text": {"progress": _("Rata-rata progres fisik terverifikasi (%)"),
                 "planned": _("Pagu (Rp)"), "realised": _("Realisasi (Rp)"),
                 "missing": _("Laporan belum masuk")},
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
    running = quarter_containing(access.regency.local_today())
    programs = with_verified_progress(Program.objects.for_access(access), running)
    # Every program's progress (None: no verified report): its length is the count too.
    every = list(programs.values_list("progress", flat=True))
    progress = [value for value in every if value is not None]
    per_dimension = (
        Dimension.objects.filter(programs__in=Program.objects.for_access(access))
        .annotate(count=Count("programs", distinct=True))
        .order_by("order")
    )
    return {
        "program_count": len(every),
        "programs_per_dimension": list(per_dimension),
        "average_progress": sum(progress) / len(progress) if progress else None,
    }
