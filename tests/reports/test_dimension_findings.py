"""Findings per smart-city dimension (issue 11 item 6): written on the summary page beside the
overall findings, printed per dimension in the report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.models import DimensionFinding, EvaluationSummary
from tests.reports.factories import build_year_of_work
from tests.reports.test_report_pdf import pages_text

pytestmark = pytest.mark.django_db

OVERALL = {"strengths": "Rapat rutin.", "weaknesses": "Data dukung kurang.",
           "recommendations": "Verifikasi tepat waktu."}


def url(world):
    return reverse("reports:summary", args=[world.regency.slug, "2024-Q3"])


def test_findings_per_dimension_are_saved_and_printed(world, make_ready_report):
    build_year_of_work(world.regency, programs=4, quarters=3, meetings=1)
    client = world.client_for(world.secretariat)
    page = client.get(url(world)).content.decode()
    assert page.count("<details") == 6 and "Smart Branding" in page
    response = client.post(url(world), {
        **OVERALL,
        "governance-strengths": "Perizinan daring, Ω-ready.",
        "governance-recommendations": "Perbup Satu Data.",
        "environment-weaknesses": "Bank sampah belum tercatat."})
    assert response.status_code == 302
    summary = EvaluationSummary.objects.get(regency=world.regency)
    saved = {f.dimension.code: f.texts for f in summary.dimension_findings.all()}
    assert saved == {"governance": ("Perizinan daring, Ω-ready.", "", "Perbup Satu Data."),
                     "environment": ("", "Bank sampah belum tercatat.", "")}
    text = "\n".join(pages_text(make_ready_report(world.regency, "2024-Q3")))
    assert "Temuan per dimensi" in text and "Perizinan daring, Ω-ready." in text
    assert "Bank sampah belum tercatat." in text
    # Emptying a dimension removes it; the page shows what is saved.
    client.post(url(world), {**OVERALL, "governance-strengths": "Perizinan daring."})
    assert list(DimensionFinding.objects.values_list("dimension__code", "strengths")) == [
        ("governance", "Perizinan daring.")]
    assert "Perizinan daring." in client.get(url(world)).content.decode()


def test_a_too_long_finding_gets_a_message_and_nothing_is_saved(world):
    response = world.client_for(world.secretariat).post(url(world), {
        **OVERALL, "society-weaknesses": "x" * 3001})
    assert response.status_code == 200
    assert "Pastikan" in response.content.decode()
    assert not EvaluationSummary.objects.exists() and not DimensionFinding.objects.exists()
