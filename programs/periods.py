"""Quarters and their deadlines: which reporting period is "this quarter" for a regency.

A quarter is reported while it runs and until its deadline (by default 10 days after it ends,
`Regency.report_deadline_days`). So in the first days of a quarter the period still open is
the previous one; once its deadline has passed, the running quarter is the one to report.
"""

from __future__ import annotations

import datetime
import re

from django.db import IntegrityError, transaction

from dewan.models import Regency

from .models import ReportingPeriod, quarter_end

_PERIOD_KEY = re.compile(r"^(\d{4})-([1-4])$")


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def default_deadline(regency: Regency, year: int, quarter: int) -> datetime.date:
    return quarter_end(year, quarter) + datetime.timedelta(days=regency.report_deadline_days)


def parse_period_key(raw: str | None) -> tuple[int, int] | None:
    """'2025-2' → (2025, 2); anything else (a bad query string value) → None."""
    match = _PERIOD_KEY.match((raw or "").strip())
    if not match:
        return None
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        return None
    return year, int(match.group(2))


def period_get_or_create(*, regency: Regency, year: int, quarter: int) -> ReportingPeriod:
    """The regency's period for the quarter, made with the default deadline when missing."""
    period = ReportingPeriod.objects.filter(regency=regency, year=year, quarter=quarter).first()
    if period is not None:
        return period
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(
                regency=regency, year=year, quarter=quarter,
                deadline=default_deadline(regency, year, quarter),
            )
    except IntegrityError:  # made by a concurrent request a moment ago
        return ReportingPeriod.objects.get(regency=regency, year=year, quarter=quarter)


def current_period(regency: Regency, today: datetime.date | None = None) -> ReportingPeriod:
    """The period OPDs should be reporting now: the previous quarter until its deadline."""
    today = today or regency.local_today()
    year, quarter = quarter_of(today)
    prev_year, prev_quarter = previous_quarter(year, quarter)
    previous = period_get_or_create(regency=regency, year=prev_year, quarter=prev_quarter)
    if today <= previous.deadline:
        return previous
    return period_get_or_create(regency=regency, year=year, quarter=quarter)


def chosen_period(regency: Regency, raw: str | None) -> tuple[ReportingPeriod, bool]:
    """The existing period named by `?periode=YYYY-Q`, else the current one.

    The second value says whether `raw` was given but unusable, so the page can say so.
    """
    current = current_period(regency)
    key = parse_period_key(raw)
    if key is None:
        return current, bool(raw)
    found = ReportingPeriod.objects.filter(regency=regency, year=key[0], quarter=key[1]).first()
    return (found, False) if found else (current, True)


def period_key(period: ReportingPeriod) -> str:
    return f"{period.year}-{period.quarter}"
