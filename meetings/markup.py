"""Minutes are written in Markdown and shown as sanitised HTML: never raw HTML from users.

Markdown is rendered first, then nh3 (an allow-list sanitiser) strips every tag, attribute and
URL scheme not listed here, so `<script>`, `onerror=` or `javascript:` links cannot survive.
"""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Markdown → HTML limited to the allow-list above (safe to put in a page or a PDF)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return mark_safe(cleaned)  # noqa: S308 — cleaned by nh3 just above
