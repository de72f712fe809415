"""Template helpers of the meetings pages."""

from django import template

from meetings.markup import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render minutes Markdown as sanitised HTML."""
    return render_markdown(text)
