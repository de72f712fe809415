"""One truth for the figures: the regency's dashboard, the reviewers' national overview and
regency page, and the evaluation report's PDF show the same verified progress."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from programs.choices import ReportStatus
from programs.models import Dimension
from tests.factories import ProgramFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_status(world):
    """Five Smart Governance programs of 2024, one per reporting situation:

    verified 60 % in Q3; verified 40 % in Q2 then submitted 90 % in Q3 (waiting);
    returned 30 % in Q3; a draft of 100 % in Q3; nothing at all.
    Verified progress: 60 and 40 → 50,0 %; realised 600 + 400 million.
    """
    governance = Dimension.objects.get(code="governance")

    def program(code):
        return ProgramFactory(regency=world.regency, agency=world.agency, code=code,
                              start_year=2024, end_year=2026, dimensions=[governance],
                              planned_budget=1_000_000_000)

    def report(prog, quarter, status, progress, realised):
        ProgressReportFactory(program=prog, year=2024, quarter=quarter, status=status,
                              physical_progress=progress, budget_realised=realised)

    report(program("GOV-1"), 3, ReportStatus.VERIFIED, 60, 600_000_000)
    waiting = program("GOV-2")
    report(waiting, 2, ReportStatus.VERIFIED, 40, 400_000_000)
    report(waiting, 3, ReportStatus.SUBMITTED, 90, 900_000_000)
    report(program("GOV-3"), 3, ReportStatus.RETURNED, 30, 300_000_000)
    report(program("GOV-4"), 3, ReportStatus.DRAFT, 100, 1_000_000_000)
    program("GOV-5")


def _governance(rows):
    return next(r for r in rows if r.dimension.code == "governance")


def test_dashboard_national_row_reviewer_page_and_pdf_show_the_same_verified_figures(
        world, every_status, make_ready_report, media_root):
    dashboard = world.client_for(world.secretariat).get(
        reverse("home:dashboard", args=[world.regency.slug]), {"periode": "2024-Q3"})
    governance = _governance(dashboard.context["dimensions"])
    assert float(governance.average_progress) == 50.0
    assert governance.figures.reported == 2 and governance.program_count == 5
    assert governance.realised == 1_000_000_000
    assert governance.realisation_rate == 20  # of the five programs' planned 5 billion
    # what is submitted but not verified is shown apart, marked as such
    assert governance.figures.pending == 1 and governance.figures.pending_average == 90
    assert "belum diverifikasi" in dashboard.content.decode()

    reviewer = world.client_for(world.reviewer)
    national = reviewer.get(reverse("national:overview"), {"year": 2024})
    row = next(r for r in national.context["rows"] if r.regency == world.regency)
    assert row.dimension_progress["governance"] == 50.0

    regency_page = reviewer.get(reverse("national:regency", args=[world.regency.slug]),
                                {"tahun": 2024})
    assert regency_page.context["row"].dimension_progress["governance"] == 50.0
    assert "50,0%" in regency_page.content.decode()

    report = make_ready_report(world.regency, "2024-Q3")
    with report.pdf.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    line = next(line for line in text.splitlines() if line.startswith("Smart Governance"))
    assert "50,0%" in line and "Rp 1.000.000.000" in line, line
    assert "90,0%" not in text  # the waiting report is not evidence yet
