"""Reading an import file into checked rows; nothing is written here."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dewan.council.access import Access
from dewan.council.models import Agency

from ..choices import (
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_MEMBERS,
    MAX_IMPORT_ROWS,
    MAX_IMPORT_SHARED_STRINGS,
    MAX_IMPORT_UNPACKED_MB,
)
from ..forms import YEAR_MAX, YEAR_MIN, agencies_editable_by
from ..models import Dimension, Element
from ..services import programs_by_code
from .sheets import CHOICE_COLUMNS, import_columns


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
    # The regency's program that has this row's code: the row updates it (an export imported
    # back changes nothing).
    program: object = None


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


def _unreadable() -> ImportFileError:
    return ImportFileError(_("Berkas tidak dapat dibaca sebagai XLSX. Simpan ulang dari "
                             "Excel sebagai “Buku Kerja Excel (.xlsx)”."))


def _too_big(what) -> ImportFileError:
    return ImportFileError(_("Berkas ini terlalu besar untuk diimpor (%(what)s). Templat impor "
                             "untuk satu masterplan jauh lebih kecil: salin baris program ke "
                             "templat impor yang baru diunduh lalu unggah ulang.")
                           % {"what": what})


def _check_package(upload) -> None:
    """Refuse, before anything is unpacked, a workbook past sane limits.

    An .xlsx is a ZIP of XML files. A few kilobytes can unpack to gigabytes or hold millions of
    shared strings, which openpyxl would build in memory for minutes. Python's zipfile never
    returns more than a member's declared size, so the declared sizes bound what is read; the
    shared strings are counted on a stream, a megabyte at a time.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            if len(members) > MAX_IMPORT_MEMBERS:
                raise _too_big(_("%(count)s bagian di dalam berkas") % {"count": len(members)})
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_IMPORT_UNPACKED_MB * 1024 * 1024:
                raise _too_big(_("%(size)s MB setelah dibuka, paling banyak %(max)s MB")
                               % {"size": unpacked // (1024 * 1024),
                                  "max": MAX_IMPORT_UNPACKED_MB})
            for member in members:
                if member.filename.lower().endswith("sharedstrings.xml"):
                    _count_shared_strings(package, member)
    except zipfile.BadZipFile:
        raise _unreadable() from None
    finally:
        upload.seek(0)


def _count_shared_strings(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    count, tail = 0, b""
    with package.open(member) as stream:
        while chunk := stream.read(1024 * 1024):
            data = tail + chunk
            count += data.count(b"<si>") + data.count(b"<si ")
            count -= tail.count(b"<si>") + tail.count(b"<si ")
            tail = data[-3:]
            if count > MAX_IMPORT_SHARED_STRINGS:
                raise _too_big(_("lebih dari %(max)s teks berbeda")
                               % {"max": f"{MAX_IMPORT_SHARED_STRINGS:,}".replace(",", ".")})


def _read_rows(upload) -> list[tuple]:
    _check_package(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True,
                                                       max_row=MAX_IMPORT_ROWS + 2,
                                                       max_col=MAX_IMPORT_COLUMNS)]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _unreadable() from None
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
        self.agency_ids = {agency.pk for agency in self.agencies.values()}
        self.dimensions = self._lookup(Dimension.objects.all(), ("name", "code"),
                                       strip_prefix="smart ")
        self.elements = self._lookup(Element.objects.all(), ("name", "code", "name_en"))
        self.existing = programs_by_code(access.regency)
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
        existing = self.existing.get(code.lower())
        if len(code) > 30:
            problem("code", _("paling panjang 30 karakter."))
        elif existing is not None and existing.agency_id not in self.agency_ids:
            problem("code", _("kode “%(code)s” sudah dipakai program OPD lain di daerah ini; "
                              "program itu tidak dapat Anda ubah.") % {"code": code})
        elif code.lower() in self.codes_in_file:
            problem("code", _("kode “%(code)s” sudah dipakai di baris %(row)s berkas ini.")
                    % {"code": code, "row": self.codes_in_file[code.lower()]})
        else:
            item.program = existing
        self.codes_in_file.setdefault(code.lower(), item.row)
        item.fields["code"] = existing.code if existing is not None else code

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
                          if text in {_normal(value), _normal(label)}), None)
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
