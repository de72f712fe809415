"""Change history of any row kept by django-simple-history, for the history panels.

Each entry says who changed what and when, with fields by their verbose names, choices by their
labels, dates in the local long form and related rows by their names. Fields that mean nothing
to a reader (ids, timestamps, checksums) are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from dewan.core import dates


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change of a row: who, when, what kind, and which fields changed."""

    when: datetime.datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: tuple[HistoryChange, ...]

    @property
    def kind_label(self) -> str:
        return {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}.get(self.kind, self.kind)


# Fields that mean nothing to a reader: ids, bookkeeping, checksums, internal counters.
HISTORY_HIDDEN_FIELDS = {"id", "regency", "created_at", "updated_at", "pdf_sha256", "version",
                         "sequence", "order", "invitations_requested_at"}


def history_entries(obj, *, limit: int = 30, concealed: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """The simple-history records of `obj`, newest first, each diffed against the one before.

    The records and their users are read in one query and diffed in Python; the rows named by
    changed foreign keys are then read with one query per related model. Choices show their
    labels, dates and times their local form.
    """
    records = list(obj.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[:limit + 1])
    raw = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        raw.append((record, _history_changes(record, previous) if previous else []))
    names = _related_names([change for _record, changes in raw for change in changes])
    entries = []
    for record, changes in raw:
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else _("sistem")
        shown = tuple(
            HistoryChange(str(field.verbose_name), _("(teks tidak ditampilkan)"),
                          _("(teks tidak ditampilkan)")) if field.name in concealed else
            HistoryChange(str(field.verbose_name), _history_value(field, old, names),
                          _history_value(field, new, names))
            for field, old, new in changes)
        entries.append(HistoryEntry(when=record.history_date, who=who,
                                    kind=record.history_type, changes=shown))
    return entries


def _history_changes(record, previous) -> list:
    model = record.instance_type
    changes = []
    for change in record.diff_against(previous).changes:
        if change.field not in HISTORY_HIDDEN_FIELDS:
            changes.append((model._meta.get_field(change.field), change.old, change.new))
    return changes


def _related_names(changes: list) -> dict:
    """{(related model, pk): str(row)} for every foreign key value among the changes."""
    wanted: dict = {}
    for field, old, new in changes:
        if field.is_relation:
            wanted.setdefault(field.related_model, set()).update(
                v for v in (old, new) if v not in (None, ""))
    names = {}
    for model, pks in wanted.items():
        for row in model._default_manager.filter(pk__in=pks):
            names[(model, row.pk)] = _display(row)
    return names


def _display(row) -> str:
    full_name = getattr(row, "get_full_name", None)
    return (full_name() or row.get_username()) if full_name else str(row)


def _history_value(field, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), "—")
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]  # the file's name, not where it is stored
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return dates.local_datetime(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"
