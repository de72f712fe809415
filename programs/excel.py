"""Programs and progress in Excel: export with Indonesian headers, the import template, and
reading an import file into checked rows.

Reading never writes: `read_import` returns every row it understood and every problem it
found, by row number and column header, so the user can fix the whole file at once. The
service then stores all rows or none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from dewan.access import Access
from dewan.models import Agency

from .choices import (
    MAX_IMPORT_ROWS,
    FundingSource,
    Horizon,
    LegalBasisLevel,
    ProgramKind,
    ProgramReach,
    ProgramStatus,
)
from .forms import YEAR_MAX, YEAR_MIN, agencies_editable_by
from .models import Dimension, Element, Program, ProgressReport

HEADER_FILL = PatternFill("solid", fgColor="0B3D6E")
HEADER_FONT = Font(bold=True, color="FFFFFF")


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


# --- writing --------------------------------------------------------------------------------

def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]):
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


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _program_cells(program: Program) -> list:
    return [
        program.code, program.name, program.agency.short_name or program.agency.name,
        ", ".join(d.name for d in program.dimensions.all()),
        ", ".join(e.name for e in program.elements.all()),
        program.get_kind_display(), program.get_horizon_display(),
        program.get_status_display(), program.start_year, program.end_year,
        program.planned_budget, program.get_funding_source_display(),
        program.get_reach_display(), program.get_legal_basis_level_display(),
        program.legal_basis, program.partners, program.description,
    ]


def export_programs(programs: Iterable[Program]) -> bytes:
    """The programs as XLSX: the import columns plus the latest verified figures."""
    columns = import_columns()
    extra = [_("Progres fisik terverifikasi terakhir (%)"), _("Realisasi anggaran terakhir (Rp)"),
             _("Peringatan dasar hukum")]
    workbook = Workbook()
    sheet = _sheet(workbook, _("Program"), [c.header for c in columns] + extra,
                   [c.width for c in columns] + [18, 18, 30])
    for program in programs:
        warning = _("Perlu dasar hukum setingkat Perbup/Perkada") \
            if program.needs_higher_legal_basis else ""
        latest = getattr(program, "latest_progress", None)
        sheet.append(_program_cells(program) + [
            float(latest) if latest is not None else None,
            getattr(program, "latest_budget", None), warning])
    return _to_bytes(workbook)


def export_reports(reports: Iterable[ProgressReport]) -> bytes:
    """Progress reports as XLSX, one row per program and quarter."""
    headers = [
        (_("Kode program"), 12), (_("Nama program"), 36), (_("OPD"), 14), (_("Tahun"), 8),
        (_("Triwulan"), 9), (_("Status"), 14), (_("Progres fisik (%)"), 12),
        (_("Alasan progres turun"), 28), (_("Realisasi anggaran (Rp)"), 18),
        (_("Pagu anggaran (Rp)"), 18), (_("Alasan realisasi melebihi pagu"), 28),
        (_("Capaian"), 36), (_("Kendala"), 36), (_("Rencana tindak lanjut"), 36),
        (_("Jumlah data dukung"), 10), (_("Diajukan pada"), 18), (_("Diverifikasi pada"), 18),
        (_("Catatan sekretariat"), 30),
    ]
    workbook = Workbook()
    sheet = _sheet(workbook, _("Progres"), [h for h, _w in headers], [w for _h, w in headers])
    for report in reports:
        sheet.append([
            report.program.code, report.program.name,
            report.program.agency.short_name or report.program.agency.name, report.year,
            report.quarter, report.get_status_display(), float(report.physical_progress),
            report.progress_decrease_reason, report.budget_realised,
            report.program.planned_budget, report.over_budget_reason, report.achievements,
            report.obstacles, report.next_steps, getattr(report, "evidence_count", None),
            _naive(report.submitted_at), _naive(report.verified_at), report.review_comment,
        ])
    return _to_bytes(workbook)


def _naive(moment):
    """Excel has no time zones: the local wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def import_template(access: Access) -> bytes:
    """An empty import sheet with drop-down lists, and a sheet of allowed values."""
    columns = import_columns()
    workbook = Workbook()
    sheet = _sheet(workbook, _("Program"),
                   [f"{c.header}{' *' if c.required else ''}" for c in columns],
                   [c.width for c in columns])
    choices = _choices_sheet(workbook, access)
    for index, column in enumerate(columns, start=1):
        if column.key in choices:
            letter, count = choices[column.key]
            validation = DataValidation(
                type="list", formula1=f"='{_('Pilihan')}'!${letter}$2:${letter}${count + 1}",
                allow_blank=not column.required)
            validation.error = _("Pilih salah satu nilai dari daftar.")
            sheet.add_data_validation(validation)
            col = get_column_letter(index)
            validation.add(f"{col}2:{col}{MAX_IMPORT_ROWS + 1}")
    _guide_sheet(workbook)
    return _to_bytes(workbook)


