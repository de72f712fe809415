"""The secretariat's week in one journey, in a real browser: schedule a meeting, build its
agenda in place, add the ministry expert who joins online, record attendance, write and
approve the minutes (after a confirmation page), download the PDF; then the assigned OPD head
adds a progress note to the follow-up."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from pypdf import PdfReader

from dewan.council.choices import CouncilRole, Role
from meetings.choices import FollowUpStatus
from meetings.models import FollowUp, Minutes
from tests.browser.conftest import log_in
from tests.factories import (
    AgencyFactory,
    CouncilMemberFactory,
    DecreeFactory,
    RegencyFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
SHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def humbahas(transactional_db):
    regency = RegencyFactory(name="Humbang Hasundutan", slug="humbahas")
    kominfo = AgencyFactory(regency=regency, name="Dinas Komunikasi dan Informatika",
                            short_name="Kominfo")
    setda = AgencyFactory(regency=regency, name="Sekretariat Daerah", short_name="Setdakab")
    decree = DecreeFactory(regency=regency, number="66", year=2024,
                           date_signed=datetime.date(2024, 3, 4))
    for order, (name, role, agency) in enumerate([
            ("Chiristison Rudianto Marbun", CouncilRole.CHAIR, setda),
            ("Tua Marsatti Marbun", CouncilRole.VICE_CHAIR, setda),
            ("Batara Franz Siregar", CouncilRole.SECRETARY, kominfo)], start=1):
        CouncilMemberFactory(regency=regency, decree=decree, agency=agency, name=name,
                             council_role=role, order=order)
    secretariat = UserFactory(username="sekretariat", first_name="Sekretariat",
                              last_name="Dewan")
    RoleAssignmentFactory(user=secretariat, role=Role.SECRETARIAT, regency=regency)
    opd = UserFactory(username="kominfo", first_name="Batara", last_name="Siregar")
    RoleAssignmentFactory(user=opd, role=Role.OPD, regency=regency, agency=kominfo)
    return regency


def test_secretariat_runs_a_meeting_to_approved_minutes_and_the_opd_follows_up(
        page, browser, live_server, humbahas):
    base = f"{live_server.url}/r/{humbahas.slug}/rapat/"
    log_in(page, live_server, "sekretariat", PASSWORD)

    # Schedule the meeting.
    page.goto(base)
    page.click("text=Jadwalkan rapat")
    page.select_option("select[name=kind]", "rapat_dewan")
    page.fill("input[name=title]", "Rapat Dewan Smart City Humbang Hasundutan")
    page.fill("input[name=start]", "2024-09-12T09:00")
    page.fill("input[name=end]", "2024-09-12T12:00")
    page.fill("input[name=place]", "Ruang Rapat Sekretariat Kantor Bupati")
    page.select_option("select[name=mode]", "hybrid")
    page.fill("input[name=online_link]", "https://zoom.example/j/2024")
    page.select_option("select[name=chair]", label="Chiristison Rudianto Marbun (Ketua)")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("h1:has-text('Rapat Dewan Smart City Humbang Hasundutan')")

    # Agenda, in place: the page is never reloaded (the marker survives).
    page.evaluate("window.__noReload = true")
    for title in ("Pembukaan oleh Sekda", "Diskusi", "Paparan narasumber Kemkominfo"):
        page.fill("#agenda-title", title)
        page.click("#agenda button:has-text('Tambah')")
        page.wait_for_selector(f"#agenda .agenda-item:has-text('{title}')")
    page.locator("#agenda .agenda-item", has_text="Paparan narasumber").locator(
        "button[title=Naikkan]").click()
    page.wait_for_function(  # a function, not an expression: the CSP refuses eval()
        "() => document.querySelectorAll('#agenda .agenda-item')[1].innerText"
        ".includes('Paparan')")
    assert page.evaluate("window.__noReload") is True
    _shot(page, "1-meeting-detail")

    # The ministry expert joining online, then everyone's attendance.
    page.click("a:has-text('Daftar hadir')")
    page.fill(".guest-form input[name=name]", "Dwi Elfrida Martina")
    page.fill(".guest-form input[name=organisation]", "Kementerian Komunikasi dan Informatika")
    page.select_option(".guest-form select[name=status]", "daring")
    page.check(".guest-form input[name=is_resource_person]")
    page.click("button:has-text('Tambah tamu')")
    page.wait_for_selector(".attendance-table:has-text('Dwi Elfrida Martina')")
    selects = page.locator(".attendance-table select")
    for index, status in enumerate(["hadir", "hadir", "izin", "daring"]):
        selects.nth(index).select_option(status)
    page.click("button:has-text('Simpan daftar hadir')")
    page.wait_for_selector(".attendance-summary:has-text('Kuorum tercapai')")
    _shot(page, "2-attendance")

    # Minutes: write, circulate, approve, download the PDF.
    page.goto(base)
    page.click("a:has-text('Rapat Dewan Smart City Humbang Hasundutan')")
    page.click("a:has-text('Notulen')")
    page.click("a:has-text('Tulis notulen')")
    page.fill("textarea[name=discussion]", "Sekda menyampaikan **arah** smart city.")
    page.fill("textarea[name=decisions]", "1. Kominfo menyusun rencana aksi quick win.")
    page.click("button:has-text('Simpan notulen')")
    page.click("button:has-text('Edarkan ke peserta')")
    page.click("a:has-text('Setujui dan kunci')")  # asks first, naming what it locks
    page.wait_for_selector(".approve-locks:has-text('daftar hadir')")
    page.click("button:has-text('Ya, setujui dan kunci')")
    page.wait_for_selector(".minutes-status:has-text('Disetujui')")
    _shot(page, "3-minutes")
    with page.expect_download() as download_info:
        page.click("a:has-text('Unduh PDF Notulen')")
    pdf = download_info.value.path().read_bytes()
    minutes = Minutes.objects.get()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert minutes.number in text and "Dwi Elfrida Martina" in text
    assert "Chiristison Rudianto Marbun" in text

    # A decision becomes a follow-up for Kominfo, already overdue.
    page.goto(base)
    page.click("a:has-text('Rapat Dewan Smart City Humbang Hasundutan')")
    page.click("a:has-text('Tambah tindak lanjut')")
    page.fill("textarea[name=description]", "Menyusun rencana aksi quick win")
    page.select_option("select[name=agency]", label="Kominfo")
    page.fill("input[name=due_date]", "2024-11-30")
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("#tindak-lanjut:has-text('lewat batas waktu')")

    # The OPD head of Kominfo updates it.
    opd_context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    opd = opd_context.new_page()
    log_in(opd, live_server, "kominfo", PASSWORD)
    opd.goto(base + "tindak-lanjut/")
    opd.click("a:has-text('Menyusun rencana aksi quick win')")
    opd.fill(".followup-form textarea[name=text]", "Draf dibahas dengan Bappeda.")
    opd.click("button:has-text('Simpan catatan')")
    opd.wait_for_selector(".followup-status:has-text('Dalam proses')")
    _shot(opd, "4-followup")
    opd_context.close()
    followup = FollowUp.objects.get()
    assert followup.status == FollowUpStatus.IN_PROGRESS
    assert followup.updates.get().text == "Draf dibahas dengan Bappeda."
