"""Demo data of the programs app: masterplan programs of the five seed regencies, with
indicators and yearly targets, reporting periods and some quarters of progress reports.

Facts from the articles: Toba's "Rumah Kreatif Toba" (a digital market app for UMKM, Smart
Branding, by Dinas Kominfo with IT Del) and the legal-basis rule of seed 002; Labuhanbatu
Utara concentrating on Smart Governance applications; Batang's priorities (fast birth
certificates and civil registration, investment, tourism). Everything else is plausible DEMO
data. Reports are made for the current quarter and the two before it, so the pages always
show something in every state: verified, submitted, returned, draft and missing.

Idempotent: rows are found by natural keys (regency + program code, program + indicator
name, program + quarter), so a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from programs import notices
from programs.choices import (
    FundingSource,
    Horizon,
    LegalBasisLevel,
    ProgramKind,
    ProgramReach,
    ProgramStatus,
    ReportStatus,
)
from programs.models import (
    Dimension,
    Element,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Program,
    ProgressReport,
    ProgressReportEvent,
)
from programs.periods import current_period, period_ensure

APP, INFRA, REG, ACT = (ProgramKind.APPLICATION, ProgramKind.INFRASTRUCTURE,
                        ProgramKind.REGULATION, ProgramKind.ACTIVITY)
QW, SHORT, MID, LONG = Horizon.QUICK_WIN, Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG


@dataclass
class P:
    """One demo program (budget in millions of rupiah, to keep the table readable)."""

    code: str
    name: str
    agency: str
    dimensions: list[str]
    elements: list[str]
    kind: str
    horizon: str
    years: tuple[int, int]
    budget_million: int
    base_progress: int
    indicator: tuple[str, str, int, int] = ("", "", 0, 0)  # name, unit, baseline, yearly step
    funding: str = FundingSource.APBD
    reach: str = ProgramReach.INTERNAL
    legal_level: str = LegalBasisLevel.NONE
    legal_basis: str = ""
    partners: str = ""
    description: str = ""
    status: str = ProgramStatus.RUNNING
    extra: dict = field(default_factory=dict)


PROGRAMS: dict[str, list[P]] = {
    "humbang-hasundutan": [
        P("HBH-GOV-01", "Satu Data Humbang Hasundutan", "Kominfo", ["governance"],
          ["kebijakan_publik"], APP, SHORT, (2024, 2026), 450, 40,
          ("Dataset OPD terbit di portal data", "dataset", 20, 60),
          reach=ProgramReach.SHARED, legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Humbang Hasundutan tentang Satu Data Daerah",
          description="Portal data terpadu untuk perencanaan lintas OPD."),
        P("HBH-GOV-02", "Aplikasi layanan pengaduan masyarakat terintegrasi SP4N-LAPOR!",
          "Kominfo", ["governance"], ["pelayanan_publik"], APP, QW, (2024, 2025), 120, 55,
          ("Aduan ditindaklanjuti tepat waktu", "%", 60, 10), reach=ProgramReach.PUBLIC,
          legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup tentang Pengelolaan Pengaduan Pelayanan Publik"),
        P("HBH-LIV-01", "Rekam medis elektronik puskesmas", "Dinkes", ["living"],
          ["kesehatan"], APP, MID, (2024, 2027), 900, 25,
          ("Puskesmas memakai rekam medis elektronik", "puskesmas", 3, 4),
          funding=FundingSource.DAK, partners="PT Telkom Indonesia"),
        P("HBH-SOC-01", "Kelas digital guru SD dan SMP", "Disdik", ["society"],
          ["ekosistem_belajar"], ACT, SHORT, (2024, 2025), 200, 50,
          ("Guru terlatih literasi digital", "orang", 150, 200), partners="IT Del"),
        P("HBH-BRD-01", "Promosi digital destinasi Danau Toba sisi Humbahas", "Dispar",
          ["branding"], ["pariwisata"], ACT, SHORT, (2024, 2025), 250, 45,
          ("Kunjungan wisatawan", "orang", 85000, 10000)),
        P("HBH-ECO-01", "QRIS untuk retribusi pasar", "BPKAD", ["economy"],
          ["transaksi_keuangan"], APP, QW, (2024, 2025), 80, 60,
          ("Pedagang membayar retribusi non-tunai", "pedagang", 100, 250),
          partners="PT Bank Sumut", funding=FundingSource.CSR),
        P("HBH-ENV-01", "Bank sampah digital desa", "DLH", ["environment"],
          ["pengelolaan_sampah"], ACT, MID, (2024, 2027), 300, 20,
          ("Desa dengan bank sampah aktif", "desa", 5, 8)),
    ],
    "deli-serdang": [
        P("DS-GOV-01", "Mal Pelayanan Publik digital", "DPMPTSP", ["governance"],
          ["pelayanan_publik"], APP, MID, (2023, 2026), 1500, 45,
          ("Layanan perizinan daring", "jenis layanan", 40, 15), reach=ProgramReach.PUBLIC,
          legal_level=LegalBasisLevel.REGENT, legal_basis="Perbup Deli Serdang tentang MPP"),
        P("DS-GOV-02", "Sistem persandian dan keamanan informasi OPD", "Kominfostan",
          ["governance"], ["manajemen_birokrasi"], INFRA, SHORT, (2024, 2025), 600, 35,
          ("OPD dengan sertifikat elektronik", "OPD", 10, 15)),
        P("DS-LIV-01", "Rumah layak huni berbasis data spasial", "Perkimtan", ["living"],
          ["tata_ruang"], APP, MID, (2023, 2026), 700, 30,
          ("Rumah tidak layak huni terpetakan", "unit", 1200, 800)),
        P("DS-LIV-02", "Ambulans desa terhubung call center 112", "Dinkes", ["living"],
          ["kesehatan", "transportasi"], INFRA, SHORT, (2024, 2025), 850, 50,
          ("Waktu tanggap darurat", "menit", 45, -10), funding=FundingSource.APBN),
        P("DS-ECO-01", "Pasar UMKM daring Deli Serdang", "Diskopukm", ["economy"],
          ["kesejahteraan_rakyat"], APP, SHORT, (2024, 2025), 300, 40,
          ("UMKM terdaftar", "UMKM", 300, 500), partners="PT Bank Sumut"),
        P("DS-SOC-01", "CCTV terpadu ruang publik", "Kominfostan", ["society"],
          ["keamanan_masyarakat"], INFRA, MID, (2023, 2026), 1200, 35,
          ("Titik CCTV aktif", "titik", 40, 30)),
        P("DS-ENV-01", "Penerangan jalan umum tenaga surya", "Dishub", ["environment"],
          ["pengelolaan_energi"], INFRA, LONG, (2023, 2032), 2500, 15,
          ("Titik PJU tenaga surya", "titik", 100, 150), funding=FundingSource.DAK),
        P("DS-BRD-01", "Branding kawasan Pantai Cermin", "Dispar", ["branding"],
          ["pariwisata", "wajah_kota"], ACT, SHORT, (2024, 2025), 400, 40),
    ],
    "toba": [
        P("TBA-BRD-01", "Rumah Kreatif Toba", "Kominfo", ["branding", "economy"],
          ["bisnis_daerah", "kesejahteraan_rakyat"], APP, QW, (2022, 2026), 350, 55,
          ("UMKM berjualan di aplikasi", "UMKM", 120, 150), reach=ProgramReach.SHARED,
          legal_level=LegalBasisLevel.AGENCY_HEAD,
          legal_basis="Peraturan Kepala Dinas Kominfo Toba tentang Aplikasi Rumah Kreatif Toba",
          partners="IT Del, Komunitas UMKM Toba",
          description="Aplikasi pasar digital (digital market) untuk UMKM Toba, kerja sama "
                      "Dinas Kominfo dan IT Del; dipakai juga oleh Diskopukm dan Dispar."),
        P("TBA-BRD-02", "Kalender event wisata Danau Toba", "Dispar", ["branding"],
          ["pariwisata"], APP, SHORT, (2024, 2025), 150, 45,
          ("Event terpublikasi", "event", 12, 12)),
        P("TBA-GOV-01", "Balai Data Kabupaten Toba", "Kominfo", ["governance"],
          ["kebijakan_publik"], INFRA, MID, (2022, 2026), 800, 50,
          ("OPD terhubung ke pusat data", "OPD", 10, 8), reach=ProgramReach.SHARED,
          legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Toba tentang Penyelenggaraan Pusat Data Daerah"),
        P("TBA-LIV-01", "Telemedisin puskesmas pesisir danau", "Dinkes", ["living"],
          ["kesehatan"], APP, MID, (2024, 2027), 500, 20,
          ("Konsultasi telemedisin", "konsultasi", 0, 600), partners="IT Del"),
        P("TBA-SOC-01", "Wi-Fi desa dan literasi digital", "Kominfo", ["society"],
          ["interaksi_masyarakat", "ekosistem_belajar"], INFRA, SHORT, (2024, 2025), 400, 40,
          ("Desa dengan titik Wi-Fi publik", "desa", 20, 30)),
        P("TBA-ENV-01", "Pemantauan kualitas air Danau Toba", "DLH", ["environment"],
          ["proteksi_lingkungan"], INFRA, LONG, (2023, 2032), 1200, 15,
          ("Titik sensor kualitas air", "titik", 2, 4), partners="IT Del"),
    ],
    "labuhanbatu-utara": [
        P("LBU-GOV-01", "e-Kinerja ASN Labura", "Kominfo", ["governance"],
          ["manajemen_birokrasi"], APP, SHORT, (2024, 2025), 250, 60,
          ("ASN mengisi e-Kinerja", "%", 55, 20), reach=ProgramReach.SHARED,
          legal_level=LegalBasisLevel.REGENT, legal_basis="Perbup Labura tentang e-Kinerja"),
        P("LBU-GOV-02", "e-Office dan tanda tangan elektronik", "Kominfo", ["governance"],
          ["manajemen_birokrasi"], APP, SHORT, (2024, 2025), 300, 50,
          ("Naskah dinas elektronik", "%", 30, 30), reach=ProgramReach.SHARED,
          legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Labura tentang Tata Naskah Dinas Elektronik"),
        P("LBU-GOV-03", "Perencanaan dan penganggaran elektronik (e-Planning)", "Bappeda",
          ["governance"], ["kebijakan_publik"], APP, MID, (2023, 2026), 400, 45,
          ("OPD memakai e-Planning", "OPD", 20, 10), reach=ProgramReach.SHARED,
          legal_level=LegalBasisLevel.REGENT, legal_basis="Perbup Labura tentang e-Planning"),
        P("LBU-GOV-04", "Website dan PPID seluruh OPD", "Kominfo", ["governance"],
          ["pelayanan_publik"], APP, QW, (2024, 2025), 100, 70,
          ("OPD dengan website aktif", "OPD", 25, 10)),
        P("LBU-GOV-05", "Layanan izin usaha daring", "DPMPTSP", ["governance", "economy"],
          ["pelayanan_publik", "ekosistem_industri"], APP, SHORT, (2024, 2025), 200, 45,
          ("Izin terbit daring", "izin", 300, 400), reach=ProgramReach.PUBLIC,
          legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Labura tentang Pelayanan Perizinan Berusaha"),
        P("LBU-GOV-06", "Perbup Masterplan Smart Regency Labuhanbatu Utara", "Bappeda",
          ["governance"], ["kebijakan_publik"], REG, QW, (2024, 2025), 50, 70),
        P("LBU-LIV-01", "Antrean daring RSUD dan puskesmas", "Dinkes", ["living"],
          ["kesehatan"], APP, SHORT, (2024, 2025), 180, 35,
          ("Pasien mendaftar daring", "%", 10, 25)),
        P("LBU-SOC-01", "Sekolah terhubung internet", "Disdik", ["society"],
          ["ekosistem_belajar"], INFRA, MID, (2024, 2027), 600, 20),
        P("LBU-ENV-01", "Pengelolaan TPA dan retribusi sampah", "DLH", ["environment"],
          ["pengelolaan_sampah"], ACT, MID, (2024, 2027), 350, 20),
        P("LBU-BRD-01", "Promosi produk sawit rakyat dan UMKM", "Diskopukm", ["branding"],
          ["bisnis_daerah"], ACT, SHORT, (2024, 2025), 150, 30),
    ],
    "batang": [
        P("BTG-GOV-01", "Akta lahir langsung jadi dari rumah sakit dan puskesmas",
          "Disdukcapil", ["governance"], ["pelayanan_publik"], APP, QW, (2023, 2025), 200, 65,
          ("Akta lahir terbit dalam 1 hari", "%", 40, 25), reach=ProgramReach.PUBLIC,
          legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Batang tentang Percepatan Layanan Administrasi Kependudukan",
          description="Kecepatan pembuatan akta lahir dan adminduk, prioritas Bupati."),
        P("BTG-GOV-02", "Adminduk daring (KTP-el, KK, pindah datang)", "Disdukcapil",
          ["governance"], ["pelayanan_publik"], APP, SHORT, (2024, 2025), 250, 50,
          ("Dokumen adminduk dilayani daring", "dokumen", 5000, 8000),
          reach=ProgramReach.PUBLIC, legal_level=LegalBasisLevel.REGENT,
          legal_basis="Perbup Batang tentang Layanan Adminduk Daring"),
        P("BTG-ECO-01", "Layanan investasi satu pintu Kawasan Industri Batang", "DPMPTSP",
          ["economy"], ["ekosistem_industri"], APP, MID, (2023, 2026), 800, 40,
          ("Nilai investasi terfasilitasi", "miliar Rp", 500, 750),
          partners="Kementerian Investasi/BKPM"),
        P("BTG-BRD-01", "Paket wisata digital Pantai Ujungnegoro dan Dieng", "Dispar",
          ["branding"], ["pariwisata"], APP, SHORT, (2024, 2025), 300, 45,
          ("Wisatawan memesan daring", "orang", 2000, 3000),
          partners="Komunitas Relawan TIK Batang"),
        P("BTG-ECO-02", "Pendampingan UMKM go digital", "Diskopukm", ["economy"],
          ["kesejahteraan_rakyat"], ACT, SHORT, (2024, 2025), 150, 50,
          ("UMKM dengan toko daring", "UMKM", 200, 300), partners="ITB"),
        P("BTG-LIV-01", "Sistem informasi rujukan terpadu", "Dinkes", ["living"],
          ["kesehatan"], APP, MID, (2024, 2027), 400, 25),
        P("BTG-SOC-01", "Relawan TIK mengajar di desa", "Kominfo", ["society"],
          ["interaksi_masyarakat"], ACT, QW, (2024, 2025), 60, 60,
          ("Desa terdampingi", "desa", 30, 40), partners="Komunitas Relawan TIK Batang"),
        P("BTG-ENV-01", "Pemantauan banjir rob pesisir", "DLH", ["environment"],
          ["proteksi_lingkungan"], INFRA, LONG, (2023, 2032), 1500, 10),
    ],
}

# Who acts for an agency in the demo (the OPD accounts of dewan/demo/council.py).
OPD_USERS = {
    ("humbang-hasundutan", "Kominfo"): "opd.kominfo.humbahas",
    ("humbang-hasundutan", "Dinkes"): "opd.dinkes.humbahas",
    ("deli-serdang", "Kominfostan"): "opd.kominfostan.deliserdang",
    ("toba", "Kominfo"): "opd.kominfo.toba",
    ("batang", "Kominfo"): "opd.kominfo.batang",
}
SECRETARIAT_USERS = {
    "humbang-hasundutan": "sekretariat.humbahas", "deli-serdang": "sekretariat.deliserdang",
    "toba": "sekretariat.toba", "labuhanbatu-utara": "sekretariat.labura",
    "batang": "sekretariat.batang",
}
RETURN_COMMENT = ("Foto kegiatan belum menunjukkan lokasi dan tanggal. Lampirkan berita acara "
                  "serah terima.")
# A one-page PDF as evidence (data dukung) of the demo reports.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids"
            b"[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]"
            b">>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


# The years in PROGRAMS are written as seen from 2025; they move with the calendar so that the
# demo always has programs running this year.
YEARS_WRITTEN_IN = 2025


def _years(spec: P) -> tuple[int, int]:
    shift = timezone.localdate().year - YEARS_WRITTEN_IN
    return spec.years[0] + shift, spec.years[1] + shift


def load(council) -> None:
    """Idempotent: a second run changes nothing."""
    for slug, programs in PROGRAMS.items():
        regency = council.regencies[slug]
        periods = _periods(regency)
        for index, spec in enumerate(programs):
            program = _program(council, slug, spec)
            _indicator(program, spec)
            _reports(council, slug, program, spec, index, periods)


# Two years of quarters, so that every chart and report a newcomer opens has history.
QUARTERS_SHOWN = 8


def _periods(regency) -> list:
    """The current reporting period and the seven before it, oldest first."""
    periods = [current_period(regency).period]
    while len(periods) < QUARTERS_SHOWN:
        periods.insert(0, periods[0].previous())
    return [period_ensure(regency=regency, period=period) for period in periods]


def _program(council, slug: str, spec: P) -> Program:
    regency = council.regencies[slug]
    program, created = Program.objects.get_or_create(
        regency=regency, code=spec.code,
        defaults={
            "agency": council.agency(slug, spec.agency), "name": spec.name,
            "description": spec.description, "kind": spec.kind, "horizon": spec.horizon,
            "status": spec.status, "start_year": _years(spec)[0], "end_year": _years(spec)[1],
            "planned_budget": spec.budget_million * 1_000_000, "funding_source": spec.funding,
            "reach": spec.reach, "legal_basis_level": spec.legal_level,
            "legal_basis": spec.legal_basis, "partners": spec.partners,
        },
    )
    if created:
        program.dimensions.set(Dimension.objects.filter(code__in=spec.dimensions))
        program.elements.set(Element.objects.filter(code__in=spec.elements))
    return program


def _indicator(program: Program, spec: P) -> None:
    name, unit, baseline, step = spec.indicator
    if not name:
        return
    indicator, _ = Indicator.objects.get_or_create(program=program, name=name,
                                                   defaults={"unit": unit,
                                                             "baseline": baseline})
    start, end = _years(spec)
    for offset, year in enumerate(range(start, end + 1), start=1):
        IndicatorTarget.objects.get_or_create(indicator=indicator, year=year,
                                              defaults={"target": baseline + step * offset})


def _state(index: int, position: int) -> str | None:
    """The demo state of the program's report: older quarters verified (now and then one
    missing), the last closed one mixed, the current one in progress. None: no report."""
    last = QUARTERS_SHOWN - 1
    if position == last:
        return [ReportStatus.DRAFT, None, None, ReportStatus.SUBMITTED][index % 4]
    if position == last - 1:
        return [ReportStatus.VERIFIED, ReportStatus.SUBMITTED, ReportStatus.RETURNED,
                ReportStatus.VERIFIED][index % 4]
    if (index + position) % 9 == 4:
        return None  # a quarter the agency never reported
    return ReportStatus.VERIFIED


def _reports(council, slug: str, program: Program, spec: P, index: int, periods: list) -> None:
    for position, period in enumerate(periods):
        status = _state(index, position)
        if status is None or not program.active_in(period.year):
            continue
        recent = position - (QUARTERS_SHOWN - 3)  # the last three quarters: 0, 1, 2
        progress = (min(100, spec.base_progress + 12 * recent) if recent >= 0
                    else max(3, spec.base_progress * (position + 1) // (QUARTERS_SHOWN - 2)))
        realised = program.planned_budget * progress * 9 // 1000
        report, created = ProgressReport.objects.get_or_create(
            program=program, year=period.year, quarter=period.quarter,
            defaults={
                "regency": program.regency, "physical_progress": Decimal(progress),
                "budget_realised": realised, "status": status,
                "achievements": f"Progres {progress}% sesuai rencana kerja triwulan.",
                "obstacles": "Jaringan internet di beberapa desa belum stabil."
                if index % 2 else "Keterbatasan operator di OPD.",
                "next_steps": "Pendampingan teknis dan sosialisasi kepada pengguna.",
                "review_comment": RETURN_COMMENT if status == ReportStatus.RETURNED else "",
            },
        )
        if created:
            _report_details(council, slug, program, report, spec, position, period)


def _submitted_at(period, index: int) -> datetime.datetime:
    """A plausible moment of submission: days before the deadline, one report in five late,
    never in the future."""
    days = 3 if index % 5 == 4 else -(1 + index % 6)
    moment = datetime.datetime.combine(period.deadline + datetime.timedelta(days=days),
                                       datetime.time(10, 0), tzinfo=datetime.UTC)
    return min(moment, timezone.now() - datetime.timedelta(hours=2))


def _report_details(council, slug: str, program: Program, report: ProgressReport, spec: P,
                    position: int, period) -> None:
    """Indicator values, one evidence file and the state history of a new demo report."""
    opd = council.users.get(OPD_USERS.get((slug, spec.agency), ""))
    secretariat = council.users.get(SECRETARIAT_USERS[slug])
    indicator = program.indicators.first()
    if indicator is not None:
        name, unit, baseline, step = spec.indicator
        IndicatorValue.objects.get_or_create(report=report, indicator=indicator, defaults={
            "value": Decimal(baseline) + Decimal(step) * Decimal(position + 1) / 2})
    _record(report, opd, "", ReportStatus.DRAFT)
    if report.status == ReportStatus.DRAFT:
        return
    EvidenceFile.objects.create(
        report=report, file=ContentFile(DEMO_PDF, name="berita-acara.pdf"),
        original_name=f"Berita acara {report.program.code} {report}.pdf",
        content_type="application/pdf", size=len(DEMO_PDF), uploaded_by=opd)
    report.submitted_at = _submitted_at(period, program.pk)
    _record(report, opd, ReportStatus.DRAFT, ReportStatus.SUBMITTED)
    if report.status == ReportStatus.VERIFIED:
        report.verified_at = min(report.submitted_at + datetime.timedelta(days=2),
                                 timezone.now() - datetime.timedelta(hours=1))
        report.verified_by = secretariat
        _record(report, secretariat, ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
    elif report.status == ReportStatus.RETURNED:
        _record(report, secretariat, ReportStatus.SUBMITTED, ReportStatus.RETURNED,
                RETURN_COMMENT)
    report.save(update_fields=["submitted_at", "verified_at", "verified_by"])
    # What the portal tells people of the reports still in motion (in the portal only).
    if report.status == ReportStatus.SUBMITTED:
        notices.report_submitted(report=report, actor=opd)
    elif report.status == ReportStatus.RETURNED:
        notices.report_returned(report=report, actor=secretariat, comment=RETURN_COMMENT)


def _record(report, actor, from_status: str, to_status: str, comment: str = "") -> None:
    ProgressReportEvent.objects.create(report=report, actor=actor, from_status=from_status,
                                       to_status=to_status, comment=comment)
