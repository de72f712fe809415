"""Read side of the reports app: the national overview, a regency's figures, its reports.

`regency_rows()` answers for any number of regencies with the same fixed number of queries
(one per figure, grouped by regency); the overview's query count is pinned by a test.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext

from dewan.core import calendar, versions
from dewan.core.calendar import Period
from dewan.core.dates import local_date
from dewan.core.forms import show_decimal
from dewan.core.queries import first_and_count, typed_null
from dewan.council.access import is_national_reviewer, regencies_for
from dewan.council.models import Decree, Regency
from dewan.council.scoping import Action
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from programs.choices import DIMENSIONS, ReportStatus
from programs.models import Program, ProgressReport, ReportingPeriod
from programs.progress import verified_figures_by_regency_and_dimension

from .choices import FINDING_FIELDS, AssessmentSource, RenderStatus, ReportKind, ReportStage
from .index import EVIDENCE_RELATIONS
from .models import EvaluationReport, EvaluationSummary, IndexAssessment, ReportDownload

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
    # The ministry's evaluation index of the year: the assessors' and the self-assessment.
    index_assessed: Decimal | None = None
    index_own: Decimal | None = None

    @property
    def index(self) -> Decimal | None:
        """The index that counts: the assessors', else the regency's own (marked so)."""
        return self.index_assessed if self.index_assessed is not None else self.index_own

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


def national_regencies(*, user, text: str = "", province: str = "") -> QuerySet[Regency]:
    """The regencies a reviewer may read, found by name and province, by name."""
    regencies = search_regencies(regencies_for(user).order_by("name"), text)
    if province:
        regencies = regencies.filter(province=province)
    return regencies


def search_regencies(queryset: QuerySet[Regency], text: str) -> QuerySet[Regency]:
    """The regencies of `queryset` whose name or common short name contains `text`, whatever
    the case: "humbahas" finds Humbang Hasundutan, "labura" Labuhanbatu Utara."""
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(Q(name__icontains=text) | Q(short_name__icontains=text))


def provinces_of(*, user) -> list[str]:
    """The provinces of the regencies the user may read (the overview's province filter);
    a national reviewer's, all provinces, kept in the cache under the national data version."""
    if not is_national_reviewer(user):
        return sorted(set(regencies_for(user).values_list("province", flat=True)))
    return kept_national("national-provinces", (), lambda: sorted(set(
        Regency.objects.values_list("province", flat=True))))


def kept_national(kind: str, key: tuple, compute, *, still_valid=None):
    """`compute()`, kept in the shared cache under `kind`, `key` and the national data version
    (dewan/core/versions.py; reports/signals.py lists the writes that move it), so a kept
    value is never read after a change of what it is made of. `still_valid(value)` may end a
    kept value sooner. Without a shared cache, or with it away, computed on each call."""
    from django.core.cache import cache

    version = versions.current(versions.NATIONAL)
    if version is None:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    name = f"{kind}:{digest}:{version}"
    try:
        found = cache.get(name)
    except Exception:  # noqa: BLE001 - the cache only saves time: if it is away, compute
        found = None
    if found is not None and (still_valid is None or still_valid(found)):
        return found
    found = compute()
    with contextlib.suppress(Exception):
        cache.set(name, found, NATIONAL_FIGURES_SECONDS)
    return found


def regency_row(*, regency: Regency, year: int) -> RegencyRow:
    """The national overview's figures of one regency."""
    return regency_rows(regencies=[regency], year=year)[0]


def summary_of(*, access, period: Period) -> EvaluationSummary | None:
    """The secretariat's findings written for the period, if any."""
    return EvaluationSummary.objects.for_access(access).filter(
        kind=period.kind, year=period.year, quarter=period.quarter).first()


def dimension_findings_initial(summary: EvaluationSummary | None) -> dict:
    """The per-dimension findings of a summary as the findings form's initial data."""
    if summary is None:
        return {}
    return {f"{finding.dimension.code}-{name}": getattr(finding, name)
            for finding in summary.dimension_findings.select_related("dimension")
            for name in FINDING_FIELDS}


def regency_rows(*, regencies: Iterable[Regency], year: int,
                 now: datetime.datetime | None = None) -> list[RegencyRow]:
    """The overview's figures for the regencies, in the queryset's order."""
    now = now or timezone.now()
    rows = {r.pk: RegencyRow(regency=r) for r in regencies}
    ids = list(rows)
    _add_national_figures(rows, ids, year, now)
    _add_punctuality(rows, ids, year, now.date())
    _add_latest_reports(rows, ids)
    return list(rows.values())


NATIONAL_PAGE_SIZE = 50


@dataclass
class NationalPage:
    """The regencies that pass the filters (`rows`, sorted, with the figures every regency
    needs) and the page of them shown (`page`, with every figure)."""

    rows: list[RegencyRow]
    page: object  # a django.core.paginator.Page of RegencyRow


def national_page(*, regencies: QuerySet[Regency], year: int, sort: str = "nama",
                  without_report: bool = False, min_progress: float | None = None,
                  page_number=None, per_page: int | None = NATIONAL_PAGE_SIZE,
                  now: datetime.datetime | None = None) -> NationalPage:
    """The national overview at any number of regencies, in a fixed number of queries.

    Every regency gets the figures that filter, sort or feed the national charts, each
    aggregated in the database by one grouped query (verified progress per dimension,
    meetings; see `national_figures`). Reporting punctuality and the latest final report are
    read for the page's regencies only, unless they are the chosen order or filter.
    `per_page` None: every regency on one page (the reviewers' workbook).
    """
    from django.core.paginator import Paginator

    now = now or timezone.now()
    rows = {r.pk: RegencyRow(regency=r, index_assessed=r.index_assessed, index_own=r.index_own)
            for r in regencies.annotate(**national_index_annotations(year))}
    ids = list(rows)
    _add_national_figures(rows, ids, year, now)
    if without_report:
        _add_latest_reports(rows, ids)
    if sort == "tepat-waktu":
        _add_punctuality(rows, ids, year, now.date())
    kept = filter_and_sort(list(rows.values()), without_report=without_report,
                           min_progress=min_progress, sort=sort)
    page = Paginator(kept, per_page or max(1, len(kept))).get_page(page_number)
    shown = {row.regency.pk: row for row in page}
    if not without_report:
        _add_latest_reports(shown, list(shown))
    if sort != "tepat-waktu":
        _add_punctuality(shown, list(shown), year, now.date())
    return NationalPage(rows=kept, page=page)


def _add_national_figures(rows: dict[int, RegencyRow], ids: list[int], year: int,
                          now: datetime.datetime) -> None:
    """Per dimension, the mean verified progress of the programs that have one, up to the end
    of the year (programs/progress.py: the same rule as the dashboard and the report), the
    tagged programs and the meetings held: see `national_figures`."""
    figures = national_figures(ids, year, now)
    for regency_id, row in rows.items():
        row.programs = figures.programs.get(regency_id, 0)
        progress = figures.progress.get(regency_id, {})
        for code, _name in DIMENSION_NAMES:
            row.dimension_progress[code] = progress.get(code)
        row.last_meeting, row.meetings_this_year = figures.meetings.get(regency_id, (None, 0))


@dataclass
class NationalFigures:
    """The regencies' figures that cost the most to compute: {regency id: {dimension code:
    mean verified progress}}, {regency id: tagged programs}, {regency id: (last meeting held,
    meetings held in the year)}; they hold until `valid_until`, the next meeting's start (a
    meeting then becomes "held" without any write)."""

    progress: dict[int, dict[str, float | None]]
    programs: dict[int, int]
    meetings: dict[int, tuple[datetime.datetime | None, int]]
    valid_until: datetime.datetime | None


NATIONAL_FIGURES_SECONDS = 3600  # a safety net only: every write moves the version


def national_figures(ids: list[int], year: int, now: datetime.datetime) -> NationalFigures:
    """The figures of the regencies `ids`, from the cache when the data has not changed since.

    They are kept under the regencies, the year and the national data version
    (dewan/core/versions.py; reports/signals.py lists the writes that move it), so a kept
    figure is never read after a change: a verification shows at once. Without a shared
    cache they are computed on each request."""
    return kept_national(
        "national-figures", (year, sorted(ids)),
        lambda: _compute_national_figures(ids, year, now),
        still_valid=lambda found: found.valid_until is None or now < found.valid_until)


def _compute_national_figures(ids: list[int], year: int,
                              now: datetime.datetime) -> NationalFigures:
    verified = verified_figures_by_regency_and_dimension(ids, calendar.year(year))
    progress: dict[int, dict[str, float | None]] = {}
    for (regency_id, code), figure in verified.items():
        progress.setdefault(regency_id, {})[code] = figure.average_rounded
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())
    end = datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_default_timezone())
    held = Q(start__lt=now)
    nothing = {"when": typed_null(DateTimeField()), "number": typed_null(IntegerField())}
    # One statement: the tagged programs per regency, then the meetings' figures per regency.
    tagged = (Program.objects.filter(regency_id__in=ids, dimensions__isnull=False).order_by()
              .values("regency_id")
              .annotate(tagged=Count("pk", distinct=True), last=nothing["when"],
                        this_year=nothing["number"], following=nothing["when"]))
    held_meetings = (Meeting.objects.filter(regency_id__in=ids).order_by()
                     .exclude(status=MeetingStatus.CANCELLED).values("regency_id")
                     .annotate(tagged=nothing["number"], last=Max("start", filter=held),
                               this_year=Count("pk", filter=held & Q(start__gte=start,
                                                                     start__lt=end)),
                               following=Min("start", filter=~held)))
    columns = ("regency_id", "tagged", "last", "this_year", "following")
    programs, meetings_of, valid_until = {}, {}, None
    for regency_id, count, last, this_year, following in tagged.values_list(*columns).union(
            held_meetings.values_list(*columns), all=True):
        if count is not None:
            programs[regency_id] = count
            continue
        meetings_of[regency_id] = (last, this_year)
        if following is not None and (valid_until is None or following < valid_until):
            valid_until = following
    return NationalFigures(progress=progress, programs=programs, meetings=meetings_of,
                           valid_until=valid_until)


