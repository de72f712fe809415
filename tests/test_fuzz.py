"""Every form and every list page's query string, fuzzed with Hypothesis.

The forms are found, not listed: every page of the permission table (tests/test_every_url.py)
is opened as a user allowed to use it, and every `<form method="post">` (or `hx-post`) on it
is read — its fields' names, types, lengths, ranges and choices. Hypothesis then posts values
at and past each field's boundaries (dates in year 1 and 9999, numbers past the database
column's range, strings past `maxlength`, control characters and line breaks in one-line
fields, Indonesian and English number forms, files that are not what they claim).

For every example: no server error; and when the form is refused (no redirect), nothing was
saved — no row in any of the project's tables, no file in the media folder — and the page says
what is wrong. The query strings of every GET page get the same treatment.

`FUZZ_EXAMPLES` sets the examples per form (200 by default, as CI runs it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.choices import MinutesStatus
from tests.everything import make_objects
from tests.programs.factories import PDF_BYTES, PNG_BYTES
from tests.test_every_url import PERMISSIONS

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
# A form reached from several pages is fuzzed once (by its view), on the first page.
FUZZED_VIEWS: set[str] = set()
# Who opens each page to find its forms: the first of these the page allows.
USERS = ("secretariat", "opd")
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "alert-danger", "errorlist", "text-danger",
                 "alert-warning")


# --- reading the forms of a page ------------------------------------------------------------

@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    maxlength: int | None = None
    minimum: str | None = None
    maximum: str | None = None
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    inputmode: str = ""  # "decimal" or "numeric": a number typed as text (dewan/core/forms.py)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)
    submits: list[tuple[str, str]] = field(default_factory=list)


class FormReader(HTMLParser):
    """The forms of an HTML page, with what each field accepts."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url, self.forms, self.form, self.select = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = "post" if "hx-post" in a else a.get("method", "get").lower()
            action = a.get("hx-post") or a.get("action") or self.page_url
            self.form = Form(action=action.replace("&amp;", "&"), method=method)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                self.form.submits.append((a["name"], a.get("value", "")))
                return
            self._add(Field(a["name"], kind, a.get("value", ""), _int(a.get("maxlength")),
                            a.get("min"), a.get("max"), multiple="multiple" in a,
                            inputmode=a.get("inputmode", "")))
        elif tag == "button" and a.get("name"):
            self.form.submits.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._add(Field(a["name"], "textarea", maxlength=_int(a.get("maxlength"))))
        elif tag == "select" and a.get("name"):
            self.select = Field(a["name"], "select", multiple="multiple" in a)
            self._add(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))

    def _add(self, item: Field) -> None:
        known = self.form.fields.get(item.name)
        if known and known.kind == "checkbox" and item.kind == "checkbox":
            known.options.append(item.value)
            return
        if item.kind == "checkbox":
            item.options = [item.value or "on"]
        self.form.fields.setdefault(item.name, item)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def _int(raw) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def forms_of(client, url: str) -> list[Form]:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    reader = FormReader(url)
    reader.feed(response.content.decode())
    return reader.forms


# --- values at and past every boundary -----------------------------------------------------

BIG = ["2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
       "99999999999999999999999", "-1", "-2147483649", "1e309", "NaN", "inf", "0", "00",
       "80,5", "80.5", "1.250.000", "Rp 1.250.000", "1,250,000", "1.2.3", "١٢٣", "12abc", " ",
       "1.250", "12,500", "1.250,75", "1,250.75", "100,01", "80,5 %", "Rp. 1.250.000,-",
       "1.250.000,50", "−5", ",", "0,125"]
DATES = ["0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "1899-12-31", "2100-01-01",
         "31/12/2024", "", "abc"]
TRICKY_TEXT = ["", " ", "\x00", "a\r\nBcc: x@evil.example", "line\nbreak", "\t\x0b\x0c",
               "=HYPERLINK(\"http://evil.example\")", "+1+1", "-1", "@SUM(A1)",
               "<script>alert(1)</script>", "‮gnp.exe", "😀" * 80, "Ĕ" * 300, "x" * 10_000,
               "'; DROP TABLE x; --", "{seq} {year} {0} %s %(x)s", "Drs. A, M.Pd"]


def text_values(item: Field):
    limit = item.maxlength or 300
    boundary = ["x" * limit, "x" * (limit + 1), "é" * limit]
    return st.one_of(st.sampled_from(TRICKY_TEXT + boundary), st.text(max_size=limit + 5))


