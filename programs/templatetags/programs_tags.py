"""Template filters of the programs pages: rupiah amounts, report state badges, quarters."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from dewan.core.templatetags import portal
from programs.choices import QUARTERS, ReportState

register = template.Library()

STATE_CLASSES = {
    ReportState.MISSING: "text-bg-danger",
    ReportState.DRAFT: "text-bg-secondary",
    ReportState.SUBMITTED: "text-bg-info",
    ReportState.RETURNED: "text-bg-warning",
    ReportState.VERIFIED: "text-bg-success",
}


register.filter("rupiah", portal.rupiah)


@register.filter
def state_class(state) -> str:
    return STATE_CLASSES.get(state, "text-bg-light")


@register.filter
def state_label(state) -> str:
    try:
        return ReportState(state).label
    except ValueError:
        return str(state)


@register.simple_tag
def quarter_label(year, quarter) -> str:
    """'Triwulan II 2025'."""
    names = dict(QUARTERS)
    return _("%(quarter)s %(year)s") % {"quarter": names.get(int(quarter), quarter),
                                         "year": year}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
