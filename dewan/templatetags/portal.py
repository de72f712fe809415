"""Number formats shared by every page and PDF: rupiah and percentages in the active
language (Indonesian: Rp 1.250.000 and 45,3%; English: Rp 1,250,000 and 45.3%)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

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
