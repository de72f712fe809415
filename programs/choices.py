"""Constants of programs and progress reports, and the six smart-city dimensions.

The dimensions and their 18 elements come from Kominfo's masterplan guide. They are fixed
reference data: this module is their source, and a data migration copies them into the
Dimension and Element tables so that programs can be tagged and filtered by them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# (code, name, [(element code, Indonesian name, English name), ...])
DIMENSIONS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("governance", "Smart Governance", [
        ("pelayanan_publik", "Pelayanan publik", "Public service"),
        ("manajemen_birokrasi", "Manajemen birokrasi yang efisien", "Efficient bureaucracy"),
        ("kebijakan_publik", "Kebijakan publik", "Public policy"),
    ]),
    ("branding", "Smart Branding", [
        ("pariwisata", "Pariwisata", "Tourism"),
        ("bisnis_daerah", "Bisnis daerah", "Regional business"),
        ("wajah_kota", "Wajah kota", "City appearance"),
    ]),
    ("economy", "Smart Economy", [
        ("ekosistem_industri", "Ekosistem industri", "Industry ecosystem"),
        ("kesejahteraan_rakyat", "Kesejahteraan rakyat", "Welfare"),
        ("transaksi_keuangan", "Ekosistem transaksi keuangan", "Financial transactions"),
    ]),
    ("living", "Smart Living", [
        ("tata_ruang", "Harmonisasi tata ruang wilayah", "Spatial harmony"),
        ("kesehatan", "Kesehatan", "Health"),
        ("transportasi", "Sarana transportasi", "Mobility"),
    ]),
    ("society", "Smart Society", [
        ("interaksi_masyarakat", "Interaksi masyarakat", "Community interaction"),
        ("ekosistem_belajar", "Ekosistem belajar", "Learning ecosystem"),
        ("keamanan_masyarakat", "Keamanan masyarakat", "Public security"),
    ]),
    ("environment", "Smart Environment", [
        ("proteksi_lingkungan", "Proteksi lingkungan", "Environmental protection"),
        ("pengelolaan_sampah", "Pengelolaan sampah dan limbah", "Waste management"),
        ("pengelolaan_energi", "Pengelolaan energi", "Energy management"),
    ]),
]


class ProgramKind(models.TextChoices):
    APPLICATION = "aplikasi", _("Aplikasi / layanan")
    INFRASTRUCTURE = "infrastruktur", _("Infrastruktur")
    REGULATION = "regulasi", _("Regulasi")
    ACTIVITY = "kegiatan", _("Kegiatan")


class Horizon(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    SHORT = "pendek", _("Jangka pendek (1 tahun)")
    MEDIUM = "menengah", _("Jangka menengah")
    LONG = "panjang", _("Jangka panjang (10 tahun)")


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    APBN = "apbn", _("APBN")
    DAK = "dak", _("DAK")
    CSR = "csr", _("CSR")
    PRIVATE = "swasta", _("Swasta")


class ProgramStatus(models.TextChoices):
    PLANNED = "rencana", _("Rencana")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    STALLED = "tertunda", _("Tertunda")


class ProgramReach(models.TextChoices):
    """Who uses the program: decides which legal basis it needs (seed 002)."""

    INTERNAL = "internal", _("Internal satu OPD")
    SHARED = "bersama", _("Dipakai beberapa OPD (aplikasi berbagi)")
    PUBLIC = "publik", _("Layanan publik lintas OPD")


class LegalBasisLevel(models.TextChoices):
    NONE = "", _("Belum ada")
    AGENCY_HEAD = "perkadis", _("Peraturan Kepala Dinas")
    REGENT = "perbup", _("Peraturan Bupati / Wali Kota (Perbup/Perwal)")
    REGIONAL_HEAD = "perkada", _("Peraturan Kepala Daerah (Perkada)")
    REGIONAL_LAW = "perda", _("Peraturan Daerah (Perda)")


# Levels above the head of an agency: enough for an application shared by several OPDs.
LEGAL_LEVELS_ABOVE_AGENCY = {
    LegalBasisLevel.REGENT, LegalBasisLevel.REGIONAL_HEAD, LegalBasisLevel.REGIONAL_LAW,
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "diajukan", _("Diajukan")
    RETURNED = "dikembalikan", _("Dikembalikan")
    VERIFIED = "terverifikasi", _("Terverifikasi")


QUARTERS = [(1, _("Triwulan I")), (2, _("Triwulan II")), (3, _("Triwulan III")),
            (4, _("Triwulan IV"))]


class ReportState(models.TextChoices):
    """What the OPD's quarterly page shows for a program: a report's status, or none yet."""

    MISSING = "belum_ada", _("Belum diisi")
    DRAFT = ReportStatus.DRAFT.value, ReportStatus.DRAFT.label
    SUBMITTED = ReportStatus.SUBMITTED.value, ReportStatus.SUBMITTED.label
    RETURNED = ReportStatus.RETURNED.value, ReportStatus.RETURNED.label
    VERIFIED = ReportStatus.VERIFIED.value, ReportStatus.VERIFIED.label


# The OPD may still change a report in these states; the secretariat acts on SUBMITTED ones.
EDITABLE_REPORT_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}
# A report in these states counts as sent: no reminder, not "missing" on the dashboard.
SENT_REPORT_STATUSES = {ReportStatus.SUBMITTED, ReportStatus.VERIFIED}

# A reminder goes out this many days before a period's deadline (and until the deadline).
REMINDER_DAYS_BEFORE = 5

# Evidence: how many files one report may carry.
MAX_EVIDENCE_FILES = 20

# Import: more rows than this is refused as a whole (the template is for one masterplan).
MAX_IMPORT_ROWS = 5000
# Import: what a workbook may unpack to. A real template of 5,000 rows unpacks to a few MB and
# holds at most 17 texts per row; these refuse "zip bombs" before openpyxl builds anything.
MAX_IMPORT_UNPACKED_MB = 40
MAX_IMPORT_MEMBERS = 200
MAX_IMPORT_SHARED_STRINGS = 200_000
MAX_IMPORT_COLUMNS = 60

PROGRAMS_PER_PAGE = 25