def _choices_sheet(workbook: Workbook, access: Access) -> dict[str, tuple[str, int]]:
    lists = {key: [str(label) for value, label in enum.choices if value]
             for key, enum in CHOICE_COLUMNS.items()}
    lists["agency"] = [a.short_name or a.name for a in agencies_editable_by(access)]
    sheet = workbook.create_sheet(_("Pilihan"))
    placed = {}
    for index, (key, values) in enumerate(lists.items(), start=1):
        header = next(c.header for c in import_columns() if c.key == key)
        sheet.cell(row=1, column=index, value=header).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 34
        placed[key] = (letter, len(values))
    return placed


def _guide_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(_("Petunjuk"))
    sheet.column_dimensions["A"].width = 110
    lines = [
        _("Petunjuk pengisian templat impor program"),
        _("Satu baris untuk satu program. Kolom bertanda * wajib diisi."),
        _("Dimensi: satu atau beberapa nama dimensi dipisah koma, misalnya "
          "“Smart Governance, Smart Society”."),
        _("Elemen: nama elemen dari dimensi yang dipilih, dipisah koma (boleh kosong)."),
        _("Tahun: angka empat digit. Pagu anggaran: rupiah tanpa desimal, misalnya 1250000."),
        _("Aplikasi yang dipakai beberapa OPD memerlukan dasar hukum setingkat Perbup/Perkada."),
        _("Impor bersifat utuh: bila satu baris salah, tidak ada program yang disimpan. "
          "Perbaiki baris yang disebut lalu unggah ulang."),
        "",
        _("Dimensi dan elemennya:"),
    ]
    for dimension in Dimension.objects.prefetch_related("elements").order_by("order"):
        names = ", ".join(e.name for e in dimension.elements.all())
        lines.append(f"{dimension.name}: {names}")
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=13)


# --- reading --------------------------------------------------------------------------------

