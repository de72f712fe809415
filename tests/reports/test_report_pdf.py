"""The evaluation PDF: what it says, on every page, and what user text cannot do to it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from dewan.documents import render as pdf
from tests.factories import RegencyFactory
from tests.reports.factories import build_year_of_work, summary_for

pytestmark = pytest.mark.django_db


def pages_text(report) -> list[str]:
    with report.pdf.open("rb") as handle:
        return [page.extract_text() for page in PdfReader(handle).pages]


@pytest.fixture
def regency():
    regency = RegencyFactory(name="Toba", slug="toba")
    build_year_of_work(regency, programs=45, quarters=3, meetings=4)
    return regency


def test_pdf_names_the_regency_period_and_program_count(regency, make_ready_report):
    report = make_ready_report(regency, "2024-Q3")
    text = "\n".join(pages_text(report))
    assert "Kabupaten Toba" in text and "Triwulan III Tahun 2024" in text
    assert "Jumlah: 45 program" in text
    assert "SC-045" in text  # the annex lists every program
    assert report.inputs["program_count"] == 45 and report.inputs["period"] == "2024-Q3"
    assert report.page_count == len(pages_text(report)) > 3


def test_every_page_carries_the_regency_and_its_page_number(regency, make_ready_report):
    report = make_ready_report(regency, "2024")
    pages = pages_text(report)
    for number, text in enumerate(pages, start=1):
        assert "Kabupaten Toba" in text, number
        assert f"Halaman {number} dari {len(pages)}" in text
    assert "Tahun 2024" in pages[0]


def test_pdf_shows_the_council_meetings_behind_programs_and_obstacles(regency,
                                                                      make_ready_report):
    text = "\n".join(pages_text(make_ready_report(regency, "2024-Q3")))
    assert "SK Nomor 66 Tahun 2023" in text
    assert "Rapat Dewan Smart City 3" in text and "6/8 (75,0%)" in text
    assert "Keputusan 3: menyusun Perbup aplikasi." in text
    assert "Jaringan internet belum stabil" in text  # obstacles
    assert "Program yang terlambat" in text and "Tertunda" in text
    assert "Rp " in text and "Smart Environment" in text


def test_summary_text_is_printed_as_text_and_fetches_nothing(regency, make_ready_report,
                                                            monkeypatch):
    fetched = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyFetcher, "fetch", spy)
    summary_for(regency, strengths="<img src=file:///etc/passwd>",
                weaknesses='<link rel="stylesheet" href="file:///etc/passwd">',
                recommendations="<b>tebal</b> & <script>alert(1)</script>")
    text = "\n".join(pages_text(make_ready_report(regency, "2024-Q3")))
    assert "<img src=file:///etc/passwd>" in text
    assert '<link rel="stylesheet" href="file:///etc/passwd">' in text
    assert "<b>tebal</b> & <script>alert(1)</script>" in text
    assert "root:" not in text
    # only the portal's own stylesheets, nothing the summary's text names
    assert fetched and all(url.startswith("https://portal.invalid/static/css/pdf-")
                           for url in fetched), fetched


def test_the_fetcher_refuses_files_and_network_even_in_raw_html():
    rendered = pdf.render_pdf_from_html(
        '<link rel="stylesheet" href="http://example.com/x.css">'
        '<img src="file:///etc/passwd"><img src="https://portal.invalid/static/../settings.py">'
        '<p>isi</p>')
    assert set(rendered.refused) == {"http://example.com/x.css", "file:///etc/passwd",
                                     "https://portal.invalid/static/../settings.py"}
    assert rendered.page_count == 1


def test_the_final_report_is_signed_by_the_council_chair_and_prints_real_tables(
        regency, make_ready_report, make_final_report):
    """Issue 11 item 3: letterhead, number, place and approval date, the chair from the
    decree in force with their NIP, codes never broken over lines, full dimension names,
    long dates; the draft has no number and no date yet and says DRAF."""
    from dewan.council.choices import CouncilRole
    from dewan.council.models import CouncilMember

    chair = CouncilMember.objects.get(regency=regency, council_role=CouncilRole.CHAIR)
    chair.nip = "197501012000031001"
    chair.save()
    regency.signing_place = "Balige"
    regency.save()
    draft = "\n".join(pages_text(make_ready_report(regency, "2024-Q3")))
    assert "DRAF" in draft and "diberi nomor saat disetujui" in draft
    assert "(tanggal persetujuan)" in draft
    report = make_final_report(regency, "2024-Q3")
    pages = pages_text(report)
    text = "\n".join(pages)
    approved = report.approved_at.astimezone(regency.tzinfo)
    assert "PEMERINTAH KABUPATEN TOBA" in pages[0] and "DEWAN SMART CITY" in pages[0]
    assert f"Nomor: 050/001/DSC/{approved.year}" in pages[0] and "DRAF" not in text
    assert "Ketua Dewan Smart City" in text and chair.name in text
    assert "NIP. 197501012000031001" in text
    assert f"Balige, {approved.day} " in text  # "Balige, 24 November 2026": a long date
    assert "SC-045" in text and "SC-\n" not in text  # a code is never split over lines
    assert "Smart Branding" in pages[-1]  # the annex names dimensions in full
