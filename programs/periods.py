"""Reporting periods of a regency: which quarter OPDs report now, and its deadline.

A quarter is reported while it runs and until its deadline (by default
`Regency.report_deadline_days` days after it ends; the secretariat may move it, which stores a
`ReportingPeriod` row). So in the first days of a quarter the period still open is the previous
one; once its deadline has passed, the running quarter is the one to report.

Reading never writes: a quarter without a stored row is an unsaved `ReportingPeriod` with the
default deadline. Only writes (`period_ensure`, from a service or a scheduled task) store one.
The quarter arithmetic itself lives in dewan.core.calendar.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from dewan.core.calendar import Period, PeriodError, default_deadline, quarter_containing
from dewan.council.models import Regency

from .models import ReportingPeriod


class ReportingCalendar:
    """A regency's reporting periods, read in one query (a handful of rows a year)."""

    def __init__(self, regency: Regency) -> None:
        self.regency = regency
        self.stored = {(row.year, row.quarter): row
                       for row in ReportingPeriod.objects.filter(regency=regency)}

    def period(self, period: Period) -> ReportingPeriod:
        """The stored period of the quarter, or an unsaved one with the default deadline."""
        return self.stored.get((period.year, period.quarter)) or _unsaved(self.regency, period)

    def current(self, today: datetime.date | None = None) -> ReportingPeriod:
        """The period OPDs should be reporting now: the previous quarter until its deadline."""
        today = today or self.regency.local_today()
        running = quarter_containing(today)
        previous = self.period(running.previous())
        return previous if today <= previous.deadline else self.period(running)

    def chosen(self, raw: str | None) -> tuple[ReportingPeriod, bool]:
        """The quarter named by `?periode=2025-Q2` (not one still to come), else the current
        period. The second value says whether `raw` was given but unusable."""
        if not raw:
            return self.current(), False
        try:
            period = Period.parse(raw)
        except PeriodError:
            return self.current(), True
        if not period.is_quarter or period.start > self.regency.local_today():
            return self.current(), True
        return self.period(period), False

    def choices(self, *, count: int = 8) -> list[Period]:
        """The quarters a period picker offers: the current one, the ones before it, and
        any other stored one that has started, newest first."""
        current = self.current().period
        found = {current}
        while len(found) < count:
            found.add(min(found, key=Period.sort_key).previous())
        found |= {row.period for row in self.stored.values()
                  if row.period.sort_key() <= current.sort_key()}
        return sorted(found, key=Period.sort_key, reverse=True)


def _unsaved(regency: Regency, period: Period) -> ReportingPeriod:
    return ReportingPeriod(regency=regency, year=period.year, quarter=period.quarter,
                           deadline=default_deadline(period, regency.report_deadline_days))


def reporting_period(regency: Regency, period: Period) -> ReportingPeriod:
    return ReportingCalendar(regency).period(period)


def current_period(regency: Regency, today: datetime.date | None = None) -> ReportingPeriod:
    return ReportingCalendar(regency).current(today)


def period_ensure(*, regency: Regency, period: Period) -> ReportingPeriod:
    """Store the regency's period for the quarter with the default deadline when missing
    (a write: services and scheduled tasks only)."""
    stored = ReportingPeriod.objects.filter(regency=regency, year=period.year,
                                            quarter=period.quarter).first()
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            row = _unsaved(regency, period)
            row.save()
            return row
    except IntegrityError:  # stored by a concurrent request a moment ago
        return ReportingPeriod.objects.get(regency=regency, year=period.year,
                                           quarter=period.quarter)
