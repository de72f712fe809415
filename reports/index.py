"""The ministry's evaluation index of a regency: the rule, the suggestions, the year's sheet.

The ministry scores a region on five evaluation dimensions (Baseline, Output, Outcome,
Impact, Quick Win), each 0–5; the **index** is their weighted sum with the weights of the
evaluation year (percent, summing to 100; `EvaluationYear`), rounded to two decimals
(half up). It exists only when all five are scored. Each smart-city dimension gets a score
too (not part of the index).

Two sides score: the regency itself (`AssessmentSource.SELF`, the secretariat) and the
ministry's assessors (`ASSESSOR`, reviewers; for earlier years the published results). Where
the portal's own data answer a question, a **suggestion** is computed for the self-assessment,
always with the facts it comes from. The rules (also shown on the page):

* Baseline — the council at work: meetings held in the year against one per quarter
  (5 × held / 4, at most 5);
* Output — decrees and budget: 1 when a council decree is in force at the year's end (or
  today, in the running year), plus 4 × the share of the year's programs with a budget;
* Outcome — the masterplan running: 5 × the share of the year's programs with verified
  progress above 0 %;
* Quick Win — 5 × the mean verified progress of the year's quick-win programs;
* Impact — no suggestion: its evidence (surveys, regional performance indicators) lies
  outside the portal;
* each smart-city dimension — 5 × the mean verified progress of its programs.

Progress is the verified progress of `programs/progress.py` (the one rule of every page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    Prefetch,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils.translation import gettext as _

from dewan.core import calendar
from dewan.core.dates import local_date
from dewan.core.forms import show_decimal
from dewan.core.queries import typed_null
from dewan.council.models import Decree, Regency
from dewan.council.selectors import decree_in_force
from meetings.choices import MeetingStatus
from meetings.models import Meeting
from programs.choices import Horizon
from programs.models import Dimension, Program, ProgressReport
from programs.progress import ProgressFigures, with_verified_progress

from .choices import SCORE_MAX, AssessmentSource, EvaluationAspect
from .models import AssessmentScore, EvaluationYear, IndexAssessment

TWO_PLACES = Decimal("0.01")
MEETINGS_EXPECTED = 4  # one council meeting per quarter
DECREE_POINTS, BUDGET_POINTS = Decimal(1), Decimal(4)


def rounded(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_index(weights: dict[str, Decimal], scores: dict[str, Decimal | None]
                   ) -> Decimal | None:
    """The weighted sum of the five aspects' scores (0–5), or None while one is missing."""
    if any(scores.get(aspect) is None for aspect in EvaluationAspect.values):
        return None
    return rounded(sum(Decimal(scores[aspect]) * Decimal(weights[aspect])
                       for aspect in EvaluationAspect.values) / 100)


# What a score may cite: the value prefix of the form's choices (`program:12`) and the score's
# relation that holds it.
EVIDENCE_RELATIONS = {"program": "programs", "laporan": "progress_reports", "rapat": "meetings",
                      "sk": "decrees"}


def aspect_key(aspect: str) -> str:
    return f"a-{aspect}"


def dimension_key(dimension: Dimension) -> str:
    return f"d-{dimension.code}"


# --- suggestions from the portal's own data --------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    score: Decimal | None
    facts: tuple[str, ...]


def _scaled(share: Decimal | float, points: Decimal = Decimal(SCORE_MAX)) -> Decimal:
    return rounded(min(Decimal(1), Decimal(str(share))) * points)


