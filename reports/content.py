"""What goes into an evaluation report: read-only queries over the regency's live data.

`report_content()` gathers everything once, at the moment the report is made; the PDF is a
snapshot of it and is never rendered again from live data. Every text here is plain data:
the template escapes it (user-written text never becomes markup).

Definitions used by the report (also printed in its notes):

* a program's progress in the period is its latest *verified* progress report up to the
  period's last quarter (programs/progress.py, the rule of every page); a program without one
  has no figure, is left out of the averages and is listed as "belum terverifikasi";
* budget realised is taken from the same report;
* a program is behind schedule when it is stalled, or its progress is more than
  BEHIND_MARGIN points below the share of its planned years that has elapsed by the
  period's end.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from dewan.core import calendar
from dewan.core.calendar import Period
from dewan.council.models import Regency
from dewan.council.selectors import decree_in_force, members_of
from meetings.choices import ATTENDED, FollowUpStatus, MeetingStatus
from meetings.models import Attendance, FollowUp, Meeting
from programs.choices import ProgramStatus, ReportStatus
from programs.models import Dimension, Program, ProgressReport
from programs.progress import ProgressFigures, with_verified_progress

from . import index
from .index import TrendRow, YearSheet
from .models import DimensionFinding, EvaluationSummary, EvaluationYear

BEHIND_MARGIN = 15  # percentage points
# Part of every report's fingerprint: raise it when the document's layout changes, so that a
# report of unchanged data is made again in the new layout.
LAYOUT_VERSION = 3

# Rows of the annex table on one landscape page (static/css/pdf-report.css: 7.5 pt text, a
# 168 mm high page area; a row is one line, two when a long name or several dimensions wrap),
# counted in lines, and the lines the annex heading takes on its first page.
ANNEX_LINES_PER_PAGE = 30
ANNEX_FIRST_PAGE_HEADING = 3
# Characters of the program and dimension columns on one line of the landscape table.
ANNEX_NAME_CHARS, ANNEX_DIMENSION_CHARS = 62, 34


@dataclass(frozen=True)
class AnnexPage:
    """One page of the annex: its programs (each a row of a real table with the column
    headers repeated on the page)."""

    rows: list
    first: bool
    last: bool


@dataclass
class ProgramRow:
    """One program with its progress in the period (a line of the annex)."""

    program: Program
    dimensions: list[str]
    report: ProgressReport | None  # the latest verified report up to the period
    expected: float

    @property
    def progress(self) -> float | None:
        """Verified progress; None without a verified report (programs/progress.py)."""
        return float(self.report.physical_progress) if self.report else None

    @property
    def realised(self) -> int:
        return self.report.budget_realised if self.report else 0

    @property
    def state(self) -> str:
        """The report the figures come from ("TW3 terverifikasi"), or that there is none."""
        return _report_state(self.report)

    @property
    def gap(self) -> float:
        """Expected minus verified progress (a program without verified data counts 0)."""
        return round(self.expected - (self.progress or 0.0), 1)

    @property
    def behind(self) -> bool:
        return self.program.status == ProgramStatus.STALLED or self.gap > BEHIND_MARGIN


@dataclass
class DimensionRow:
    """A smart-city dimension's programs, verified progress and budget in the period."""

    dimension: Dimension
    figures: ProgressFigures = field(default_factory=ProgressFigures)

    @property
    def programs(self) -> int:
        return self.figures.programs

    @property
    def reported(self) -> int:
        return self.figures.reported

    @property
    def planned(self) -> int:
        return self.figures.planned

    @property
    def realised(self) -> int:
        return self.figures.realised

    @property
    def average(self) -> float | None:
        return self.figures.average_rounded

    @property
    def absorption(self) -> float | None:
        return round(100 * self.realised / self.planned, 1) if self.planned else None


@dataclass
class MeetingRow:
    meeting: Meeting
    members_invited: int
    members_attended: int
    guests: int
    decisions: str

    @property
    def attendance_rate(self) -> float | None:
        if not self.members_invited:
            return None
        return round(100 * self.members_attended / self.members_invited, 1)


