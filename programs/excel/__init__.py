"""Programs and progress in Excel, one module per job:

    sheets.py    the import columns, the choice columns, the look of every sheet
    export.py    programs and progress reports as XLSX
    template.py  the import template (drop-down lists, a sheet of choices, a guide)
    reading.py   reading an import file into checked rows, never writing

Reading never writes: `read_import` returns every row it understood and every problem it
found, by row number and column header, so the user can fix the whole file at once. The
service then stores all rows or none.
"""

from .export import export_programs, export_reports
from .reading import ImportFileError, ImportRow, RowProblem, read_import
from .template import import_template

__all__ = ["ImportFileError", "ImportRow", "RowProblem", "export_programs", "export_reports",
           "import_template", "read_import"]
