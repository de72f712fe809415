"""Regency pages kept whole, per user, under the versions of the data they show.

The busiest regency pages (the dashboard, the program list, a meeting, the regency overview,
the verification queue, the ministry's page of one regency) are read far more often than
the regency's data changes. `kept_page` keeps such a page's HTML in the shared cache under a
key made of everything the page depends on, so that a kept page can never be served after
any of it changed:

* who asks: the user, their password's session hash, staff flags, every role assignment they
  hold (roles, regencies, agencies: a change of rights is a new key at once), the CSRF secret
  of their browser (the page's forms carry a token made from it) and their unread count;
* how: the scheme, host and full path with its query string, the htmx headers, the
  language, the time zone, and the time to five minutes (deadlines and "overdue" move with
  the clock);
* the code: a digest of the project's templates, sources, translations and static files.

The page is kept with the versions of the data it was drawn from, the regency's and the
global one (dewan/core/versions.py), read in the same cache round trip as the page, and
served only while both are still current. Every write moves them (dewan/core/versions.py:
`page_data_changed`, `PageVersionMiddleware`, and `move_regency` where an update sends no
signal).

Kept pages are compressed (zlib, fastest level: a fourth to a sixth of the HTML's 17-30 KB,
about 0,1 ms to pack and less to unpack), so that the shared Redis holds more of them; it
runs with a memory cap that evicts only what has a timeout (docker-compose.yml), never the
broker's queues or the data versions.

A page is kept only when it was drawn for a GET without flash messages (they are shown
once), answered 200, set no cookie and left the session as it was. The cache only saves
time: when it is away, or is each process's own memory (the embedded defaults, where other
processes' writes would not reach it), every page is drawn.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
import zlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from dewan.core import versions
from dewan.core.models import Notification

from .models import Agency, Regency, RoleAssignment

logger = logging.getLogger(__name__)

KEPT_SECONDS = 300
CLOCK_STEP_SECONDS = 300
CODE_DIRS = ("dewan", "programs", "meetings", "reports", "templates", "static", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".json", ".svg"}
PREFIX = "page:"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of what draws the pages, read once per process (a deploy starts new ones)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for name in CODE_DIRS:
        for path in sorted((root / name).rglob("*")):
            if (path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts
                    and path.is_file()):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The tables `who_asks` reads, with their aliases in its SQL.
WHO_TABLES = ((RoleAssignment, "ra"), (Regency, "r"), (Agency, "a"))


@functools.cache
def _who_sql() -> tuple[str, list[list[str]]]:
    """The query of `who_asks`, written once per process from the models' own tables and
    columns: the same rows as `assignments_for` with their regencies and agencies, the
    unread count and the regency in the URL. Run as SQL because building it with the ORM cost
    more (about 1,3 ms of Python) than everything else a kept page takes."""
    select = ", ".join(f'{alias}."{field.column}"' for model, alias in WHO_TABLES
                       for field in model._meta.concrete_fields)
    notification, regency = Notification._meta, Regency._meta
    sql = (f'SELECT {select}, '
           f'(SELECT COUNT(*) FROM "{notification.db_table}" n WHERE n."user_id" = ra."user_id" '
           f'AND n."read_at" IS NULL), '
           f'(SELECT u."id" FROM "{regency.db_table}" u WHERE u."slug" = %s) '
           f'FROM "{RoleAssignment._meta.db_table}" ra '
           f'LEFT JOIN "{regency.db_table}" r ON r."id" = ra."regency_id" '
           f'LEFT JOIN "{Agency._meta.db_table}" a ON a."id" = ra."agency_id" '
           f'WHERE ra."user_id" = %s ORDER BY ra."id"')
    return sql, [[f.attname for f in model._meta.concrete_fields] for model, _a in WHO_TABLES]


@functools.cache
def _who_converters(vendor: str) -> list[list]:
    """Per model of `_who_sql`, each column's converters from the database's value to the
    field's (as the ORM applies them: time zones on SQLite, decimals, JSON...)."""
    made = []
    for model, alias in WHO_TABLES:
        columns = []
        for field in model._meta.concrete_fields:
            column = field.get_col(alias)
            columns.append((column, connection.ops.get_db_converters(column)
                            + column.get_db_converters(connection)))
        made.append(columns)
    return made


