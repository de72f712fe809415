"""{% letterhead regency %}: the regency's letterhead at the top of an official document."""

from django import template

from ..letterhead import letterhead_of

register = template.Library()


@register.inclusion_tag("includes/pdf_letterhead.html")
def letterhead(regency):
    return {"letterhead": letterhead_of(regency)}