@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if not self.column:
            return _("Baris %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Baris %(row)s, kolom “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportRow:
    row: int
    fields: dict = field(default_factory=dict)
    dimensions: list = field(default_factory=list)
    elements: list = field(default_factory=list)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not XLSX, no header, too many rows)."""


def read_import(upload, access: Access) -> tuple[list[ImportRow], list[RowProblem]]:
    """Parse and check every row of an import file; nothing is written."""
    rows = _read_rows(upload)
    if not rows:
        raise ImportFileError(_("Berkas tidak memuat baris judul. Gunakan templat impor."))
    positions = _header_positions(rows[0])
    data_rows = [(number, row) for number, row in enumerate(rows[1:], start=2)
                 if any(_text(v) for v in row)]
    if not data_rows:
        raise ImportFileError(_("Berkas tidak memuat satu pun baris program."))
    if len(data_rows) > MAX_IMPORT_ROWS:
        raise ImportFileError(_("Berkas memuat %(count)s baris; paling banyak %(max)s baris "
                                "sekali impor.") % {"count": len(data_rows),
                                                     "max": MAX_IMPORT_ROWS})
    reader = _RowReader(access)
    parsed, problems = [], []
    for number, row in data_rows:
        values = {key: (row[index] if index < len(row) else None)
                  for key, index in positions.items()}
        item, row_problems = reader.read(number, values)
        parsed.append(item)
        problems.extend(row_problems)
    return parsed, problems


def _read_rows(upload) -> list[tuple]:
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari "
                                "Excel sebagai “Buku Kerja Excel (.xlsx)”.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True,
                                                       max_row=MAX_IMPORT_ROWS + 2)]
    finally:
        workbook.close()


def _normal(text) -> str:
    return " ".join(_text(text).replace("*", "").lower().split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_positions(header: tuple) -> dict[str, int]:
    found = {_normal(text): index for index, text in enumerate(header) if _text(text)}
    positions, missing = {}, []
    for column in import_columns():
        index = found.get(_normal(column.header))
        if index is None:
            if column.required:
                missing.append(column.header)
        else:
            positions[column.key] = index
    if missing:
        raise ImportFileError(_("Kolom wajib berikut tidak ada di baris judul: %(names)s. "
                                "Gunakan templat impor.") % {"names": ", ".join(missing)})
    return positions


class _RowReader:
    """Checks one row at a time against the regency's agencies, codes and the choices."""

    def __init__(self, access: Access):
        self.access = access
        self.columns = {c.key: c for c in import_columns()}
        self.agencies = self._agency_lookup()
        self.dimensions = self._lookup(Dimension.objects.all(), ("name", "code"),
                                       strip_prefix="smart ")
        self.elements = self._lookup(Element.objects.all(), ("name", "code", "name_en"))
        self.taken_codes = {c.lower() for c in Program.objects.for_access(access)
                            .values_list("code", flat=True)}
        self.codes_in_file: dict[str, int] = {}

    def _agency_lookup(self) -> dict[str, Agency]:
        lookup = {}
        for agency in agencies_editable_by(self.access):
            lookup[_normal(agency.name)] = agency
            if agency.short_name:
                lookup[_normal(agency.short_name)] = agency
        return lookup

    @staticmethod
    def _lookup(queryset, attrs, strip_prefix="") -> dict:
        lookup = {}
        for obj in queryset:
            for attr in attrs:
                key = _normal(getattr(obj, attr))
                lookup[key] = obj
                if strip_prefix and key.startswith(strip_prefix):
                    lookup[key[len(strip_prefix):]] = obj
        return lookup

    def read(self, number: int, values: dict) -> tuple[ImportRow, list[RowProblem]]:
        item, problems = ImportRow(row=number), []

        def problem(key: str, message: str) -> None:
            problems.append(RowProblem(number, self.columns[key].header, message))

        for key, column in self.columns.items():
            if column.required and not _text(values.get(key)):
                problem(key, _("wajib diisi."))
        self._read_text(item, values, problem)
        self._read_code(item, values, problem)
        self._read_agency(item, values, problem)
        self._read_choices(item, values, problem)
        self._read_numbers(item, values, problem)
        self._read_dimensions(item, values, problem)
        return item, problems

    def _read_text(self, item, values, problem) -> None:
        limits = {"name": 200, "legal_basis": 300, "partners": 300, "description": 10_000}
        for key, limit in limits.items():
            text = _text(values.get(key))
            if len(text) > limit:
                problem(key, _("paling panjang %(limit)s karakter.") % {"limit": limit})
            item.fields[key] = text

    def _read_code(self, item, values, problem) -> None:
        code = _text(values.get("code"))
        if not code:
            return
        if len(code) > 30:
            problem("code", _("paling panjang 30 karakter."))
        elif code.lower() in self.taken_codes:
            problem("code", _("kode “%(code)s” sudah dipakai program lain di daerah ini.")
                    % {"code": code})
        elif code.lower() in self.codes_in_file:
            problem("code", _("kode “%(code)s” sudah dipakai di baris %(row)s berkas ini.")
                    % {"code": code, "row": self.codes_in_file[code.lower()]})
        self.codes_in_file.setdefault(code.lower(), item.row)
        item.fields["code"] = code

    def _read_agency(self, item, values, problem) -> None:
        name = _text(values.get("agency"))
        if not name:
            return
        agency = self.agencies.get(_normal(name))
        if agency is None:
            problem("agency", _("OPD “%(name)s” tidak dikenal atau bukan OPD Anda. Tulis "
                                "singkatan atau nama lengkapnya seperti di lembar Pilihan.")
                    % {"name": name})
        item.fields["agency"] = agency

    def _read_choices(self, item, values, problem) -> None:
        for key, enum in CHOICE_COLUMNS.items():
            text = _normal(values.get(key))
            if not text:
                continue
            match = next((value for value, label in enum.choices
                          if text in {_normal(value), _normal(label)} and value), None)
            if match is None:
                allowed = ", ".join(str(label) for value, label in enum.choices if value)
                problem(key, _("“%(value)s” tidak dikenal. Pilihan: %(allowed)s.")
                        % {"value": _text(values.get(key)), "allowed": allowed})
            else:
                item.fields[key] = match

    def _read_numbers(self, item, values, problem) -> None:
        for key in ("start_year", "end_year"):
            year = _whole_number(values.get(key))
            if _text(values.get(key)) and (year is None or not YEAR_MIN <= year <= YEAR_MAX):
                problem(key, _("tulis tahun empat digit antara %(min)s dan %(max)s.")
                        % {"min": YEAR_MIN, "max": YEAR_MAX})
            elif year is not None:
                item.fields[key] = year
        start, end = item.fields.get("start_year"), item.fields.get("end_year")
        if start and end and end < start:
            problem("end_year", _("tahun selesai tidak boleh sebelum tahun mulai."))
        budget_text = _text(values.get("planned_budget"))
        budget = _whole_number(values.get("planned_budget"), rupiah=True)
        if budget_text and (budget is None or budget < 0):
            problem("planned_budget", _("tulis rupiah sebagai angka bulat tidak negatif, "
                                        "misalnya 1250000."))
        item.fields["planned_budget"] = budget or 0

    def _read_dimensions(self, item, values, problem) -> None:
        for key, lookup, target in (("dimensions", self.dimensions, item.dimensions),
                                    ("elements", self.elements, item.elements)):
            for name in _split(values.get(key)):
                found = lookup.get(_normal(name))
                if found is None:
                    problem(key, _("“%(name)s” tidak dikenal.") % {"name": name})
                else:
                    target.append(found)
        chosen = {d.pk for d in item.dimensions}
        stray = [e.name for e in item.elements if e.dimension_id not in chosen]
        if item.dimensions and stray:
            problem("elements", _("bukan bagian dari dimensi yang dipilih: %(names)s.")
                    % {"names": ", ".join(stray)})


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).replace(";", ",").split(",") if part.strip()]


def _whole_number(value, rupiah: bool = False) -> int | None:
    """An int from a number cell or text such as '2025' or 'Rp 1.250.000'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    if rupiah:
        text = text.removeprefix("Rp").removeprefix("rp").replace(".", "").replace(" ", "")
    return int(text) if text.lstrip("-").isdigit() else None
