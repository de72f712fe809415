"""Number formats of the reports: rupiah and percentages the Indonesian way."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 → 'Rp 1.250.000' (dot as thousands separator, no decimals)."""
    if value in (None, ""):
        return "–"
    return "Rp " + thousands(value)


@register.filter
def thousands(value) -> str:
    """1250000 → '1.250.000'."""
    return f"{int(value or 0):,}".replace(",", ".")


@register.filter
def pct(value) -> str:
    """45.25 → '45,3%'; None → '–'."""
    if value is None:
        return "–"
    return f"{float(value):.1f}".replace(".", ",") + "%"


@register.filter
def svg_len(value, scale=1) -> str:
    """A length for an SVG attribute: always a dot decimal, whatever the locale."""
    return f"{float(value or 0) * float(scale):.1f}"
