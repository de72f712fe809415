"""Number and date formats shared by every page and PDF, in the active language:
rupiah and percentages (Indonesian: Rp 1.250.000 and 45,3%; English: Rp 1,250,000 and 45.3%),
decimals (1.250,5), and dates and times with the zone (7 Oktober 2026 17.00 WIB; see
dewan/core/dates.py)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from dewan.core import dates
from dewan.core.forms import show_decimal

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 → 'Rp 1.250.000'; empty → '–'."""
    if value in (None, ""):
        return "–"
    return f"Rp {thousands(value)}"


@register.filter
def thousands(value) -> str:
    """1250000 → '1.250.000' (whole numbers, grouped)."""
    return number_format(int(value or 0), force_grouping=True)


@register.filter
def pct(value) -> str:
    """45.25 → '45,3%'; None → '–'."""
    if value is None:
        return "–"
    return f"{number_format(float(value), decimal_pos=1)}%"


@register.filter
def score(value) -> str:
    """An evaluation score or index, always two decimals: Decimal('3.7') → '3,70'; None →
    '–'."""
    if value in (None, ""):
        return "–"
    return number_format(value, decimal_pos=2)


@register.filter
def number(value) -> str:
    """Decimal('1250.50') → '1.250,5' (grouped, no trailing zeros); None → '–'."""
    if value in (None, ""):
        return "–"
    return show_decimal(value, grouping=True)


@register.filter
def local_date(value, where=None) -> str:
    """A date, or a moment's date in the zone: '7 Oktober 2026'."""
    return dates.local_date(value, where)


@register.filter
def local_datetime(value, where=None) -> str:
    """A moment in the active zone (or the regency's / zone name given): '7 Oktober 2026
    17.00 WIB'."""
    return dates.local_datetime(value, where)


@register.filter
def local_time(value, where=None) -> str:
    """'17.00 WIB'."""
    return dates.local_time(value, where)


@register.simple_tag
def time_span(start, end, where=None) -> str:
    """{% time_span meeting.start meeting.end %} → '17.00–19.00 WIB'."""
    return dates.time_span(start, end, where)


@register.simple_tag
def local_span(start, end, where=None) -> str:
    """{% local_span meeting.start meeting.end %} → 'Rabu, 7 Oktober 2026, 17.00–19.00 WIB'."""
    return dates.local_span(start, end, where)


@register.filter
def person(user, fallback: str = "") -> str:
    """A user's full name, else the username; for a deleted account (the row kept its place in
    history with no user) the fallback, by default "akun dihapus"."""
    if user is None:
        return fallback or gettext("akun dihapus")
    return user.get_full_name() or user.get_username()