def suggestions(*, regency: Regency, year: int,
                dimensions: list[Dimension] | None = None) -> dict[str, Suggestion]:
    """{row key: Suggestion} for the year (three queries whatever the data size, two when the
    dimensions are given: the programs with their tags and the meetings held, the decree)."""
    today = regency.local_today()
    period = calendar.year(year)
    as_of = min(period.end, today)
    start, end = period.bounds(regency.tzinfo)
    held_meetings = Meeting.objects.filter(regency=regency, status=MeetingStatus.HELD,
                                           start__gte=start, start__lt=end).order_by()
    held_count = held_meetings.values("regency").annotate(n=Count("pk")).values("n")
    # One row per program and dimension tag, each with the meetings held (one statement).
    programs: dict[int, Program] = {}
    tags: dict[int, list[int]] = {}
    for program in (with_verified_progress(Program.objects.filter(
            regency=regency, start_year__lte=year, end_year__gte=year), period)
            .annotate(tag=F("dimensions"), held=Subquery(held_count)).order_by("pk")):
        programs.setdefault(program.pk, program)
        if program.tag is not None:
            tags.setdefault(program.pk, []).append(program.tag)
    # Without a program to carry it, the count is read on its own.
    held = (next(iter(programs.values())).held or 0) if programs else held_meetings.count()
    decree = decree_in_force(regency=regency, on=as_of)
    result = {
        aspect_key(EvaluationAspect.BASELINE): _baseline(held, year),
        aspect_key(EvaluationAspect.OUTPUT): _output(decree, list(programs.values()), as_of),
        aspect_key(EvaluationAspect.OUTCOME): _outcome(list(programs.values())),
        aspect_key(EvaluationAspect.QUICK_WIN): _quick_win(list(programs.values())),
        aspect_key(EvaluationAspect.IMPACT): Suggestion(None, (
            _("Dampak diukur dengan data di luar portal (survei kepuasan warga, indikator "
              "kinerja daerah); portal tidak memberi saran."),)),
    }
    by_dimension: dict[int, ProgressFigures] = {}
    for program in programs.values():
        for dimension_id in tags.get(program.pk, ()):
            by_dimension.setdefault(dimension_id, ProgressFigures()).add(
                progress=program.progress)
    if dimensions is None:
        dimensions = list(Dimension.objects.order_by("order"))
    for dimension in dimensions:
        result[dimension_key(dimension)] = _progress_suggestion(
            by_dimension.get(dimension.pk, ProgressFigures()))
    return result


def _baseline(held: int, year: int) -> Suggestion:
    return Suggestion(_scaled(Decimal(held) / MEETINGS_EXPECTED), (
        _("%(held)s rapat dewan terlaksana pada %(year)s; diharapkan sedikitnya %(expected)s "
          "(satu per triwulan).") % {"held": held, "year": year, "expected": MEETINGS_EXPECTED},))


def _output(decree: Decree | None, programs: list[Program], as_of) -> Suggestion:
    budgeted = sum(1 for p in programs if p.planned_budget > 0)
    share = Decimal(budgeted) / len(programs) if programs else Decimal(0)
    facts = [
        _("SK dewan berlaku pada %(date)s: %(decree)s.") % {
            "date": local_date(as_of), "decree": decree}
        if decree else _("Tidak ada SK dewan yang berlaku pada %(date)s.") % {
            "date": local_date(as_of)},
        _("%(budgeted)s dari %(total)s program tahun ini memiliki pagu anggaran.") % {
            "budgeted": budgeted, "total": len(programs)},
    ]
    score = (DECREE_POINTS if decree else Decimal(0)) + _scaled(share, BUDGET_POINTS)
    return Suggestion(rounded(score), tuple(facts))


def _outcome(programs: list[Program]) -> Suggestion:
    running = sum(1 for p in programs if p.progress is not None and p.progress > 0)
    share = Decimal(running) / len(programs) if programs else Decimal(0)
    return Suggestion(_scaled(share), (
        _("%(running)s dari %(total)s program masterplan tahun ini berjalan (progres "
          "terverifikasi di atas 0%%).") % {"running": running, "total": len(programs)},))


def _quick_win(programs: list[Program]) -> Suggestion:
    figures = ProgressFigures()
    for program in programs:
        if program.horizon == Horizon.QUICK_WIN:
            figures.add(progress=program.progress)
    if not figures.programs:
        return Suggestion(None, (_("Tidak ada program quick win pada tahun ini."),))
    return _progress_suggestion(figures)


def _progress_suggestion(figures: ProgressFigures) -> Suggestion:
    """5 × the mean verified progress; without any verified figure, no suggestion."""
    if figures.average is None:
        return Suggestion(None, (_("%(total)s program, belum ada progres terverifikasi.")
                                 % {"total": figures.programs},))
    return Suggestion(_scaled(figures.average / 100), (
        _("%(reported)s dari %(total)s program dengan progres terverifikasi, rata-rata "
          "%(average)s%%.") % {"reported": figures.reported, "total": figures.programs,
                               "average": show_decimal(round(figures.average, 1))},))


# --- a year's sheet: both sides' scores beside the suggestions ----------------------------------


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str


@dataclass
class ScoreRow:
    """One line of the sheet: an evaluation dimension (with its weight) or a smart-city
    dimension, the suggestion, and each side's score."""

    key: str
    label: str
    weight: Decimal | None = None
    suggestion: Suggestion | None = None
    scores: dict[str, AssessmentScore | None] = field(default_factory=dict)

    @property
    def own(self) -> AssessmentScore | None:
        return self.scores.get(AssessmentSource.SELF)

    @property
    def assessed(self) -> AssessmentScore | None:
        return self.scores.get(AssessmentSource.ASSESSOR)


