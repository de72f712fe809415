"""The portal's calendar: quarters (triwulan) and years, their bounds and deadlines.

This module is the only place that does quarter arithmetic. A `Period` is a quarter or a
whole year; it is written one way everywhere, in URLs, query strings, commands and files:
"2024-Q3" for a quarter and "2024" for a year. Reporting deadlines (stored per regency in
programs.ReportingPeriod) default to `default_deadline()`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

# The kinds of period; reports.choices.ReportKind uses the same values.
QUARTERLY = "triwulan"
ANNUAL = "tahunan"

YEAR_MIN, YEAR_MAX = 2000, 2100
_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-?[Qq](?P<quarter>[1-4]))?$")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A period written in a form the portal does not understand."""


@dataclass(frozen=True)
class Period:
    """The time a report covers: a quarter of a year, or the whole year (quarter None)."""

    kind: str
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """'2024-Q3' → the third quarter of 2024; '2024' → the year 2024."""
        match = _PERIOD.match((text or "").strip())
        if not match or not YEAR_MIN <= int(match["year"]) <= YEAR_MAX:
            raise PeriodError(_("Periode %(text)r tidak dikenal; tulis 2024-Q3 atau 2024.")
                              % {"text": text})
        if match["quarter"]:
            return quarter(int(match["year"]), int(match["quarter"]))
        return year(int(match["year"]))

    @classmethod
    def of(cls, row) -> Period:
        """The period of a row with `year` and `quarter` (and `kind` when it has one)."""
        kind = getattr(row, "kind", None) or (QUARTERLY if row.quarter else ANNUAL)
        return cls(kind, row.year, row.quarter)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else f"{self.year}"

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """'Triwulan III Tahun 2024' or 'Tahun 2024' (in the active language)."""
        if self.quarter:
            return _("Triwulan %(roman)s Tahun %(year)s") % {
                "roman": _ROMAN[self.quarter], "year": self.year}
        return _("Tahun %(year)s") % {"year": self.year}

    @property
    def quarters(self) -> list[int]:
        """The quarters whose progress reports the period covers."""
        return [self.quarter] if self.quarter else [1, 2, 3, 4]

    @property
    def last_quarter(self) -> int:
        return self.quarter or 4

    @property
    def start(self) -> datetime.date:
        month = 3 * (self.quarter - 1) + 1 if self.quarter else 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        if self.last_quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.last_quarter + 1, 1) - datetime.timedelta(1)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes in the regency's own time zone."""
        start = datetime.datetime.combine(self.start, datetime.time.min, tz)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1),
                                        datetime.time.min, tz)
        return start, end

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def is_closed(self, today: datetime.date) -> bool:
        return today > self.end

    def previous(self) -> Period:
        """The quarter (or year) before this one."""
        if not self.quarter:
            return year(self.year - 1)
        return quarter(self.year - 1, 4) if self.quarter == 1 else quarter(self.year,
                                                                            self.quarter - 1)

    def next(self) -> Period:
        if not self.quarter:
            return year(self.year + 1)
        return quarter(self.year + 1, 1) if self.quarter == 4 else quarter(self.year,
                                                                            self.quarter + 1)

    def sort_key(self) -> tuple[int, int, bool]:
        """Later periods sort later; a year sorts after its fourth quarter."""
        return (self.year, self.last_quarter, not self.quarter)


def quarter(year_: int, number: int) -> Period:
    return Period(QUARTERLY, year_, number)


def year(number: int) -> Period:
    return Period(ANNUAL, number)


def quarter_containing(day: datetime.date) -> Period:
    """The quarter the day falls in."""
    return quarter(day.year, (day.month - 1) // 3 + 1)


def last_closed_quarter(today: datetime.date) -> Period:
    """The most recent quarter that has ended by `today`."""
    return quarter_containing(today).previous()


def recent_quarters(today: datetime.date, count: int) -> list[Period]:
    """The quarter of `today` and the `count - 1` before it, newest first."""
    found = [quarter_containing(today)]
    while len(found) < count:
        found.append(found[-1].previous())
    return found


def default_deadline(period: Period, days_after: int) -> datetime.date:
    """A quarter's reporting deadline: `days_after` days after it ends."""
    return period.end + datetime.timedelta(days=days_after)
