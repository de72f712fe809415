"""Fixed-width listings: the PDF's long lists (annex, programs behind schedule, obstacles).

WeasyPrint's time grows with the number of separate text boxes it lays out and paints (about
0.6 ms each on our machine; see docs/performance.md): a 300-row table of 8 cells costs ~2,400
boxes, the same rows as one monospaced line each cost 300. So long lists are printed as
listings: one preformatted line per row, columns padded in Python, long cells wrapped onto
continuation lines (nothing is cut off). Short tables in the report stay real tables.

The text stays plain text: the template escapes it like any other value.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    title: str
    width: int
    right: bool = False


@dataclass
class Listing:
    """A header line and rows, each row one or more lines of exactly padded text."""

    columns: list[Column]
    rows: list[str]

    @property
    def header(self) -> str:
        return _line([str(c.title) for c in self.columns], self.columns)

    @property
    def rule(self) -> str:
        return "─" * len(self.header)


def listing(columns: list[Column], rows: list[list[object]]) -> Listing:
    """Format `rows` (cells as any printable value) under `columns`."""
    return Listing(columns=columns, rows=[_row(cells, columns) for cells in rows])


def _row(cells: list[object], columns: list[Column]) -> str:
    wrapped = [textwrap.wrap(" ".join(str(cell).split()), width=column.width,
                             break_long_words=True) or [""]
               for cell, column in zip(cells, columns, strict=True)]
    height = max(len(lines) for lines in wrapped)
    return "\n".join(
        _line([lines[i] if i < len(lines) else "" for lines in wrapped], columns)
        for i in range(height))


def _line(values: list[str], columns: list[Column]) -> str:
    parts = [value[:c.width].rjust(c.width) if c.right else value[:c.width].ljust(c.width)
             for value, c in zip(values, columns, strict=True)]
    return "  ".join(parts).rstrip()
