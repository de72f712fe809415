"""Dates and times as the portal writes them: in the long local form and, where a time is
shown, with the abbreviation of the regency's zone.

    7 Oktober 2026                          local_date
    7 Oktober 2026 17.00 WIB                local_datetime
    17.00 WIB, 17.00–19.00 WIB              local_time, time_span
    Rabu, 7 Oktober 2026, 17.00–19.00 WITA  local_span

In English: 7 October 2026 5:00 p.m. WIB. The patterns are the active language's
DATE_FORMAT, DATETIME_FORMAT and TIME_FORMAT (dewan/project/formats/). A time is shown in
the zone it is given (a regency, a zone name) or else in the active one, which
`regency_access` sets to the regency's own for its pages.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

# Indonesia's three zones as people name them; any other zone shows its own abbreviation.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_of(where=None) -> datetime.tzinfo:
    """The zone of a regency (anything with `tzinfo`), of a zone name, or the active one."""
    if where is None or where == "":
        return timezone.get_current_timezone()
    if isinstance(where, str):
        return ZoneInfo(where)
    if isinstance(where, datetime.tzinfo):
        return where
    return where.tzinfo


def zone_abbreviation(zone: datetime.tzinfo, moment: datetime.datetime | None = None) -> str:
    """WIB, WITA or WIT for Indonesia's zones; otherwise what the zone calls itself."""
    key = getattr(zone, "key", str(zone))
    if key in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[key]
    return (moment or timezone.now()).astimezone(zone).tzname() or key


def _local(value: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    return timezone.localtime(value, zone) if timezone.is_aware(value) else value


def local_date(value, where=None) -> str:
    """'7 Oktober 2026'; a moment is first put in the zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value, zone_of(where)).date()
    return formats.date_format(value, "DATE_FORMAT")


def local_datetime(value, where=None) -> str:
    """'7 Oktober 2026 17.00 WIB'; a date without a time is written as a date."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return local_date(value)
    zone = zone_of(where)
    moment = _local(value, zone)
    return f"{formats.date_format(moment, 'DATETIME_FORMAT')} {zone_abbreviation(zone, value)}"


def local_time(value, where=None) -> str:
    """'17.00 WIB'."""
    if value in (None, ""):
        return ""
    zone = zone_of(where)
    return f"{formats.time_format(_local(value, zone), 'TIME_FORMAT')} " \
           f"{zone_abbreviation(zone, value)}"


def time_span(start, end, where=None) -> str:
    """'17.00–19.00 WIB'; an end on another day is written with its date."""
    if start in (None, ""):
        return ""
    zone = zone_of(where)
    first, abbreviation = _local(start, zone), zone_abbreviation(zone, start)
    begins = formats.time_format(first, "TIME_FORMAT")
    if end in (None, ""):
        return f"{begins} {abbreviation}"
    last = _local(end, zone)
    if last.date() == first.date():
        return f"{begins}–{formats.time_format(last, 'TIME_FORMAT')} {abbreviation}"
    return f"{begins} – {formats.date_format(last, 'DATETIME_FORMAT')} {abbreviation}"


def local_span(start, end, where=None) -> str:
    """'Rabu, 7 Oktober 2026, 17.00–19.00 WIB': a meeting's day and hours."""
    if start in (None, ""):
        return ""
    first = _local(start, zone_of(where))
    day = f"{formats.date_format(first, 'l')}, {formats.date_format(first, 'DATE_FORMAT')}"
    return f"{day}, {time_span(start, end, where)}"
