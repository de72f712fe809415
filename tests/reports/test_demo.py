"""The demo data leaves reviewers two ready reports to download, and seeding twice adds none."""

from io import StringIO

import pytest
from django.core.management import call_command

from reports.choices import RenderStatus
from reports.models import EvaluationReport, EvaluationSummary

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_one_ready_report_per_regency_once():
    call_command("seed_demo", force=True, stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())
    reports = EvaluationReport.objects.select_related("regency")
    assert sorted(r.regency.slug for r in reports) == [
        "batang", "deli-serdang", "humbang-hasundutan", "labuhanbatu-utara", "toba"]
    assert all(r.status == RenderStatus.READY and r.version == 1 for r in reports)
    assert EvaluationSummary.objects.count() == 5


def test_seed_demo_gives_the_index_published_results_and_self_assessments_once():
    from reports.choices import AssessmentSource
    from reports.models import EvaluationYear, IndexAssessment
    from tests.reports.factories import evaluation_year

    for year in range(2021, 2025):  # the migration's rounds (gone after a flush)
        evaluation_year(year)
    call_command("seed_demo", force=True, stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())
    assessed = {(a.regency.slug, a.evaluation_year.year): a.index for a in
                IndexAssessment.objects.filter(source=AssessmentSource.ASSESSOR)
                .select_related("regency", "evaluation_year")}
    assert {k: str(v) for k, v in assessed.items() if k[0] == "humbang-hasundutan"} == {
        ("humbang-hasundutan", 2022): "2.65", ("humbang-hasundutan", 2023): "3.00",
        ("humbang-hasundutan", 2024): "3.29"}
    assert len(assessed) == 6
    this_year = EvaluationYear.objects.order_by("-year").first().year
    own = IndexAssessment.objects.filter(source=AssessmentSource.SELF)
    assert sorted(own.values_list("regency__slug", "evaluation_year__year")) == [
        ("batang", this_year), ("humbang-hasundutan", this_year)]
    assert all(a.index is not None and a.scores.count() == 11 for a in own)