def _add_punctuality(rows, ids, year, today: datetime.date) -> None:
    """Reports due in the year's quarters whose deadline has passed, and those sent in time
    (kept in the shared cache for the day, see `kept_national`).

    Due: one report per program running that year (start_year ≤ year ≤ end_year) per quarter.
    """
    found = kept_national("national-punctuality", (year, today, sorted(ids)),
                          lambda: _punctuality(rows, ids, year, today))
    for regency_id, row in rows.items():
        row.reports_due, row.reports_on_time = found.get(regency_id, (0, 0))


def _punctuality(rows, ids, year, today: datetime.date) -> dict[int, tuple[int, int]]:
    """{regency id: (reports due, sent in time)}."""
    # One statement: the regencies' deadlines set for the year, then their running programs.
    columns = ("regency_id", "quarter", "deadline", "running")
    set_deadlines = ReportingPeriod.objects.filter(regency_id__in=ids, year=year).annotate(
        running=typed_null(IntegerField())).values_list(*columns)
    running_programs = (Program.objects.filter(regency_id__in=ids, start_year__lte=year,
                                               end_year__gte=year).order_by()
                        .values("regency_id")
                        .annotate(quarter=typed_null(IntegerField()),
                                  deadline=typed_null(DateField()), running=Count("pk"))
                        .values_list(*columns))
    deadlines, running = {}, {}
    for regency_id, quarter, deadline, count in set_deadlines.order_by().union(
            running_programs, all=True):
        if count is None:
            deadlines[regency_id, quarter] = deadline
        else:
            running[regency_id] = count
    cutoffs: dict[tuple[int, int], datetime.datetime] = {}
    found: dict[int, list[int]] = {}
    for regency_id, row in rows.items():
        due = {q: deadlines.get((regency_id, q), _default_deadline(row.regency, year, q))
               for q in range(1, 5)}
        due = {q: deadline for q, deadline in due.items() if today > deadline}
        found[regency_id] = [running.get(regency_id, 0) * len(due), 0]
        for quarter, deadline in due.items():
            # Sent on the deadline's local date or before: before the next local midnight.
            cutoffs[regency_id, quarter] = datetime.datetime.combine(
                deadline + datetime.timedelta(days=1), datetime.time(),
                tzinfo=row.regency.tzinfo)
    if cutoffs:
        sent = (ProgressReport.objects.filter(regency_id__in=ids, year=year,
                                              quarter__in={q for _r, q in cutoffs},
                                              submitted_at__isnull=False)
                .order_by().values_list("regency_id", "quarter", "submitted_at"))
        for regency_id, quarter, submitted_at in sent:
            cutoff = cutoffs.get((regency_id, quarter))
            if cutoff is not None and submitted_at < cutoff:
                found[regency_id][1] += 1
    return {regency_id: tuple(figures) for regency_id, figures in found.items()}


