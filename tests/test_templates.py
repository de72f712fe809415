"""Template habits that keep pages from crashing on ordinary data."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

# `{{ a|default:b.c }}`: Django resolves a filter's argument strictly, so when `b` is None
# (a deleted user behind a history row) the page is a 500. Use the `person` filter for
# people and `{% if %}` for the rest.
DOTTED_DEFAULT = re.compile(r"\|default:[A-Za-z_]+\.[A-Za-z_.]+")


def test_no_template_passes_an_attribute_path_to_default():
    root = Path(settings.BASE_DIR)
    templates = [p for p in root.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    assert len(templates) > 50
    offenders = [f"{path.relative_to(root)}:{number}"
                 for path in templates
                 for number, line in enumerate(path.read_text().splitlines(), start=1)
                 if DOTTED_DEFAULT.search(line) and "user.username" not in line]
    assert offenders == []