def value_strategy(item: Field):
    kind = item.kind
    if kind == "hidden":
        return st.sampled_from([item.value, item.value, "", "0", "-1", "999999999", "x"])
    if kind == "number":
        edges = [v for v in (item.minimum, item.maximum) if v]
        return st.one_of(st.sampled_from(BIG + edges),
                         st.integers(-10**20, 10**20).map(str),
                         st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str))
    if kind == "date":
        return st.one_of(st.sampled_from(DATES), st.dates().map(str))
    if kind == "datetime-local":
        return st.one_of(st.sampled_from([d + "T00:00" for d in DATES] + ["2024-01-01T25:61"]),
                         st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")))
    if kind == "select":
        return st.one_of(st.sampled_from(item.options or [""]),
                         st.sampled_from(["", "0", "-1", "999999", "x", "\x00"]))
    if kind == "checkbox":
        return st.sampled_from([None, *item.options, "garbage"])
    if kind == "file":
        return st.sampled_from(["pdf", "png", "empty", "fake"])
    if kind in ("email",):
        return st.one_of(st.sampled_from(["", "a@b", "x@example.go.id", "a,b@x.id",
                                          "a@b.c\r\nBcc: y@z"]), st.emails().map(str))
    if kind == "url":
        return st.sampled_from(["", "zoom.example/j/1", "javascript:alert(1)", "http://x",
                                "https://" + "a" * 250 + ".id", "ftp://x.y"])
    if kind == "text" and item.inputmode in ("decimal", "numeric"):
        return st.one_of(st.sampled_from(BIG), st.decimals(allow_nan=False, places=2).map(str),
                         text_values(item))
    return text_values(item)


def upload(name: str, kind: str):
    contents = {"pdf": (PDF_BYTES, "application/pdf"), "png": (PNG_BYTES, "image/png"),
                "empty": (b"", "application/pdf"),
                "fake": (b"ini bukan pdf", "application/pdf")}[kind]
    return SimpleUploadedFile(f"{name}-{kind}.pdf", contents[0], content_type=contents[1])


# --- what must hold ----------------------------------------------------------------------

def project_tables() -> list[str]:
    labels = {"dewan", "programs", "meetings", "reports", "core", "auth"}
    return [m._meta.db_table for m in apps.get_models() if m._meta.app_label in labels
            and m._meta.db_table not in ("auth_user", "core_outboxmessage")]


def table_counts(tables: list[str]) -> tuple:
    """Row counts of every project table in one query."""
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})"
                                for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def media_files(root) -> int:
    return sum(len(files) for _dir, _subdirs, files in os.walk(root)) if root.exists() else 0


def check_post(client, form: Form, data: dict, tables: list[str], media_root) -> None:
    uploads = any(item.kind == "file" for item in form.fields.values())
    before = table_counts(tables)
    files_before = media_files(media_root) if uploads else 0
    response = client.post(form.action, data)
    assert response.status_code < 500, (form.action, data, response.status_code)
    if response.status_code in (301, 302, 303):
        return
    assert table_counts(tables) == before, ("refused but saved", form.action, data)
    if uploads:
        assert media_files(media_root) == files_before, ("refused but stored a file",
                                                         form.action)
    if response.status_code in (200, 400, 409) and "text/html" in response.get(
            "Content-Type", ""):
        page = response.content.decode()
        assert any(marker in page for marker in ERROR_MARKERS), (
            "refused without saying why", form.action, data)


# --- the tests ---------------------------------------------------------------------------

def _pages() -> list[tuple[str, str]]:
    """(URL name, user) of every GET page of the permission table a form user may open."""
    found = []
    for name, rule in sorted(PERMISSIONS.items()):
        if rule is None or rule.method != "get":
            continue
        user = next((u for u in USERS if u in rule.allowed), None)
        if user:
            found.append((name, user))
    return found


@pytest.fixture
def fuzz_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return world, make_objects(world, minutes_status=MinutesStatus.DRAFT), tmp_path / "media"


HYPOTHESIS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(("name", "user"), _pages())
def test_the_pages_forms_and_query_string_refuse_bad_input_cleanly(name, user, fuzz_world):
    world, objects, media_root = fuzz_world
    client = world.client_for(getattr(world, user))
    url = objects.url(name, world.regency.slug, PERMISSIONS[name])
    tables = project_tables()
    forms = forms_of(client, url)
    _fuzz_query_string(client, url, forms)
    for form in forms:
        path = urlsplit(form.action).path
        inputs = set(form.fields) - {"csrfmiddlewaretoken"}
        if form.method != "post" or not path.startswith(f"/r/{world.regency.slug}/"):
            continue
        view = resolve(path).view_name
        if not inputs or view in FUZZED_VIEWS:  # no input to fuzz (the matrix covers it)
            continue
        FUZZED_VIEWS.add(view)
        _fuzz_form(client, form, tables, media_root)


def _fuzz_form(client, form: Form, tables, media_root) -> None:
    strategies = {name: value_strategy(item) for name, item in form.fields.items()}
    submit = st.sampled_from(form.submits or [("", "")])

    @HYPOTHESIS
    @given(values=st.fixed_dictionaries(strategies), pressed=submit)
    def post_once(values, pressed):
        data = {}
        for name, value in values.items():
            item = form.fields[name]
            if item.kind == "file":
                data[name] = upload(name, value)
            elif value is not None:
                data[name] = value
        if pressed[0]:
            data[pressed[0]] = pressed[1]
        check_post(client, form, data, tables, media_root)

    post_once()


def _fuzz_query_string(client, url: str, forms: list[Form]) -> None:
    """A list page (one with a filter or period form): every parameter it reads, and the
    usual ones of other lists, with values of every kind; no server error."""
    filters = [f for f in forms if f.method == "get"
               and urlsplit(f.action).path == urlsplit(url).path]
    if not filters:
        return  # the page reads no query string
    keys = {n: item for form in filters for n, item in form.fields.items()}
    for common in ("page", "periode", "status", "tahun", "sort", "agency", "q", "lewat"):
        keys.setdefault(common, Field(common, "text"))

    @HYPOTHESIS
    @given(query=st.fixed_dictionaries({}, optional={n: value_strategy(f)
                                                     for n, f in keys.items()}))
    def get_once(query):
        query = {k: v for k, v in query.items() if v is not None and k != "csrfmiddlewaretoken"}
        response = client.get(url, query)
        assert response.status_code < 500, (url, query, response.status_code)

    get_once()


def test_the_national_overviews_query_string_is_answered_without_a_server_error(fuzz_world):
    """The reviewers' list of regencies (not a tenant page, so not in the table above)."""
    from django.urls import reverse

    world, _objects, _media = fuzz_world
    client = world.client_for(world.reviewer)
    url = reverse("national:overview")
    forms = forms_of(client, url)
    assert any(form.method == "get" for form in forms)
    _fuzz_query_string(client, url, forms)