def _default_deadline(regency: Regency, year: int, number: int) -> datetime.date:
    return calendar.default_deadline(calendar.quarter(year, number),
                                     regency.report_deadline_days)


def _add_latest_reports(rows, ids) -> None:
    """Each regency's latest final report (drafts do not go to the ministry)."""
    ready = finals(EvaluationReport.objects.filter(regency_id__in=ids))
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
    # The assessors' index first; a regency with only its own index after those of equal value.
    "indeks": (lambda r: (r.index is not None, r.index or 0, r.index_assessed is not None),
               True),
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
    """The versions of one period's report: the final version first, then the others newest
    first (each with its `state`, see `with_states`)."""

    period: Period
    versions: list[EvaluationReport]

    @property
    def final(self) -> EvaluationReport | None:
        return next((r for r in self.versions if r.state == VersionState.FINAL), None)


class VersionState:
    """Where a version stands among its period's versions (shown beside its status)."""

    FINAL = "final"            # the approved version that counts
    SUPERSEDED = "digantikan"  # approved, but a later version was approved after it
    APPROVING = "disetujui"    # approved, its final document still being made
    DRAFT = "draf"
    PROVISIONAL = "sementara"


def with_states(versions: list[EvaluationReport]) -> list[EvaluationReport]:
    """Set each version's `state` and order them: the final one first, then newest first."""
    finals = sorted((r for r in versions if r.is_final and r.status == RenderStatus.READY),
                    key=lambda r: r.version, reverse=True)
    current = finals[0] if finals else None
    for report in versions:
        if report.provisional:
            report.state = VersionState.PROVISIONAL
        elif not report.is_final:
            report.state = VersionState.DRAFT
        elif report.status != RenderStatus.READY:
            report.state = VersionState.APPROVING
        else:
            report.state = (VersionState.FINAL if report is current
                            else VersionState.SUPERSEDED)
    return sorted(versions, key=lambda r: (r is not current, -r.version))


