"""Minutes are written as people type them and shown as sanitised HTML: never raw HTML.

The text is Markdown with the rules a note-taker expects rather than Markdown's own: a line
break stays a line break (`nl2br`), and a line beginning with "- ", "* " or "1. " starts a list
even right under a line of text (Markdown wants a blank line first; `_lists_open_anywhere`
adds it). `sane_lists` keeps numbered and bulleted lists apart. Then nh3 (an allow-list
sanitiser) strips every tag, attribute and URL scheme not listed here, so `<script>`,
`onerror=` or `javascript:` links cannot survive. The same HTML goes on the page and into the
PDF of approved minutes.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "a", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
_INDENTED = re.compile(r"^(?: {2,}|\t)\S")


def _lists_open_anywhere(text: str) -> str:
    """Blank lines where a typist means a list to start or end: before a list that follows a
    line of text ("Keputusan:\n- satu\n- dua" is a list, not one paragraph) and after a list
    followed by an unindented line of text (a new paragraph, not part of the last item)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    in_list = False
    for line in lines:
        stripped, previous = line.strip(), (out[-1] if out else "").strip()
        item = bool(_LIST_ITEM.match(line))
        continuation = bool(_INDENTED.match(line))
        if previous and ((item and not in_list)
                         or (in_list and stripped and not item and not continuation)):
            out.append("")
        if item:
            in_list = True
        elif stripped and not continuation:
            in_list = False
        out.append(line)
    return "\n".join(out)


def render_markdown(text: str) -> SafeString:
    """The typed text → HTML limited to the allow-list above (safe for a page or a PDF)."""
    html = markdown.markdown(_lists_open_anywhere(text or ""),
                             extensions=["tables", "sane_lists", "nl2br"])
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return mark_safe(cleaned)  # noqa: S308 — cleaned by nh3 just above
