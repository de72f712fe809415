"""Demo data of the reports app: the secretariat's summary and one ready evaluation report for
every seed regency; Humbang Hasundutan's is approved by the council's secretary, so that
reviewers find a final, numbered report with its verification code.

Idempotent: the summary is found by its period and the report is made only when the period
has none. Reports are rendered in-process (the task's own code through `apply()`), whatever
broker is configured, so seeding needs no worker.
"""

from __future__ import annotations

from dewan.core.calendar import Period, last_closed_quarter
from programs.models import Dimension
from reports.choices import FINDING_FIELDS
from reports.models import DimensionFinding, EvaluationSummary
from reports.services import report_request

REGENCIES = ["humbang-hasundutan", "deli-serdang", "toba", "labuhanbatu-utara", "batang"]

SUMMARY = {
    "strengths": (
        "Dewan Smart City telah dibentuk dengan SK Bupati dan rapat dewan berjalan dengan "
        "kehadiran narasumber kementerian secara daring.\n"
        "Sebagian besar OPD melaporkan progres triwulan tepat waktu."
    ),
    "weaknesses": (
        "Sebagian klaim capaian belum dilengkapi data dukung yang sah.\n"
        "Aplikasi yang dipakai beberapa OPD belum seluruhnya memiliki dasar hukum setingkat "
        "Perbup."
    ),
    "recommendations": (
        "Sekretariat memverifikasi data dukung sebelum batas pelaporan.\n"
        "Menyusun Perbup untuk aplikasi berbagi pakai dan menjadwalkan rapat dewan setiap "
        "triwulan."
    ),
}


# The secretariat's findings for two of the six dimensions (the others left empty).
DIMENSION_FINDINGS = {
    "governance": ("Layanan perizinan dan pengaduan sudah daring.",
                   "Data antar-OPD belum terhubung dalam Satu Data.",
                   "Menetapkan Perbup Satu Data dan walidata daerah."),
    "society": ("Kelas literasi digital berjalan di sekolah.",
                "Jangkauan internet desa masih terbatas.",
                "Bermitra dengan BAKTI Komdigi untuk akses internet desa."),
}


def load(council) -> None:
    """Idempotent: a second run changes nothing."""
    for slug in REGENCIES:
        regency = council.regencies.get(slug)
        if regency is None:
            continue
        period = _demo_period(regency)
        summary, _created = EvaluationSummary.objects.get_or_create(
            regency=regency, kind=period.kind, year=period.year, quarter=period.quarter,
            defaults=SUMMARY)
        for code, texts in DIMENSION_FINDINGS.items():
            DimensionFinding.objects.get_or_create(
                summary=summary, dimension=Dimension.objects.get(code=code),
                defaults=dict(zip(FINDING_FIELDS, texts, strict=True)))
        report = report_request(regency=regency, period=period, only_if_missing=True,
                                enqueue=False)
        if report is not None:
            _render_now(report.pk)
            if slug in APPROVED:
                _approve(report, council.users[APPROVED[slug]])


# The regencies whose demo report is approved, and by whom (the council's secretary).
APPROVED = {"humbang-hasundutan": "opd.kominfo.humbahas"}


def _approve(report, user) -> None:
    from reports.services import report_approve

    report.refresh_from_db()
    report = report_approve(report=report, by=user, enqueue=False)
    _render_now(report.pk)


def _demo_period(regency) -> Period:
    """The last quarter that has closed in the regency: the one a real report would cover."""
    return last_closed_quarter(regency.local_today())


def _render_now(report_id: int) -> None:
    from reports.tasks import render_evaluation_report

    render_evaluation_report.apply(args=[report_id], throw=False)
