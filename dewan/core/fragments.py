"""Table rows kept as HTML under a digest of what they show.

A row template that reads nothing but one dict (`s`, "what the row shows") draws the same
HTML for the same dict, language and time zone. `kept_rows` keeps each row's HTML in the
cache under a digest of those and of the template's own source: a kept row can never be out of
date (a changed figure is a new key; a changed template, after a deploy, too), and a page of
rows that did not change costs one `get_many` instead of a template render per row.

Used by the national overview's table (reports/views.py) and the program list
(programs/views.py). The cache only saves time: when it is away, every row is drawn.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

KEPT_SECONDS = 24 * 3600


@functools.lru_cache(maxsize=32)
def _template_digest(template_name: str) -> str:
    """A digest of the template's source, read once per process (a deploy starts new ones)."""
    source = get_template(template_name).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def row_key(template_name: str, shown: dict) -> str:
    where = (f"{_template_digest(template_name)}|{translation.get_language()}|"
             f"{timezone.get_current_timezone_name()}")
    digest = hashlib.sha256(f"{where}|{sorted(shown.items())!r}".encode()).hexdigest()[:32]
    return f"row:{template_name}:{digest}"


def kept_rows(template_name: str, shown: list[dict]) -> list[SafeString]:
    """The HTML of each row, drawn by `template_name` from {"s": shown[i]}, kept or drawn."""
    keys = [row_key(template_name, s) for s in shown]
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001 - the cache only saves time
        found = {}
    made = {key: render_to_string(template_name, {"s": s})
            for key, s in zip(keys, shown, strict=True) if key not in found}
    if made:
        with contextlib.suppress(Exception):
            cache.set_many(made, KEPT_SECONDS)
    return [mark_safe(found.get(key) or made[key]) for key in keys]  # noqa: S308 - our HTML
