"""Data versions: a counter in the shared cache per kind of data, moved on every write.

A figure that is costly to compute (the national overview's, over every regency) is kept in
the cache under the version of the data it was computed from. Reading the version is one
cache lookup instead of a query over the data; any write moves it, so a figure kept under
an older version is never read again.

A write moves the version twice: at once (so a reader inside the same transaction, or a test,
sees it) and again after its transaction commits. A reader that computed from the data as it
was before the commit, under the first new version, is thus passed over by the second one.

Besides the national version, each regency has one and there is a global one, for the
regency pages kept whole (dewan/council/pages.py): every save or delete of a model a page may
show moves its regency's (or, for data of no one regency, the global) version
(`page_data_changed`); every write request on a regency's pages moves that regency's
(`PageVersionMiddleware`); the conditional and bulk updates that send no signal call
`move_regency` themselves.

The counter starts from the clock (nanoseconds) when it is missing, so a cache that lost it
never hands out a number already used for older data. Without a shared cache (Redis away, or
the embedded defaults' per-process memory, which other processes' writes would not reach)
`current` answers None and the caller computes.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

PREFIX = "data-version:"
NATIONAL = "national"  # programs, progress reports, dimension tags, meetings, regencies
GLOBAL = "global"  # what no one regency owns: users, dimensions, evaluation years (pages.py)


def regency(regency_id: int) -> str:
    """The version of one regency's own data (the kept pages, dewan/council/pages.py)."""
    return f"regency:{regency_id}"


def current(name: str) -> str | None:
    """The version of `name` now, or None when the cache is unavailable."""
    found, _value = current_with([name])
    return found[0] if found else None


def current_with(names: list[str], key: str | None = None) -> tuple[list[str] | None, object]:
    """The versions of `names` now and the cache's value under `key` (if any), in one round
    trip; (None, None) when the cache is unavailable."""
    if isinstance(caches["default"], LocMemCache):
        return None, None
    keys = [PREFIX + name for name in names]
    try:
        found = cache.get_many(keys if key is None else [*keys, key])
        for missing in (k for k in keys if k not in found):
            cache.add(missing, time.time_ns(), timeout=None)
            found[missing] = cache.get(missing)
    except Exception:  # noqa: BLE001 - the cache only saves time
        return None, None
    if any(found.get(k) is None for k in keys):
        return None, None
    return [str(found[k]) for k in keys], found.get(key) if key is not None else None


def move(name: str) -> None:
    """Move the version of `name` now and again once the current transaction commits."""
    _move(name)
    transaction.on_commit(lambda: _move(name), robust=True)


def _move(name: str) -> None:
    key = PREFIX + name
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there (yet, or any more): start over from the clock
            cache.set(key, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - a cache that is away holds no figure either
        logger.warning("data version %s not moved: cache unavailable", name)


# --- the writes that move the regency and global versions (the kept pages, dewan/council/pages.py)

# Kept in the cache's own right or written by the page's very reading: never a page's data.
NOT_PAGE_DATA = {"core", "sessions", "axes", "admin", "contenttypes", "django_celery_beat"}
NOT_PAGE_MODELS = {"auth.permission", "meetings.calendarfeedkey"}


def _regency_id(instance, depth: int = 3) -> int | None:
    """The regency whose data the row is, through relations already loaded (never a query);
    None when the row belongs to no one regency or that cannot be told without a query."""
    if hasattr(instance, "regency_id"):
        return instance.regency_id
    if depth == 0:
        return None
    for field in instance._meta.concrete_fields:
        if field.many_to_one and field.is_cached(instance):
            parent = getattr(instance, field.name)
            found = _regency_id(parent, depth - 1) if parent is not None else None
            if found is not None:
                return found
    return None


def move_regency(regency_id: int | None) -> None:
    """Move the version of the regency's pages (the global one when it is not known)."""
    move(regency(regency_id) if regency_id else GLOBAL)


def page_data_changed(sender, instance=None, **kwargs) -> None:
    """A row was saved or deleted (or a row's many-to-many links changed)."""
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a login: no page shows it
    if not kwargs.get("action", "post_").startswith("post_"):
        return  # a many-to-many change is announced before and after: once is enough
    if sender._meta.label_lower == "dewan.regency":
        move_regency(instance.pk)
    else:
        move_regency(_regency_id(instance))


def is_page_data(model) -> bool:
    meta = model._meta
    return not (meta.app_label in NOT_PAGE_DATA or meta.label_lower in NOT_PAGE_MODELS
                or hasattr(model, "instance_type")  # django-simple-history's rows
                or not meta.managed)


def connect_page_data() -> None:
    """Connected once, by dewan/core/apps.py."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models(include_auto_created=True):
        if not is_page_data(model):
            continue
        uid = f"page-version-{model._meta.label_lower}"
        if model._meta.auto_created:  # a many-to-many link table
            m2m_changed.connect(page_data_changed, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(page_data_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(page_data_changed, sender=model, dispatch_uid=uid + "-delete")


class PageVersionMiddleware:
    """Whatever a write on a regency's pages did (a bulk update sends no signal), it moved
    that regency's version; a write in the admin moves the global one."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            access = getattr(request, "access", None)  # set by regency_access
            match = getattr(request, "resolver_match", None)
            if access is not None:
                move_regency(access.regency.pk)
            elif match is not None and match.app_name == "admin":
                move_regency(None)
        return response
