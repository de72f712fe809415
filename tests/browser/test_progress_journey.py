"""A quarter's progress report in a real browser: the OPD head fills this quarter's report
with an evidence file and submits it; the secretariat returns it with a comment; the OPD head
fixes and resubmits; the secretariat verifies; the dashboard shows the new figure."""

from __future__ import annotations

import os

import pytest

from dewan.council.choices import Role
from programs.choices import DIMENSIONS, ReportStatus
from programs.models import Dimension, Element, ProgressReport
from programs.periods import current_period
from tests.browser.conftest import log_in
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    ProgramFactory,
    RegencyFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
SHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"progress-{name}.png"), full_page=True)


@pytest.fixture
def toba(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for order, (code, name, elements) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.update_or_create(
            code=code, defaults={"name": name, "order": order})
        for e_order, (e_code, e_name, e_en) in enumerate(elements, start=1):
            Element.objects.update_or_create(code=e_code, defaults={
                "dimension": dimension, "name": e_name, "name_en": e_en, "order": e_order})
    regency = RegencyFactory(name="Toba", slug="toba")
    kominfo = AgencyFactory(regency=regency, name="Dinas Komunikasi dan Informatika",
                            short_name="Kominfo")
    secretariat = UserFactory(username="sekretariat", first_name="Sekretariat",
                              last_name="Dewan")
    RoleAssignmentFactory(user=secretariat, role=Role.SECRETARIAT, regency=regency)
    opd = UserFactory(username="kominfo", first_name="Sesmon", last_name="Butarbutar")
    RoleAssignmentFactory(user=opd, role=Role.OPD, regency=regency, agency=kominfo)
    period = current_period(regency)
    program = ProgramFactory(regency=regency, agency=kominfo, code="TBA-BRD-01",
                             name="Rumah Kreatif Toba", start_year=period.year - 1,
                             end_year=period.year + 1, planned_budget=350_000_000,
                             dimensions=[Dimension.objects.get(code="branding")])
    indicator = IndicatorFactory(program=program, name="UMKM berjualan di aplikasi",
                                 unit="UMKM")
    IndicatorTargetFactory(indicator=indicator, year=period.year, target=150)
    return regency


def _as(browser, live_server, username: str):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, PASSWORD)
    return page


def _menu(page, name: str) -> None:
    page.locator("#navUtama a.nav-link", has_text=name).click()


def _fill_report(page, progress: str, evidence) -> None:
    page.fill("input[name=physical_progress]", progress)
    page.fill("input[name=budget_realised]", "120.000.000")
    page.get_by_label("UMKM berjualan di aplikasi (UMKM)").fill("96")
    page.fill("textarea[name=achievements]", "96 UMKM sudah berjualan di aplikasi.")
    page.fill("textarea[name=obstacles]", "Sebagian UMKM belum punya rekening bank.")
    page.fill("textarea[name=next_steps]", "Pendampingan bersama IT Del.")
    page.set_input_files("input[name=evidence]", evidence)


def test_opd_reports_secretariat_returns_opd_resubmits_secretariat_verifies(
        browser, live_server, toba, tmp_path):
    evidence = tmp_path / "foto-pelatihan-umkm.png"
    evidence.write_bytes(PNG)
    opd = _as(browser, live_server, "kominfo")

    # The OPD head finds this quarter's report missing and fills it in.
    _menu(opd, "Laporan triwulan ini")
    row = opd.locator("tr", has_text="Rumah Kreatif Toba")
    assert row.locator(".report-state").inner_text() == "Belum diisi"
    _shot(opd, "1-quarter")
    row.get_by_role("link", name="Isi laporan").click()
    _fill_report(opd, "35", str(evidence))
    _shot(opd, "2-form")
    opd.get_by_role("button", name="Ajukan ke sekretariat").click()
    assert "diajukan ke sekretariat" in opd.locator(".alert-success").inner_text()
    assert opd.locator(".report-status").inner_text() == "Diajukan"

    # The secretariat returns it with a comment.
    secretariat = _as(browser, live_server, "sekretariat")
    _menu(secretariat, "Verifikasi")
    secretariat.locator("tr", has_text="Rumah Kreatif Toba").get_by_role(
        "link", name="Periksa").click()
    assert "foto-pelatihan-umkm.png" in secretariat.content()
    secretariat.fill("textarea[name=comment]", "Lampirkan juga daftar UMKM yang berjualan.")
    _shot(secretariat, "3-review")
    secretariat.get_by_role("button", name="Kembalikan ke OPD").click()
    assert "dikembalikan" in secretariat.locator(".alert-success").inner_text()

    # The OPD head sees the comment, fixes the report and submits it again.
    _menu(opd, "Laporan triwulan ini")
    row = opd.locator("tr", has_text="Rumah Kreatif Toba")
    assert row.locator(".report-state").inner_text() == "Dikembalikan"
    assert "daftar UMKM" in row.inner_text()
    row.get_by_role("link", name="Perbaiki").click()
    opd.fill("input[name=physical_progress]", "42.5")
    opd.fill("textarea[name=response]", "Daftar UMKM sudah dilampirkan.")
    opd.set_input_files("input[name=evidence]", str(evidence))
    opd.get_by_role("button", name="Ajukan ulang").click()
    assert opd.locator(".report-status").inner_text() == "Diajukan"

    # The secretariat verifies; the history keeps every step.
    _menu(secretariat, "Verifikasi")
    secretariat.locator("tr", has_text="Rumah Kreatif Toba").get_by_role(
        "link", name="Periksa").click()
    secretariat.get_by_role("button", name="Verifikasi laporan").click()
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.VERIFIED
    assert report.events.count() == 4  # submitted, returned, resubmitted, verified

    # The dashboard shows the verified figure, in the table and drawn as a chart.
    _menu(secretariat, "Dasbor")
    branding = secretariat.locator("#table-progress tr", has_text="Smart Branding")
    assert branding.locator("td").nth(3).inner_text() == "42,5%"  # the verified average
    assert secretariat.locator("#total-progress").inner_text() == "42,5%"
    secretariat.wait_for_function("() => window.Chart && Chart.getChart('chart-progress')")
    assert secretariat.evaluate(
        "() => Chart.getChart('chart-progress').data.datasets[0].data[1]") == 42.5
    _shot(secretariat, "4-dashboard")
