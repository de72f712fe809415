"""The week of each user, in a real browser, at a desktop's and a phone's width: the OPD head
is told of a returned report, finds it on their home page, fixes and resubmits it; the
secretariat verifies it; minutes are circulated, a member who attended comments, the
secretariat resolves the comment and approves after the confirmation page; a follow-up goes
from assigned to confirmed done with an attachment. Every page this walk owns fits the width.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from dewan.core.models import Notification
from dewan.council.choices import CouncilRole, Role
from meetings import services as meeting_services
from meetings.choices import AttendanceStatus, FollowUpStatus, MinutesStatus
from meetings.models import FollowUp, Minutes, MinutesComment
from programs.choices import ReportStatus
from programs.models import EvidenceFile, ProgressReport
from programs.periods import current_period, period_ensure
from tests.browser.conftest import log_in
from tests.factories import (
    AgencyFactory,
    CouncilMemberFactory,
    DecreeFactory,
    ProgramFactory,
    ProgressReportFactory,
    RegencyFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.programs.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
SHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


@pytest.fixture
def humbahas(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    regency = RegencyFactory(name="Humbang Hasundutan", slug="humbahas")
    kominfo = AgencyFactory(regency=regency, name="Dinas Komunikasi dan Informatika",
                            short_name="Kominfo")
    bappeda = AgencyFactory(regency=regency, name="Bappeda", short_name="Bappeda")
    secretariat = UserFactory(username="sekretariat", first_name="Sekretariat",
                              last_name="Dewan")
    RoleAssignmentFactory(user=secretariat, role=Role.SECRETARIAT, regency=regency)
    opd = UserFactory(username="kominfo", first_name="Batara", last_name="Siregar")
    RoleAssignmentFactory(user=opd, role=Role.OPD, regency=regency, agency=kominfo)
    member = UserFactory(username="anggota", first_name="Rosdiana", last_name="Simamora")
    RoleAssignmentFactory(user=member, role=Role.MEMBER, regency=regency)
    decree = DecreeFactory(regency=regency, number="66", year=2024,
                           date_signed=datetime.date(2024, 3, 4))
    CouncilMemberFactory(regency=regency, decree=decree, agency=bappeda, user=member,
                         name="Rosdiana Simamora, ST", council_role=CouncilRole.MEMBER)
    CouncilMemberFactory(regency=regency, decree=decree, agency=kominfo,
                         name="Batara Franz Siregar, SE", council_role=CouncilRole.SECRETARY)
    # Last quarter's report of Kominfo, submitted with its evidence.
    now = current_period(regency)
    earlier = period_ensure(regency=regency, period=now.period.previous())
    program = ProgramFactory(regency=regency, agency=kominfo, code="HBH-GOV-02",
                             name="Aplikasi pengaduan SP4N-LAPOR!",
                             start_year=earlier.year - 1, end_year=now.year + 1)
    report = ProgressReportFactory(program=program, year=earlier.year, quarter=earlier.quarter,
                                   status=ReportStatus.SUBMITTED, physical_progress=50)
    EvidenceFile.objects.create(report=report, file=_pdf_file("bukti.pdf"),
                                original_name="bukti.pdf", content_type="application/pdf",
                                size=len(PDF_BYTES))
    # Yesterday's meeting, which the member attended.
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = meeting_services.meeting_create(regency=regency, data={
        "title": "Rapat Koordinasi Dewan Smart City", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Aula Kantor Bupati"})
    meeting.attendances.update(status=AttendanceStatus.PRESENT)
    return regency, report, meeting


def _pdf_file(name: str):
    from django.core.files.base import ContentFile

    return ContentFile(PDF_BYTES, name=name)


class Walk:
    """The browser pages of the three users at one width, and the checks every step shares."""

    def __init__(self, browser, live_server, width: int):
        self.browser, self.live_server, self.width = browser, live_server, width
        self.pages = {}

    def as_(self, username: str):
        if username not in self.pages:
            context = self.browser.new_context(
                locale="id-ID", viewport={"width": self.width, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            log_in(page, self.live_server, username, PASSWORD)
            self.pages[username] = page
        return self.pages[username]

    def go(self, username: str, path: str):
        page = self.as_(username)
        page.goto(self.live_server.url + path)
        return page

    def fits(self, page, step: str) -> None:
        """No horizontal scrolling of the page at this width; a screenshot when asked."""
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{step}: page is {width} px wide at {self.width}"
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"week-{self.width}-{step}.png"),
                            full_page=True)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def _bell(page) -> str:
    count = page.locator(".portal-bell-count")
    return count.inner_text().split()[0] if count.count() else "0"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_week_of_the_opd_head_the_secretariat_and_a_member(browser, live_server, humbahas,
                                                               width, tmp_path):
    regency, report, meeting = humbahas
    slug = regency.slug
    walk = Walk(browser, live_server, width)
    try:
        # Monday: the secretariat returns last quarter's report with a comment.
        page = walk.go("sekretariat", f"/r/{slug}/program/laporan/{report.pk}/")
        page.fill("textarea[name=comment]", "Lampirkan foto kegiatan di desa.")
        page.get_by_role("button", name="Kembalikan ke OPD").click()
        page.wait_for_selector(".alert-success")

        # The OPD head is told (the bell), lands on their tasks and finds the report there,
        # last quarter's though it is, with the comment.
        page = walk.go("kominfo", "/")
        assert _bell(page) == "1"
        tasks = page.locator("#laporan-diperbaiki")
        assert "Lampirkan foto kegiatan di desa." in tasks.inner_text()
        walk.fits(page, "1-opd-tasks")
        page.goto(live_server.url + "/akun/notifikasi/")
        assert "dikembalikan untuk diperbaiki" in page.locator(".notification-list").inner_text()
        walk.fits(page, "2-opd-inbox")
        page.locator(".notification").first.get_by_role("button", name="Buka").click()
        page.wait_for_selector("input[name=physical_progress]")  # the report's form
        assert _bell(page) == "0"
        page.fill("input[name=physical_progress]", "80")
        page.fill("textarea[name=response]", "Foto kegiatan sudah dilampirkan.")
        page.set_input_files("input[name=evidence]", files=[{
            "name": "foto-desa.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
        page.get_by_role("button", name="Ajukan ulang").click()
        page.wait_for_selector(".report-status:has-text('Diajukan')")

        # The secretariat is told and verifies; the OPD head is told in turn.
        page = walk.go("sekretariat", f"/r/{slug}/beranda/")
        assert "HBH-GOV-02" in page.locator("#laporan-verifikasi").inner_text()
        walk.fits(page, "3-secretariat-tasks")
        page.locator("#laporan-verifikasi").get_by_role("link", name="Periksa").click()
        page.get_by_role("button", name="Verifikasi laporan").click()
        page.wait_for_selector(".alert-success")
        assert ProgressReport.objects.get().status == ReportStatus.VERIFIED
        assert Notification.objects.filter(kind="programs.report_verified").count() == 1

        # Minutes typed as people type, circulated to those who attended.
        page = walk.go("sekretariat", f"/r/{slug}/rapat/{meeting.pk}/notulen/ubah/")
        page.fill("textarea[name=discussion]", "Progres triwulan dibahas.\n"
                                               "Catatan Bappeda:\n- data dukung lengkap\n"
                                               "- foto diberi lokasi")
        page.fill("textarea[name=decisions]", "1. Kominfo melatih operator desa")
        page.click("button:has-text('Simpan notulen')")
        page.click("button:has-text('Edarkan ke peserta')")
        page.wait_for_selector(".minutes-review-note")

        # The member who attended is told, reads the list as a list, and comments.
        page = walk.go("anggota", "/")
        assert _bell(page) == "1"
        page.locator("#notulen-ditinjau").get_by_role(
            "link", name="Baca dan beri komentar").click()
        assert page.locator(".minutes-text li").count() == 3
        assert page.locator(".minutes-text br").count() >= 1
        page.fill(".minutes-comment-form textarea[name=text]",
                  "Mohon tambahkan bahwa Dinas Kesehatan hadir daring.")
        page.get_by_role("button", name="Kirim komentar").click()
        page.wait_for_selector(".minutes-comment:has-text('Dinas Kesehatan hadir daring')")
        walk.fits(page, "4-member-comment")

        # The secretariat resolves the comment and approves after the confirmation page.
        page = walk.go("sekretariat", f"/r/{slug}/beranda/")
        assert "1 komentar terbuka" in page.locator("#notulen-sekretariat").inner_text()
        page.locator("#notulen-sekretariat").get_by_role("link", name="Buka").click()
        page.fill(".comment-resolve-form textarea[name=note]",
                  "Ditambahkan pada daftar hadir.")
        page.get_by_role("button", name="Tandai sudah ditindaklanjuti").click()
        page.wait_for_selector(".comment-resolution")
        walk.fits(page, "5-secretariat-minutes")
        page.get_by_role("link", name="Setujui dan kunci…").click()
        assert "daftar hadir" in page.locator(".approve-locks").inner_text()
        walk.fits(page, "6-approve-confirm")
        page.get_by_role("button", name="Ya, setujui dan kunci").click()
        page.wait_for_selector(".minutes-status:has-text('Disetujui')")
        assert Minutes.objects.get().status == MinutesStatus.APPROVED
        assert MinutesComment.objects.get().is_resolved

        # A decision becomes a follow-up for Kominfo.
        page = walk.go("sekretariat", f"/r/{slug}/rapat/{meeting.pk}/tindak-lanjut/baru/")
        page.fill("textarea[name=description]", "Melatih operator desa")
        page.select_option("select[name=agency]", label="Kominfo")
        due = regency.local_today() + datetime.timedelta(days=14)
        page.fill("input[name=due_date]", due.isoformat())
        page.click("button:has-text('Simpan')")
        page.wait_for_selector("#tindak-lanjut:has-text('Melatih operator desa')")

        # The OPD head finds it on their tasks, reports with evidence and proposes it done.
        evidence = tmp_path / "daftar-hadir-pelatihan.pdf"
        evidence.write_bytes(PDF_BYTES)
        page = walk.go("kominfo", "/")
        page.locator("#tindak-lanjut-saya").get_by_role("link",
                                                        name="Melatih operator desa").click()
        page.fill(".followup-form textarea[name=text]", "Pelatihan 12 desa selesai.")
        page.set_input_files(".followup-form input[name=attachment]", str(evidence))
        page.check(".followup-form input[name=propose_done]")
        page.get_by_role("button", name="Simpan catatan").click()
        page.wait_for_selector(".followup-status:has-text('Diusulkan selesai')")
        walk.fits(page, "7-opd-followup")

        # The secretariat checks the evidence and confirms.
        page = walk.go("sekretariat", f"/r/{slug}/beranda/")
        page.locator("#tindak-lanjut-sekretariat").get_by_role(
            "link", name="Melatih operator desa").click()
        assert "daftar-hadir-pelatihan.pdf" in page.locator(".followup-updates").inner_text()
        page.get_by_role("button", name="Konfirmasi selesai").click()
        page.wait_for_selector(".followup-status:has-text('Selesai')")
        walk.fits(page, "8-followup-done")
        assert FollowUp.objects.get().status == FollowUpStatus.DONE
        page = walk.go("kominfo", "/akun/notifikasi/")
        assert "dikonfirmasi selesai" in page.locator(".notification-list").inner_text()
    finally:
        walk.close()
