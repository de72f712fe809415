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
