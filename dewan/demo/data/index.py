"""Demo data of the ministry's evaluation index: the evaluation years after 2024 (with the
2021–2024 weights until the ministry sets others; the administrator changes them in the admin),
published results of earlier years for the seed regencies, and self-assessments made from the
portal's own suggestions.

The published figures are **examples** (the demo's reference says so): the seed articles give
no index. Idempotent: a year or an assessment that exists is left as it is.
"""

from __future__ import annotations

from decimal import Decimal

from dewan.council.access import access_for
from reports import index
from reports.choices import AssessmentSource, EvaluationAspect
from reports.models import EvaluationYear, IndexAssessment
from reports.services import assessment_save

# Published results (assessors' index per year) of three seed regencies, and the scores of the
# five evaluation dimensions that give them: (baseline, output, outcome, impact, quick win).
PUBLISHED = {
    "humbang-hasundutan": {2022: (3.00, 2.75, 2.50, 2.25, 3.00), 2023: (3.25, 3.00, 2.90, 2.60,
                                                                     3.40),
                           2024: (3.50, 3.40, 3.20, 2.90, 3.60)},
    "deli-serdang": {2023: (3.60, 3.30, 3.10, 3.00, 3.50), 2024: (3.80, 3.60, 3.40, 3.20, 3.70)},
    "batang": {2024: (3.20, 3.00, 2.80, 2.60, 3.10)},
}
REFERENCE = "Contoh data demo: hasil evaluasi Gerakan Menuju 100 Smart City {year}"
# The regencies whose secretariat has scored itself for the running year (the demo's progress
# data are of this year).
SELF_ASSESSED = {"humbang-hasundutan": "sekretariat.humbahas", "batang": "sekretariat.batang"}
IMPACT_SELF = (Decimal("3.00"), "Survei kepuasan layanan daring 2024 (dinas Kominfo) menunjukkan "
               "78% responden puas; angka stunting turun menurut data dinas kesehatan.")


def load(council) -> None:
    latest = EvaluationYear.objects.order_by("-year").first()
    this_year = max(r.local_today().year for r in council.regencies.values())
    if latest is not None:
        for year in range(latest.year + 1, this_year + 1):
            EvaluationYear.objects.get_or_create(year=year, defaults={
                **{f"weight_{a}": w for a, w in latest.weights.items()},
                "note": "Demo: bobot 2021–2024 dipakai sampai kementerian menetapkan bobot "
                        "tahun ini."})
    reviewer = council.users.get("reviewer.komdigi")
    for slug, years in PUBLISHED.items():
        regency = council.regencies.get(slug)
        if regency is None or reviewer is None:
            continue
        access = access_for(reviewer, regency)
        for year, values in years.items():
            evaluation_year = EvaluationYear.objects.filter(year=year).first()
            if evaluation_year is None or _exists(regency, evaluation_year,
                                                  AssessmentSource.ASSESSOR):
                continue
            scores = {index.aspect_key(aspect): (Decimal(str(value)),
                                                 "Nilai hasil evaluasi yang dipublikasikan.", {})
                      for aspect, value in zip(EvaluationAspect.values, values, strict=True)}
            assessment_save(access=access, evaluation_year=evaluation_year,
                            source=AssessmentSource.ASSESSOR, user=reviewer, scores=scores,
                            findings="Tata kelola dewan berjalan; bukti dampak layanan perlu "
                                     "diperkuat dengan data survei.",
                            reference=REFERENCE.format(year=year))
    for slug, username in SELF_ASSESSED.items():
        regency, user = council.regencies.get(slug), council.users.get(username)
        for evaluation_year in EvaluationYear.objects.filter(year=this_year):
            if None in (regency, user) or _exists(regency, evaluation_year,
                                                  AssessmentSource.SELF):
                continue
            _self_assess(access_for(user, regency), evaluation_year, user)


def _exists(regency, evaluation_year, source) -> bool:
    return IndexAssessment.objects.filter(regency=regency, evaluation_year=evaluation_year,
                                          source=source).exists()


def _self_assess(access, evaluation_year, user) -> None:
    """The suggestions taken as the self-assessment, each with its facts as the reason (and
    Impact scored by hand from a survey, which the portal does not hold)."""
    suggested = index.suggestions(regency=access.regency, year=evaluation_year.year)
    scores = {}
    for key, suggestion in suggested.items():
        if suggestion.score is not None:
            scores[key] = (suggestion.score, " ".join(suggestion.facts), {})
    scores[index.aspect_key(EvaluationAspect.IMPACT)] = (*IMPACT_SELF, {})
    assessment_save(access=access, evaluation_year=evaluation_year,
                    source=AssessmentSource.SELF, user=user, scores=scores,
                    findings="Penilaian mandiri disusun sekretariat dari data portal; dampak "
                             "dinilai dari survei kepuasan layanan.")