def reports_by_period(*, access) -> list[PeriodReports]:
    """The regency's reports grouped by period, latest period first (one query)."""
    reports = EvaluationReport.objects.for_access(access)
    ordered = sorted(reports.select_related("regency"),
                     key=lambda r: (_recency(r)[:3], r.version), reverse=True)
    return [PeriodReports(period=period, versions=with_states(list(group)))
            for period, group in groupby(ordered, key=Period.of)]


def finals(queryset: QuerySet[EvaluationReport]) -> QuerySet[EvaluationReport]:
    """The approved versions whose final document is made: what goes to the ministry."""
    return queryset.filter(status=RenderStatus.READY, stage=ReportStage.FINAL)


def final_reports_of(*, regencies: QuerySet[Regency], period: Period) -> list[EvaluationReport]:
    """For each of the regencies, the final version of the period's report (the newest
    approved one; one query), by regency name."""
    ready = finals(EvaluationReport.objects.filter(
        regency__in=regencies, kind=period.kind, year=period.year, quarter=period.quarter)
    ).select_related("regency").order_by("regency__name", "-version")
    return [next(versions) for _regency, versions in groupby(ready, key=lambda r: r.regency_id)]


def report_versions(*, report: EvaluationReport) -> list[EvaluationReport]:
    """All versions of the report's period, the final one first (with their states)."""
    return with_states(list(EvaluationReport.objects.filter(
        regency_id=report.regency_id, kind=report.kind, year=report.year, quarter=report.quarter
    ).order_by("-version")))