@dataclass
class ReportContent:
    """Everything printed in one evaluation report."""

    regency: Regency
    period: Period
    made_at: datetime.datetime
    decree: object
    members: list
    meetings: list[MeetingRow]
    follow_ups: list[FollowUp]
    follow_up_counts: dict[str, int]
    overdue_follow_ups: list[FollowUp]
    programs: list[ProgramRow]
    dimensions: list[DimensionRow]
    status_counts: dict[str, int]
    evidence_count: int
    verified_without_evidence: int
    obstacles: list[ProgressReport]
    summary: EvaluationSummary | None
    # The ministry's evaluation index of the period's year (None: the year has no weights
    # yet) and its trend up to that year.
    index_sheet: YearSheet | None = None
    index_trend: list[TrendRow] = field(default_factory=list)
    notes: dict = field(default_factory=dict)

    @property
    def behind(self) -> list[ProgramRow]:
        return [row for row in self.programs if row.behind]

    @property
    def planned_total(self) -> int:
        return sum(row.program.planned_budget for row in self.programs)

    @property
    def realised_total(self) -> int:
        return sum(row.realised for row in self.programs)

    @property
    def absorption_total(self) -> float | None:
        planned = self.planned_total
        return round(100 * self.realised_total / planned, 1) if planned else None

    @property
    def follow_up_rows(self) -> list[tuple[str, int]]:
        return [(FollowUpStatus(status).label, n) for status, n in self.follow_up_counts.items()]

    @property
    def mean_attendance(self) -> float | None:
        rates = [m.attendance_rate for m in self.meetings if m.attendance_rate is not None]
        return round(sum(rates) / len(rates), 1) if rates else None

    @property
    def annex_pages(self) -> list[AnnexPage]:
        """The annex cut into landscape pages in Python (a row never splits), so that every
        page has the column headers and the parallel renderer can cut the document between
        pages (dewan/documents/parallel.py)."""
        pages: list[list[ProgramRow]] = [[]]
        room = ANNEX_LINES_PER_PAGE - ANNEX_FIRST_PAGE_HEADING
        for row in self.programs:
            dimensions = ", ".join(row.dimensions)
            height = max(1, -(-len(row.program.name) // ANNEX_NAME_CHARS),
                         -(-len(dimensions) // ANNEX_DIMENSION_CHARS))
            if pages[-1] and height > room:
                pages.append([])
                room = ANNEX_LINES_PER_PAGE
            pages[-1].append(row)
            room -= height
        return [AnnexPage(rows=rows, first=i == 0, last=i == len(pages) - 1)
                for i, rows in enumerate(pages)]

    @property
    def obstacle_rows(self) -> list[dict]:
        """Each program's obstacles, an obstacle repeated over quarters printed once."""
        grouped: dict[tuple[int, str], list[ProgressReport]] = {}
        for report in self.obstacles:
            grouped.setdefault((report.program_id, " ".join(report.obstacles.split())),
                               []).append(report)
        return [{"program": reports[0].program, "text": text,
                 "quarters": ", ".join(f"TW {r.quarter}" for r in reports)}
                for (_program, text), reports in grouped.items()]

    @property
    def dimension_findings(self) -> list:
        """The secretariat's findings per smart-city dimension, in the dimensions' order."""
        return list(self.summary.dimension_findings.all()) if self.summary else []

    @property
    def signatory(self):
        """Who signs under the regency's setting (the chair by default), from the decree in
        force at the period's end; a final report prints the signatory of its approval date
        instead (reports.services.report_approve)."""
        role = self.regency.report_signatory
        return next((m for m in self.members if m.council_role == role), None)

    def fingerprint(self) -> str:
        """A digest of everything the report prints except the moment it was made: the same
        data give the same fingerprint, so a version whose data have not changed is known
        without rendering it (approval checks it; see reports/services.py)."""
        regency = self.regency
        summary = self.summary
        facts = {
            "layout": LAYOUT_VERSION,
            "period": self.period.code,
            "regency": [regency.name, regency.kind, regency.province, regency.mou_number,
                        str(regency.mou_date), regency.letterhead_government,
                        regency.letterhead_unit, regency.letterhead_address,
                        regency.signing_place, regency.emblem.name or "",
                        regency.report_signatory],
            "decree": [self.decree.pk, str(self.decree), self.decree.title,
                       str(self.decree.date_signed)] if self.decree else None,
            "members": [[m.pk, m.name, m.position, m.nip, m.council_role]
                        for m in self.members],
            "meetings": [[r.meeting.pk, r.meeting.start.isoformat(), r.meeting.title,
                          r.meeting.status, r.meeting.kind, r.members_invited,
                          r.members_attended, r.guests, r.decisions] for r in self.meetings],
            "follow_ups": [[f.pk, f.status, str(f.due_date), f.description, f.agency_id]
                           for f in self.follow_ups],
            "programs": [[r.program.pk, r.program.code, r.program.name, r.program.agency_id,
                          r.program.status, r.program.planned_budget, r.program.start_year,
                          r.program.end_year, r.dimensions,
                          r.report.pk if r.report else None, r.progress, r.realised,
                          r.state] for r in self.programs],
            "status_counts": self.status_counts,
            "evidence": [self.evidence_count, self.verified_without_evidence],
            "obstacles": [[o.pk, o.obstacles] for o in self.obstacles],
            "summary": [summary.strengths, summary.weaknesses, summary.recommendations]
            if summary else None,
            "dimension_findings": [[f.dimension.code, *f.texts]
                                   for f in self.dimension_findings],
            "index": self._index_facts(),
        }
        encoded = json.dumps(facts, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()

    def _index_facts(self) -> dict | None:
        sheet = self.index_sheet
        if sheet is None:
            return None
        return {
            "weights": {k: str(v) for k, v in sheet.evaluation_year.weights.items()},
            "sides": {source: [str(a.index), a.findings, a.reference]
                      for source, a in sheet.assessments.items()},
            "rows": [[row.key] + [[str(s.score), s.justification] if s else None
                                  for s in row.scores.values()] for row in sheet.rows],
            "trend": [[r.year, str(r.own), str(r.assessed), r.reference]
                      for r in self.index_trend],
        }

    def inputs(self) -> dict:
        """What the report was made from, stored with it (the snapshot's provenance)."""
        summary = self.summary
        return {
            "fingerprint": self.fingerprint(),
            "period": self.period.code,
            "made_at": self.made_at.isoformat(),
            "data_until": self.period.end.isoformat(),
            "program_count": len(self.programs),
            "progress_reports": sum(self.status_counts.values()),
            "progress_by_status": self.status_counts,
            "evidence_files": self.evidence_count,
            "meeting_count": len(self.meetings),
            "follow_up_count": len(self.follow_ups),
            "decree": str(self.decree) if self.decree else None,
            "member_count": len(self.members),
            "summary_updated_at": summary.updated_at.isoformat() if summary else None,
        }


def _report_state(report: ProgressReport | None) -> str:
    if report is None:
        return _("belum terverifikasi")
    return f"TW {report.quarter}/{report.year} {report.get_status_display().lower()}"


def report_content(*, regency: Regency, period: Period,
                   made_at: datetime.datetime) -> ReportContent:
    """Gather the report's content for the regency and period (a fixed number of queries)."""
    rows = _program_rows(regency, period)
    period_reports = _period_reports(regency, period)
    follow_ups = _follow_ups(regency, period)
    decree = decree_in_force(regency=regency, on=period.end)
    return ReportContent(
        regency=regency,
        period=period,
        made_at=made_at,
        decree=decree,
        members=list(members_of(decree, on=period.end)),
        meetings=_meeting_rows(regency, period, made_at),
        follow_ups=follow_ups,
        follow_up_counts=_follow_up_counts(follow_ups),
        overdue_follow_ups=[f for f in follow_ups if _overdue(f, period.end)],
        programs=rows,
        dimensions=_dimension_rows(rows),
        status_counts=_status_counts(period_reports),
        evidence_count=sum(r.evidence_count for r in period_reports),
        verified_without_evidence=sum(1 for r in period_reports
                                      if r.status == ReportStatus.VERIFIED
                                      and not r.evidence_count),
        obstacles=[r for r in period_reports
                   if r.status == ReportStatus.VERIFIED and r.obstacles.strip()],
        summary=EvaluationSummary.objects.filter(
            regency=regency, kind=period.kind, year=period.year, quarter=period.quarter
        ).prefetch_related(Prefetch("dimension_findings",
                                    queryset=DimensionFinding.objects.select_related(
                                        "dimension").order_by("dimension__order"))).first(),
        index_sheet=_index_sheet(regency, period),
        index_trend=index.trend(index.index_by_year(regency=regency, up_to=period.year)),
        notes={"behind_margin": BEHIND_MARGIN},
    )


def _index_sheet(regency: Regency, period: Period) -> YearSheet | None:
    """Both sides' scores of the period's evaluation year (no suggestions: the report prints
    what was scored)."""
    evaluation_year = EvaluationYear.objects.filter(year=period.year).first()
    if evaluation_year is None:
        return None
    return index.year_sheet(regency=regency, evaluation_year=evaluation_year,
                            with_suggestions=False)


def _sent_reports(regency: Regency, period: Period):
    """Progress reports of the period's year up to its last quarter that were sent."""
    return (
        ProgressReport.objects.filter(regency=regency, year=period.year,
                                      quarter__lte=period.last_quarter)
        .exclude(status=ReportStatus.DRAFT)
        .annotate(evidence_count=Count("evidence"))
    )


def _period_reports(regency: Regency, period: Period) -> list[ProgressReport]:
    """The sent progress reports of the period's own quarters, with program and agency."""
    return list(
        _sent_reports(regency, period).filter(quarter__in=period.quarters)
        .select_related("program__agency").order_by("program__code", "quarter")
    )


def _program_rows(regency: Regency, period: Period) -> list[ProgramRow]:
    """Every program with its latest verified report up to the period (programs/progress.py)."""
    programs = list(
        with_verified_progress(Program.objects.filter(regency=regency), period)
        .select_related("agency")
        .prefetch_related(Prefetch("dimensions", queryset=Dimension.objects.order_by("order")))
        .order_by("code")
    )
    reports = ProgressReport.objects.in_bulk([p.progress_report_id for p in programs
                                              if p.progress_report_id])
    return [
        ProgramRow(program=p, dimensions=[d.name for d in p.dimensions.all()],
                   report=reports.get(p.progress_report_id),
                   expected=_expected_progress(p, period.end))
        for p in programs
    ]


def _expected_progress(program: Program, on: datetime.date) -> float:
    """The share (%) of the program's planned years that has elapsed on the date."""
    start, end = calendar.year(program.start_year).start, calendar.year(program.end_year).end
    elapsed = (on - start).days / max((end - start).days, 1)
    return round(100 * min(max(elapsed, 0.0), 1.0), 1)


def _dimension_rows(rows: list[ProgramRow]) -> list[DimensionRow]:
    by_name = {d.name: DimensionRow(dimension=d) for d in Dimension.objects.order_by("order")}
    for row in rows:
        for name in row.dimensions:
            by_name[name].figures.add(progress=row.progress, planned=row.program.planned_budget,
                                      realised=row.realised)
    return list(by_name.values())


def _status_counts(reports: list[ProgressReport]) -> dict[str, int]:
    counts = Counter(r.status for r in reports)
    return {status: counts.get(status, 0) for status in
            (ReportStatus.VERIFIED, ReportStatus.SUBMITTED, ReportStatus.RETURNED)}


def _meeting_rows(regency: Regency, period: Period,
                  made_at: datetime.datetime) -> list[MeetingRow]:
    start, end = period.bounds(regency.tzinfo)
    meetings = (
        Meeting.objects.filter(regency=regency, start__gte=start, start__lt=min(end, made_at))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("chair", "minutes")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.order_by()))
        .order_by("start")
    )
    return [_meeting_row(m) for m in meetings]


def _meeting_row(meeting: Meeting) -> MeetingRow:
    attendances = list(meeting.attendances.all())
    members = [a for a in attendances if a.member_id]
    minutes = getattr(meeting, "minutes", None)
    return MeetingRow(
        meeting=meeting,
        members_invited=len(members),
        members_attended=sum(1 for a in members if a.status in ATTENDED),
        guests=sum(1 for a in attendances if not a.member_id and a.status in ATTENDED),
        decisions=minutes.decisions if minutes else "",
    )


def _follow_ups(regency: Regency, period: Period) -> list[FollowUp]:
    """Follow-ups of meetings held up to the period's end."""
    _start, end = period.bounds(regency.tzinfo)
    return list(
        FollowUp.objects.filter(regency=regency, meeting__start__lt=end)
        .select_related("agency", "meeting").order_by("due_date", "pk")
    )


def _follow_up_counts(follow_ups: list[FollowUp]) -> dict[str, int]:
    counts = defaultdict(int)
    for follow_up in follow_ups:
        counts[follow_up.status] += 1
    return {status: counts[status] for status in FollowUpStatus.values}


def _overdue(follow_up: FollowUp, on: datetime.date) -> bool:
    return (follow_up.status in (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
            and follow_up.due_date < on)
