"""The import template: the columns with drop-down lists, a sheet of allowed values and a
guide."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dewan.council.access import Access

from ..choices import MAX_IMPORT_ROWS
from ..forms import agencies_editable_by
from ..models import Dimension
from .sheets import (
    CHOICE_COLUMNS,
    append_row,
    as_text,
    import_columns,
    styled_sheet,
    workbook_bytes,
)


def import_template(access: Access) -> bytes:
    """An empty import sheet with drop-down lists, and a sheet of allowed values."""
    columns = import_columns()
    workbook = Workbook()
    sheet = styled_sheet(workbook, _("Program"),
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
    return workbook_bytes(workbook)


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
            as_text(sheet.cell(row=row, column=index, value=value))
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
        append_row(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=13)