def selectable_periods(*, today: datetime.date, quarters: int = 8) -> list[Period]:
    """Periods a report can be asked for: the current and past quarters, and recent years."""
    return [*calendar.recent_quarters(today, quarters),
            *(calendar.year(today.year - i) for i in range(3))]


# "Tugas saya" of a reviewer -----------------------------------------------------------------

# A ready report counts as new for this many days, until the reviewer downloads it.
NEW_REPORT_DAYS = 90


def unread_ready_reports(*, user, regencies: QuerySet[Regency] | None = None,
                         limit: int = 10) -> dict:
    """Reports made ready in the last NEW_REPORT_DAYS days in the regencies the reviewer
    reads (or those given) that this user has not downloaded yet, newest first: final
    versions only, what the regency sends the ministry."""
    regencies = regencies if regencies is not None else regencies_for(user)
    since = timezone.now() - datetime.timedelta(days=NEW_REPORT_DAYS)
    downloaded = ReportDownload.objects.filter(report=OuterRef("pk"), user=user)
    unread = (finals(EvaluationReport.objects.filter(regency__in=regencies,
                                                     finished_at__gte=since))
              .exclude(Exists(downloaded)).select_related("regency")
              .order_by("-finished_at", "-pk"))
    first, count = first_and_count(unread, limit)
    return {"count": count, "first": first}


# --- the ministry's evaluation index ------------------------------------------------------------


def may_score(access, source: str) -> bool:
    """Whether the user may write this side's assessment of the regency (the secretariat its
    self-assessment, reviewers the assessors' side): the page's buttons, the form's 403 and
    the save service's check."""
    return IndexAssessment.objects.permits(
        access, Action.CHANGE, IndexAssessment(regency=access.regency, source=source))


def citable_evidence(*, access, year: int) -> dict[str, QuerySet]:
    """What a score of the year may cite, as the user may see it, per kind of evidence: the
    regency's programs, its verified progress reports of the year, the year's meetings (not
    cancelled) and the council decrees. The form's choices and the save service's check."""
    return {
        "program": Program.objects.for_access(access),
        "laporan": ProgressReport.objects.for_access(access).filter(
            status=ReportStatus.VERIFIED, year=year),
        "rapat": Meeting.objects.for_access(access).filter(start__year=year)
        .exclude(status=MeetingStatus.CANCELLED),
        "sk": Decree.objects.for_access(access),
    }


_CHOICE_COLUMNS = ("e_kind", "e_object", "e_code", "e_title", "e_quarter", "e_year",
                   "e_moment", "e_signed", "e_progress")


