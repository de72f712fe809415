"""What every workbook of the portal shares: the import columns and the look of a sheet."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..choices import (
    FundingSource,
    Horizon,
    LegalBasisLevel,
    ProgramKind,
    ProgramReach,
    ProgramStatus,
)

HEADER_FILL = PatternFill("solid", fgColor="0B3D6E")
HEADER_FONT = Font(bold=True, color="FFFFFF")

# Money as a number shown the Indonesian way: Excel puts the locale's separator in "#,##0".
RUPIAH_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = "0.0"

# What a spreadsheet program may take for the start of a formula or a command when a cell's
# text is typed again or the sheet is saved as CSV (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18


def import_columns() -> list[Column]:
    """The template's columns, in order (headers in the user's language)."""
    return [
        Column("code", _("Kode"), True, 12),
        Column("name", _("Nama program"), True, 40),
        Column("agency", _("OPD pelaksana"), True, 18),
        Column("dimensions", _("Dimensi"), True, 24),
        Column("elements", _("Elemen"), False, 28),
        Column("kind", _("Jenis"), True, 18),
        Column("horizon", _("Jangka waktu"), True, 22),
        Column("status", _("Status"), False, 12),
        Column("start_year", _("Tahun mulai"), True, 12),
        Column("end_year", _("Tahun selesai"), True, 12),
        Column("planned_budget", _("Pagu anggaran (Rp)"), False, 18),
        Column("funding_source", _("Sumber dana"), False, 12),
        Column("reach", _("Cakupan pengguna"), False, 24),
        Column("legal_basis_level", _("Tingkat dasar hukum"), False, 24),
        Column("legal_basis", _("Dasar hukum"), False, 36),
        Column("partners", _("Mitra"), False, 24),
        Column("description", _("Uraian"), False, 40),
    ]


CHOICE_COLUMNS = {
    "kind": ProgramKind, "horizon": Horizon, "status": ProgramStatus,
    "funding_source": FundingSource, "reach": ProgramReach,
    "legal_basis_level": LegalBasisLevel,
}


def styled_sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]):
    """The workbook's first sheet, titled, with a styled and frozen header row."""
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def append_row(sheet, values: list, formats: dict[int, str] | None = None) -> None:
    """Append one row of data: every text is written as text, never as a formula.

    openpyxl stores a string that begins with "=" as a formula; users' text can begin so
    ("=HYPERLINK(...)", "-20% dari target", "@bupati"). Each string cell is forced to the
    string type, and one that begins like a formula gets Excel's quote prefix, so it stays text
    even when someone edits the cell. `formats` maps 0-based column positions to number formats.
    """
    sheet.append(values)
    for index, cell in enumerate(sheet[sheet.max_row]):
        if isinstance(cell.value, str):
            as_text(cell)
        elif formats and index in formats and cell.value is not None:
            cell.number_format = formats[index]


def as_text(cell):
    """A cell holding a string kept as text (see `append_row`)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
