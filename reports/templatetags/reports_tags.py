"""Template filters of the reports: the shared number formats and SVG lengths."""

from __future__ import annotations

from django import template

from dewan.core.templatetags import portal

register = template.Library()


# The shared number formats, available under this library's name too.
register.filter("rupiah", portal.rupiah)
register.filter("thousands", portal.thousands)
register.filter("pct", portal.pct)


@register.filter
def svg_len(value, scale=1) -> str:
    """A length for an SVG attribute: always a dot decimal, whatever the locale."""
    return f"{float(value or 0) * float(scale):.1f}"
