"""Reporting periods of the evaluation reports: a quarter ("2024-Q3") or a year ("2024")."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from programs.models import quarter_end

from .choices import ReportKind

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-?[Qq](?P<quarter>[1-4]))?$")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A period written in a form we do not understand."""


@dataclass(frozen=True)
class Period:
    """The time a report covers. Quarterly reports have a quarter; annual ones do not."""

    kind: str
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2024-Q3' → the third quarter of 2024; '2024' → the year 2024."""
        match = _PERIOD.match((text or "").strip())
        if not match or not 2000 <= int(match["year"]) <= 2100:
            raise PeriodError(_("Periode %(text)r tidak dikenal; tulis 2024-Q3 atau 2024.")
                              % {"text": text})
        if match["quarter"]:
            return cls(ReportKind.QUARTERLY, int(match["year"]), int(match["quarter"]))
        return cls(ReportKind.ANNUAL, int(match["year"]))

    @classmethod
    def of(cls, report) -> Period:
        """The period of a report or summary row."""
        return cls(report.kind, report.year, report.quarter)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else f"{self.year}"

    @property
    def label(self) -> str:
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
        return quarter_end(self.year, self.last_quarter)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) as aware datetimes in the regency's own time zone."""
        start = datetime.datetime.combine(self.start, datetime.time.min, tz)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1),
                                        datetime.time.min, tz)
        return start, end

    def is_closed(self, today: datetime.date) -> bool:
        return today > self.end


def last_closed_quarter(today: datetime.date) -> Period:
    """The most recent quarter that has ended by `today`."""
    quarter = (today.month - 1) // 3  # the current quarter minus one
    if quarter == 0:
        return Period(ReportKind.QUARTERLY, today.year - 1, 4)
    return Period(ReportKind.QUARTERLY, today.year, quarter)