@dataclass
class YearSheet:
    evaluation_year: EvaluationYear
    assessments: dict[str, IndexAssessment]
    aspects: list[ScoreRow]
    dimensions: list[ScoreRow]

    @property
    def year(self) -> int:
        return self.evaluation_year.year

    @property
    def own(self) -> IndexAssessment | None:
        return self.assessments.get(AssessmentSource.SELF)

    @property
    def assessed(self) -> IndexAssessment | None:
        return self.assessments.get(AssessmentSource.ASSESSOR)

    @property
    def rows(self) -> list[ScoreRow]:
        return self.aspects + self.dimensions

    @property
    def own_index(self) -> Decimal | None:
        return self.own.index if self.own else None

    @property
    def assessed_index(self) -> Decimal | None:
        return self.assessed.index if self.assessed else None

    @property
    def incomplete(self) -> bool:
        """Whether a side's index is still missing (not all five dimensions scored)."""
        return self.own_index is None or self.assessed_index is None


def _score_queryset():
    return AssessmentScore.objects.select_related("dimension")


# The evidence of scores, the four link tables read in one statement: per link, the score, the
# kind (its relation's name), the object's id and what its label needs.
_EVIDENCE_COLUMNS = ("score", "relation", "object", "code", "title", "number", "year",
                     "moment", "signed")


def _evidence_links(ids: list[int]):
    text, number = Value("", CharField()), typed_null(IntegerField())
    moment, signed = typed_null(DateTimeField()), typed_null(DateField())
    links = AssessmentScore.programs.through.objects.filter(assessmentscore_id__in=ids).annotate(
        score=F("assessmentscore_id"), relation=Value("programs", CharField()),
        object=F("program_id"), code=F("program__code"), title=F("program__name"),
        number=number, year=number, moment=moment, signed=signed)
    reports = AssessmentScore.progress_reports.through.objects.filter(
        assessmentscore_id__in=ids).annotate(
        score=F("assessmentscore_id"), relation=Value("progress_reports", CharField()),
        object=F("progressreport_id"), code=F("progressreport__program__code"), title=text,
        number=F("progressreport__quarter"), year=F("progressreport__year"), moment=moment,
        signed=signed)
    meetings = AssessmentScore.meetings.through.objects.filter(assessmentscore_id__in=ids).annotate(
        score=F("assessmentscore_id"), relation=Value("meetings", CharField()),
        object=F("meeting_id"), code=text, title=F("meeting__title"), number=number,
        year=number, moment=F("meeting__start"), signed=signed)
    decrees = AssessmentScore.decrees.through.objects.filter(assessmentscore_id__in=ids).annotate(
        score=F("assessmentscore_id"), relation=Value("decrees", CharField()),
        object=F("decree_id"), code=F("decree__number"), title=text, number=number,
        year=F("decree__year"), moment=moment, signed=F("decree__date_signed"))
    return links.values_list(*_EVIDENCE_COLUMNS).union(
        *(q.values_list(*_EVIDENCE_COLUMNS) for q in (reports, meetings, decrees)), all=True)


def _evidence_object(relation, pk, code, title, number, year, moment, signed):
    """A light instance with what the evidence's label, link and order need."""
    if relation == "programs":
        return Program(pk=pk, code=code, name=title)
    if relation == "progress_reports":
        return ProgressReport(pk=pk, quarter=number, year=year, program=Program(code=code))
    if relation == "meetings":
        return Meeting(pk=pk, title=title, start=moment)
    return Decree(pk=pk, number=code, year=year, date_signed=signed)


_EVIDENCE_ORDER = {
    "programs": lambda p: p.code,
    "progress_reports": lambda r: (r.program.code, r.year, r.quarter),
    "meetings": lambda m: m.start,
    "decrees": lambda d: (d.date_signed, d.pk),
}


def read_evidence(scores: list[AssessmentScore]) -> None:
    """Put each score's evidence where `score.programs.all()` and the three other relations
    read it, as a prefetch would, but in one query instead of four."""
    found = {score.pk: {relation: [] for relation in EVIDENCE_RELATIONS.values()}
             for score in scores}
    if found:
        for score_id, relation, *fields in _evidence_links(list(found)):
            found[score_id][relation].append(_evidence_object(relation, *fields))
    for score in scores:
        cache = score.__dict__.setdefault("_prefetched_objects_cache", {})
        for relation, objects in found[score.pk].items():
            queryset = getattr(score, relation).none()  # stands for the prefetched result
            queryset._result_cache = sorted(objects, key=_EVIDENCE_ORDER[relation])  # noqa: SLF001
            queryset._prefetch_done = True  # noqa: SLF001
            cache[relation] = queryset


