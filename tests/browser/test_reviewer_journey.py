"""A ministry reviewer's visit, in a real browser: log in, sort the national overview by the
ministry's evaluation index, filter it, open a regency, download its final evaluation report
(a real PDF, logged), and check it on the public verification page the report's code leads
to."""

from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader

from dewan.core.calendar import Period
from dewan.council.choices import Role
from reports.choices import AssessmentSource
from reports.models import ReportDownload
from reports.services import report_approve, report_request
from reports.tasks import render_evaluation_report
from tests.browser.conftest import log_in
from tests.factories import RegencyFactory, RoleAssignmentFactory, UserFactory
from tests.reports.conftest import council_approver
from tests.reports.factories import assess, build_year_of_work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
SHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _ready_report(regency, period: str):
    report = report_request(regency=regency, period=Period.parse(period), enqueue=False)
    render_evaluation_report.apply(args=[report.pk])
    report.refresh_from_db()
    return report


@pytest.fixture
def national(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    toba = RegencyFactory(name="Toba", slug="toba", province="Sumatera Utara")
    batang = RegencyFactory(name="Batang", slug="batang", province="Jawa Tengah")
    for regency in (toba, batang):
        build_year_of_work(regency, programs=6, quarters=3, meetings=2)
    _ready_report(toba, "2024-Q2")
    approver = council_approver(toba)  # seated before the draft: the draft names the council
    draft = _ready_report(toba, "2024-Q3")
    latest = report_approve(report=draft, by=approver, enqueue=False)
    render_evaluation_report.apply(args=[latest.pk])
    latest.refresh_from_db()
    _ready_report(toba, "2024-Q3")  # a later draft: listed after the final
    reviewer = UserFactory(username="reviewer.komdigi", password=PASSWORD)
    RoleAssignmentFactory(user=reviewer, role=Role.REVIEWER, regency=None)
    # The 2024 index: Batang's assessed above Toba's.
    for regency, values in ((toba, [3, 3, 3, 3, 3]), (batang, [4, 4, 4, 3.5, 4])):
        assess(regency, reviewer, AssessmentSource.ASSESSOR, values)
    return {"toba": toba, "batang": batang, "latest": latest, "reviewer": reviewer}


def test_reviewer_filters_the_overview_opens_a_regency_and_downloads_its_latest_report(
        page, live_server, national):
    log_in(page, live_server, "reviewer.komdigi", PASSWORD)
    assert page.url.endswith("/nasional/")
    table = page.locator("#national-table")
    assert table.locator("tbody tr").count() == 2

    # Sorted by the 2024 index (the column header), the higher index first.
    page.select_option("#id_year", "2024")
    page.click("#national-filter button[type=submit]")
    page.wait_for_selector("#sort-index")
    page.click("#sort-index")
    page.wait_for_selector("#sort-index + .bi-sort-down")
    order = [row.get_attribute("data-regency") for row in table.locator("tbody tr").all()]
    assert order == ["batang", "toba"]
    assert table.locator("tbody tr .index-cell").all_inner_texts() == ["3,90", "3,00"]
    assert page.locator("#id_sort").input_value() == "indeks"
    _shot(page, "reviewer-0-by-index")

    page.select_option("#id_province", "Sumatera Utara")
    page.select_option("#id_year", "2024")
    page.click("#national-filter button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.locator("#national-table tbody tr")
    assert rows.count() == 1 and "Kabupaten Toba" in rows.first.inner_text()
    assert page.locator("#chart-dimensions").is_visible()
    _shot(page, "reviewer-1-overview")

    page.click("#national-table a:has-text('Kabupaten Toba')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/nasional/toba/?tahun=2024")
    assert "Rata-rata progres 2024" in page.content()  # the year chosen on the overview
    periods = page.locator("#report-periods tbody tr")
    assert "Triwulan III Tahun 2024" in periods.first.inner_text()
    _shot(page, "reviewer-2-regency")

    with page.expect_download() as info:
        periods.first.locator("a:has-text('Unduh')").click()
    download = info.value
    content = open(download.path(), "rb").read()  # noqa: SIM115 — the browser's temp file
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Kabupaten Toba" in text and "Triwulan III Tahun 2024" in text
    assert "v1-final" in download.suggested_filename and "2024-Q3" in download.suggested_filename
    assert national["latest"].number in text
    log = ReportDownload.objects.get()
    assert (log.report_id, log.user) == (national["latest"].pk, national["reviewer"])
    # Reviewers are offered nothing to change.
    assert page.locator("form[method=post] button:has-text('Buat')").count() == 0

    # The final's page names its number and code; the code opens the public page, where the
    # downloaded file is recognised byte for byte.
    periods.first.locator("a:has-text('v1')").click()
    page.wait_for_load_state("networkidle")
    assert national["latest"].number in page.locator("#report-stage").inner_text()
    page.click("#report-stage a:has-text('-')")
    page.wait_for_load_state("networkidle")
    assert "/verifikasi/" in page.url and page.locator("#verify-valid").is_visible()
    page.set_input_files("input[type=file]", download.path())
    page.click("button:has-text('Cocokkan')")
    page.wait_for_selector("#verify-match")
    _shot(page, "reviewer-3-verified")
