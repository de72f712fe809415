"""What reviewers take away from the national overview: a workbook of the figures and a ZIP
of a period's final evaluation reports.

The workbook holds the overview's rows as they are on the page (the same filters, the same
verified-only figures of programs/progress.py); the ZIP holds, for each regency the reviewer
may read, the newest ready version of the period's report, named by regency, period and
version.
"""

from __future__ import annotations

import tempfile
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook

from dewan.core import dates
from programs.excel.sheets import PERCENT_FORMAT, append_row, styled_sheet, workbook_bytes

from .selectors import DIMENSION_NAMES, RegencyRow


def national_workbook(rows: list[RegencyRow], *, year: int) -> bytes:
    """One row per regency for the year: verified progress per dimension and overall, the
    council's meetings, reporting punctuality and the latest ready evaluation report."""
    headers = [(_("Provinsi"), 22), (_("Kabupaten/kota"), 30), (_("Tahun"), 8),
               (_("Program"), 10)]
    headers += [(f"{name} (%)", 14) for _code, name in DIMENSION_NAMES]
    headers += [(_("Rata-rata progres terverifikasi (%)"), 16), (_("Rapat tahun ini"), 10),
                (_("Laporan OPD tepat waktu (%)"), 14), (_("Laporan evaluasi terakhir"), 22),
                (_("Versi"), 8), (_("Status"), 12), (_("Selesai dibuat"), 24)]
    workbook = Workbook()
    sheet = styled_sheet(workbook, _("Nasional %(year)s") % {"year": year},
                         [h for h, _w in headers], [w for _h, w in headers])
    percent_columns = {*range(4, 4 + len(DIMENSION_NAMES) + 1), 4 + len(DIMENSION_NAMES) + 2}
    formats = dict.fromkeys(percent_columns, PERCENT_FORMAT)
    for row in rows:
        report = row.latest_report
        append_row(sheet, [
            row.regency.province, row.regency.display_name, year, row.programs,
            *row.progress_cells, row.progress, row.meetings_this_year, row.on_time_share,
            report.period_label if report else _("Belum ada"),
            report.version if report else None,
            report.get_status_display() if report else "",
            dates.local_datetime(report.finished_at) if report and report.finished_at else "",
        ], formats)
    return workbook_bytes(workbook)


def reports_zip(reports) -> tempfile.SpooledTemporaryFile:
    """The reports' PDFs in one ZIP (stored, not compressed: PDFs are compressed already),
    in a temporary file that stays in memory up to 32 MB."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_STORED) as archive:
        for report in reports:
            name = (f"laporan-evaluasi-{report.regency.slug}-{report.period_label}"
                    f"-v{report.version}.pdf")
            with report.pdf.open("rb") as pdf, archive.open(name, "w") as entry:
                while chunk := pdf.read(1024 * 1024):
                    entry.write(chunk)
    archive_file.seek(0)
    return archive_file
