"""Data versions: a counter in the shared cache per kind of data, moved on every write.

A figure that is costly to compute (the national overview's, over every regency) is kept in
the cache under the version of the data it was computed from. Reading the version is one
cache lookup instead of a query over the data; any write moves it, so a figure kept under
an older version is never read again.

A write moves the version twice: at once (so a reader inside the same transaction, or a test,
sees it) and again after its transaction commits. A reader that computed from the data as it
was before the commit, under the first new version, is thus passed over by the second one.

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

logger = logging.getLogger(__name__)

PREFIX = "data-version:"
NATIONAL = "national"  # programs, progress reports, dimension tags, meetings, regencies
GLOBAL = "global"  # what no one regency owns: users, dimensions, evaluation years (pages.py)


def regency(regency_id: int) -> str:
    """The version of one regency's own data (dewan/core/pages.py)."""
    return f"regency:{regency_id}"


def current(name: str) -> str | None:
    """The version of `name` now, or None when the cache is unavailable."""
    if isinstance(caches["default"], LocMemCache):
        return None
    key = PREFIX + name
    try:
        value = cache.get(key)
        if value is None:
            cache.add(key, time.time_ns(), timeout=None)
            value = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache only saves time
        return None
    return None if value is None else str(value)


def current_with(names: list[str], key: str) -> tuple[list[str] | None, object]:
    """The versions of `names` now and the cache's value under `key`, in one round trip;
    (None, None) when the cache is unavailable."""
    if isinstance(caches["default"], LocMemCache):
        return None, None
    keys = [PREFIX + name for name in names]
    try:
        found = cache.get_many([*keys, key])
        for missing in (k for k in keys if k not in found):
            cache.add(missing, time.time_ns(), timeout=None)
            found[missing] = cache.get(missing)
    except Exception:  # noqa: BLE001 - the cache only saves time
        return None, None
    if any(found.get(k) is None for k in keys):
        return None, None
    return [str(found[k]) for k in keys], found.get(key)


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
