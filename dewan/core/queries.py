"""Query shapes the apps' selectors share (no domain here)."""

from __future__ import annotations

from django.db.models import Count, Field, QuerySet, Value, Window
from django.db.models.functions import Cast


def first_and_count(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many rows there are in all, in one query.

    For the task lists that show "the oldest few of N": the count rides along as a window
    over the whole result (`COUNT(*) OVER ()`), which the database computes before the
    limit, instead of a second `COUNT` query with the same filters.
    """
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, (rows[0].rows_in_all if rows else 0)


def typed_null(field: Field) -> Cast:
    """NULL of the field's type, for a column that one part of a UNION leaves empty: an
    untyped NULL in the first parts makes PostgreSQL take them as text."""
    return Cast(Value(None), output_field=field)