def evidence_choices(*, access, year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The citable evidence (`citable_evidence`) grouped for the select, read in one
    statement (a UNION of the four kinds)."""
    text, number = Value("", CharField()), typed_null(IntegerField())
    moment, signed = typed_null(DateTimeField()), typed_null(DateField())
    progress = typed_null(DecimalField(max_digits=5, decimal_places=2))
    citable = citable_evidence(access=access, year=year)
    parts = [
        citable["program"].annotate(
            e_kind=Value("program", CharField()), e_object=F("pk"), e_code=F("code"),
            e_title=F("name"), e_quarter=number, e_year=number, e_moment=moment,
            e_signed=signed, e_progress=progress),
        citable["laporan"].annotate(
            e_kind=Value("laporan", CharField()), e_object=F("pk"), e_code=F("program__code"),
            e_title=text, e_quarter=F("quarter"), e_year=F("year"), e_moment=moment,
            e_signed=signed, e_progress=F("physical_progress")),
        citable["rapat"].annotate(
            e_kind=Value("rapat", CharField()), e_object=F("pk"), e_code=text,
            e_title=F("title"), e_quarter=number, e_year=number, e_moment=F("start"),
            e_signed=signed, e_progress=progress),
        citable["sk"].annotate(
            e_kind=Value("sk", CharField()), e_object=F("pk"), e_code=F("number"),
            e_title=text, e_quarter=number, e_year=F("year"), e_moment=moment,
            e_signed=F("date_signed"), e_progress=progress),
    ]
    rows = parts[0].order_by().values_list(*_CHOICE_COLUMNS).union(
        *(part.order_by().values_list(*_CHOICE_COLUMNS) for part in parts[1:]), all=True)
    found: dict[str, list] = {kind: [] for kind in citable}
    for kind, pk, code, title, quarter, number_, start, date_signed, physical in rows:
        found[kind].append((pk, code, title, quarter, number_, start, date_signed, physical))
    by = {"program": lambda r: r[1], "laporan": lambda r: (r[1], r[3]),
          "rapat": lambda r: r[5], "sk": lambda r: (r[6], r[0])}
    for kind, key in by.items():
        found[kind].sort(key=key, reverse=kind == "sk")  # decrees newest first
    return [
        (gettext("Program"), [(f"program:{pk}", f"{code} — {title}")
                              for pk, code, title, *_rest in found["program"]]),
        (gettext("Laporan progres terverifikasi %(year)s") % {"year": year},
         [(f"laporan:{pk}", f"{code} TW {quarter}/{year_} — {show_decimal(physical)}%")
          for pk, code, _t, quarter, year_, _m, _s, physical in found["laporan"]]),
        (gettext("Rapat %(year)s") % {"year": year},
         [(f"rapat:{pk}", f"{local_date(start)} — {title}")
          for pk, _c, title, _q, _n, start, _s, _p in found["rapat"]]),
        (gettext("SK dewan"), [(f"sk:{pk}", str(Decree(number=code, year=year_)))
                               for pk, code, _t, _q, year_, _m, _s, _p in found["sk"]]),
    ]


def evidence_initial(score) -> list[str]:
    """The select's values of a saved score's evidence."""
    if score is None:
        return []
    return [f"{kind}:{row.pk}" for kind, relation in EVIDENCE_RELATIONS.items()
            for row in getattr(score, relation).all()]


def assessment_initial(sheet, source: str) -> dict:
    """The form's initial data from one side's saved assessment."""
    assessment = sheet.assessments.get(source)
    if assessment is None:
        return {}
    initial = {"findings": assessment.findings, "reference": assessment.reference}
    for row in sheet.rows:
        score = row.scores.get(source)
        if score is not None:
            initial[f"{row.key}-score"] = score.score
            initial[f"{row.key}-justification"] = score.justification
            initial[f"{row.key}-evidence"] = evidence_initial(score)
    return initial


def national_index_annotations(year: int) -> dict:
    """Each regency's index of the year, both sides (for `Regency.objects.annotate`)."""
    def index_of(source: str):
        return Subquery(IndexAssessment.objects.filter(
            regency=OuterRef("pk"), evaluation_year__year=year, source=source
        ).values("index")[:1])

    return {"index_assessed": index_of(AssessmentSource.ASSESSOR),
            "index_own": index_of(AssessmentSource.SELF)}