def year_sheet(*, regency: Regency, evaluation_year: EvaluationYear,
               with_suggestions: bool = True) -> YearSheet:
    """The year's rows with both sides' scores (and the suggestions, when asked)."""
    assessments = {a.source: a for a in IndexAssessment.objects.filter(
        regency=regency, evaluation_year=evaluation_year).select_related("updated_by")
        .prefetch_related(Prefetch("scores", queryset=_score_queryset()))}
    read_evidence([score for a in assessments.values() for score in a.scores.all()])
    smart = list(Dimension.objects.order_by("order"))
    found = (suggestions(regency=regency, year=evaluation_year.year, dimensions=smart)
             if with_suggestions else {})
    weights = evaluation_year.weights
    aspects = [ScoreRow(key=aspect_key(aspect), label=label, weight=weights[aspect])
               for aspect, label in EvaluationAspect.choices]
    dimensions = [ScoreRow(key=dimension_key(d), label=d.name) for d in smart]
    rows = {row.key: row for row in aspects + dimensions}
    for row in rows.values():
        row.suggestion = found.get(row.key)
        row.scores = dict.fromkeys(AssessmentSource.values)
    for source, assessment in assessments.items():
        for score in assessment.scores.all():
            key = aspect_key(score.aspect) if score.aspect else dimension_key(score.dimension)
            if key in rows:
                rows[key].scores[source] = score
    return YearSheet(evaluation_year=evaluation_year, assessments=assessments,
                     aspects=aspects, dimensions=dimensions)


def evidence_of(score: AssessmentScore | None, slug: str) -> list[Evidence]:
    """The score's evidence as links (read from its prefetched relations)."""
    if score is None:
        return []
    items = [Evidence(str(p), reverse("programs:detail", args=[slug, p.pk]))
             for p in score.programs.all()]
    items += [Evidence(_("Laporan %(code)s TW %(quarter)s/%(year)s (terverifikasi)") % {
        "code": r.program.code, "quarter": r.quarter, "year": r.year},
        reverse("programs:report_detail", args=[slug, r.pk])) for r in score.progress_reports.all()]
    items += [Evidence(_("Rapat %(date)s: %(title)s") % {
        "date": local_date(m.start), "title": m.title},
        reverse("meetings:detail", args=[slug, m.pk])) for m in score.meetings.all()]
    items += [Evidence(str(d), reverse("council:decree_detail", args=[slug, d.pk]))
              for d in score.decrees.all()]
    return items


@dataclass(frozen=True)
class TrendRow:
    evaluation_year: EvaluationYear
    own: Decimal | None
    assessed: Decimal | None
    reference: str = ""

    @property
    def year(self) -> int:
        return self.evaluation_year.year


def index_by_year(*, regency: Regency, up_to: int | None = None) -> list[TrendRow]:
    """Every evaluation year (oldest first) with both sides' index, None where a side has not
    scored all five dimensions (two queries)."""
    years = EvaluationYear.objects.order_by("year")
    if up_to is not None:
        years = years.filter(year__lte=up_to)
    found = {(a.evaluation_year_id, a.source): a
             for a in IndexAssessment.objects.filter(regency=regency)}
    rows = []
    for year in years:
        own = found.get((year.pk, AssessmentSource.SELF))
        assessed = found.get((year.pk, AssessmentSource.ASSESSOR))
        rows.append(TrendRow(evaluation_year=year, own=own.index if own else None,
                             assessed=assessed.index if assessed else None,
                             reference=assessed.reference if assessed else ""))
    return rows


def trend(rows: list[TrendRow]) -> list[TrendRow]:
    """The years from the first to the last that has an index on either side (the trend's
    points; a year between without one stays on the axis, as a gap)."""
    scored = [i for i, r in enumerate(rows) if r.own is not None or r.assessed is not None]
    return rows[scored[0]:scored[-1] + 1] if scored else []


def trend_chart(rows: list[TrendRow]) -> dict:
    """The trend as the chart script reads it (numbers as floats, missing as null)."""
    return {"labels": [str(r.year) for r in rows],
            "own": [float(r.own) if r.own is not None else None for r in rows],
            "assessed": [float(r.assessed) if r.assessed is not None else None for r in rows],
            "own_label": str(AssessmentSource.SELF.label),
            "assessed_label": str(AssessmentSource.ASSESSOR.label)}