def _from_row(model, names: list[str], converters: list, values) -> object:
    converted = []
    for value, (column, functions) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)


def who_asks(request: HttpRequest, slug: str) -> tuple[list, int | None]:
    """The user's role assignments (kept on the user for the view, `assignments_for`) with
    the bell's unread count (kept on the request for the navigation) and the id of the
    regency in the URL, all in one query. Returns what of them a page depends on, and that
    id (None when there is no such regency or the user holds no role at all)."""
    sql, (ra_fields, regency_fields, agency_fields) = _who_sql()
    ra_conv, regency_conv, agency_conv = _who_converters(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug, request.user.pk])
        rows = cursor.fetchall()
    held = []
    ends = [len(ra_fields), len(ra_fields) + len(regency_fields)]
    for row in rows:
        assignment = _from_row(RoleAssignment, ra_fields, ra_conv, row[:ends[0]])
        regency_row, agency_row = row[ends[0]:ends[1]], row[ends[1]:-2]
        assignment._state.fields_cache["regency"] = (
            _from_row(Regency, regency_fields, regency_conv, regency_row)
            if regency_row[0] is not None else None)
        assignment._state.fields_cache["agency"] = (
            _from_row(Agency, agency_fields, agency_conv, agency_row)
            if agency_row[0] is not None else None)
        held.append(assignment)
    request.user._role_assignments_cache = held
    if not rows:
        return [], None
    request.unread_count = rows[0][-2]
    return ([sorted((a.role, a.regency_id or 0, a.agency_id or 0) for a in held),
             request.unread_count], rows[0][-1])


def page_key(request: HttpRequest, slug: str) -> tuple[str, list[str]] | None:
    """The key of the page the request asks for and the names of the data versions it must
    have been drawn under, or None when it is not to be kept."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    who, regency_id = who_asks(request, slug)
    if (regency_id is None or not settings.KEEP_PAGES or _has_messages(request)):
        return None
    get_token(request)  # the token the page's forms carry, made (or kept) before the key
    user = request.user
    parts = [code_digest(), request.scheme, request.get_host(), request.get_full_path(),
             sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-")),
             translation.get_language(), timezone.get_current_timezone_name(),
             int(time.time() // CLOCK_STEP_SECONDS), user.pk,
             user.get_session_auth_hash(), user.is_active, user.is_staff, user.is_superuser,
             request.META.get("CSRF_COOKIE", ""), *who]
    key = PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()
    return key, [versions.GLOBAL, versions.regency(regency_id)]


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def kept_page(view):
    """Keep the view's page (a GET of a regency page, `slug` in its URL) as described above."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        asked = page_key(request, kwargs["slug"])
        if asked is None:
            return view(request, *args, **kwargs)
        key, names = asked
        data, kept = versions.current_with(names, key)  # one round trip to the cache
        if data is None:
            return view(request, *args, **kwargs)
        if kept is not None and kept[0] == data:
            _data, headers, packed = kept
            return HttpResponse(zlib.decompress(packed), headers=headers)
        session = getattr(request, "session", None)
        before = session.modified if session is not None else False
        response = view(request, *args, **kwargs)
        told = getattr(getattr(request, "_messages", None), "added_new", False)
        if _keepable(response) and not told and (session is None or session.modified == before):
            try:  # under the versions read before drawing: a write meanwhile voids it
                cache.set(key, (data, dict(response.headers), zlib.compress(response.content, 1)),
                          KEPT_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("page not kept: cache unavailable")
        return response

    return wrapper


def _keepable(response: HttpResponse) -> bool:
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not response.has_header("Cache-Control"))
