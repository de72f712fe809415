"""English, the second language: every source string translated, compiled, and shown."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr(s) and flags.

    Enough of the format for makemessages' output; obsolete (#~) entries are skipped.
    """
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set(), "msgstr": {}}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
            finish()
            entry = None
        entry = entry or {"flags": set(), "msgstr": {}}
        value = ast.literal_eval(rest)
        if keyword == "msgstr":
            field = ("msgstr", 0)
            entry["msgstr"][0] = value
        elif keyword.startswith("msgstr["):
            field = ("msgstr", int(keyword[7:-1]))
            entry["msgstr"][field[1]] = value
        else:
            field = keyword
            entry[keyword] = value
    finish()
    return [e for e in entries if e["msgid"]]  # without the header


@pytest.fixture(scope="module")
def english_entries() -> list[dict]:
    return _po_entries(LOCALE / "django.po")


def test_every_english_string_is_translated_and_not_fuzzy(english_entries):
    assert len(english_entries) > 500
    untranslated = [e["msgid"] for e in english_entries
                    if not e["msgstr"] or not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in english_entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_strings_have_both_english_forms(english_entries):
    plurals = [e for e in english_entries if "msgid_plural" in e]
    assert plurals
    assert all(sorted(e["msgstr"]) == [0, 1] for e in plurals)


def test_the_compiled_catalogue_matches_the_po_file(english_entries):
    with open(LOCALE / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in english_entries:
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            if catalog.get((key, 0)) != e["msgstr"][0] or catalog.get((key, 1)) != e["msgstr"][1]:
                stale.append(e["msgid"])
        elif catalog.get(key) != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == [], "run: manage.py compilemessages -l en"


@pytest.mark.django_db
def test_login_page_reads_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login")).content.decode()
    assert "Sign in to the Portal" in page
    assert "Username" in page
    assert "Masuk ke Portal" not in page


def test_regency_page_navigation_reads_in_english(world):
    client = world.client_for(world.secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/r/{world.regency.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Overview", "Council", "Meetings", "Evaluation Reports", "Dashboard",
                  "Sign out", "Smart City Council overview", "Humbang Uji Regency"):
        assert label in page, label
    for indonesian in ("Ringkasan Dewan Smart City", "Laporan Evaluasi", "Keluar",
                       "Kabupaten Humbang Uji"):
        assert indonesian not in page, indonesian


def test_the_catalogue_holds_every_string_of_the_sources(tmp_path):
    """A newly wrapped string without its English translation fails here: makemessages is run
    on a copy of the sources and every entry it writes must be translated, none fuzzy."""
    import shutil
    import subprocess
    import sys

    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("dewan", "programs", "meetings", "reports", "templates", "locale"):
        shutil.copytree(root / name, copy / name, ignore=ignore)
    shutil.copy2(root / "manage.py", copy / "manage.py")
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete",
                    "--no-location"], cwd=copy, check=True, capture_output=True, timeout=120)
    entries = _po_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = [e["msgid"] for e in entries
               if "fuzzy" in e["flags"] or not e["msgstr"] or not all(e["msgstr"].values())]
    assert missing == [], (
        "untranslated strings; run: manage.py makemessages -l en --no-obsolete -i '.venv/*' "
        "-i 'tests/*' -i 'bench/*', translate them in locale/en/LC_MESSAGES/django.po, then "
        "manage.py compilemessages -l en -i .venv")
