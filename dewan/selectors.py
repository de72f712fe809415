"""Read-side queries of the council register."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .access import Access
from .models import CouncilMember, Decree, Regency


def decree_in_force(*, regency: Regency, on: datetime.date | None = None) -> Decree | None:
    """The newest decree in force on the date (the regency's today by default)."""
    on = on or regency.local_today()
    return Decree.objects.filter(regency=regency).in_force(on).order_by("-date_signed").first()


def members_in_force(*, regency: Regency, on: datetime.date | None = None
                     ) -> QuerySet[CouncilMember]:
    """The members appointed by the decree in force and active on the date."""
    on = on or regency.local_today()
    return members_of(decree_in_force(regency=regency, on=on), on=on)


def members_of(decree: Decree | None, *, on: datetime.date) -> QuerySet[CouncilMember]:
    """The members of an already fetched decree who are active on the date."""
    if decree is None:
        return CouncilMember.objects.none()
    return (
        CouncilMember.objects.filter(regency_id=decree.regency_id, decree=decree)
        .active_on(on)
        .select_related("agency")
    )


def decree_warning(decree: Decree | None, *, on: datetime.date, lapse_days: int = 60) -> str:
    """For the decree in force: "none" when there is none, "lapsing" when it ends within
    `lapse_days`, else ""."""
    if decree is None:
        return "none"
    if decree.valid_until and decree.valid_until <= on + datetime.timedelta(days=lapse_days):
        return "lapsing"
    return ""


def overview_for(*, access: Access) -> dict:
    """The figures on a regency's home page."""
    today = access.regency.local_today()
    decree = decree_in_force(regency=access.regency, on=today)
    return {
        "decree": decree,
        "decree_warning": decree_warning(decree, on=today),
        "member_count": members_of(decree, on=today).count(),
    }


# History (appended by the meetings/register work) ----------------------------------------


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


HISTORY_HIDDEN_FIELDS = {"id", "regency", "created_at", "updated_at", "pdf_sha256"}


def history_entries(obj, *, limit: int = 30) -> list[HistoryEntry]:
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
        shown = tuple(HistoryChange(str(field.verbose_name), _history_value(field, old, names),
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
    from django.utils import formats, timezone

    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), "—")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


# Council register pages (appended by the register work) -----------------------------------


def decree_status(decree: Decree, *, in_force: Decree | None, today: datetime.date) -> str:
    """"berlaku", "diganti", "berakhir" or "belum" (signed in the future)."""
    if in_force is not None and decree.pk == in_force.pk:
        return "berlaku"
    if decree.date_signed > today:
        return "belum"
    if any(later.date_signed <= today for later in decree.superseded_by.all()):
        return "diganti"
    return "berakhir"


def decree_list(*, access: Access) -> list[Decree]:
    """Every decree of the regency, newest first, each marked with its status."""
    from django.db.models import Count

    regency = access.regency
    today = regency.local_today()
    in_force = decree_in_force(regency=regency, on=today)
    decrees = list(
        Decree.objects.for_access(access).select_related("supersedes")
        .prefetch_related("superseded_by").annotate(member_count=Count("members"))
        .order_by("-date_signed", "-pk")
    )
    for decree in decrees:
        decree.status = decree_status(decree, in_force=in_force, today=today)
    return decrees


def composition(*, regency: Regency, on: datetime.date | None = None) -> dict:
    """The decree in force and its active members, in the decree's order."""
    on = on or regency.local_today()
    decree = decree_in_force(regency=regency, on=on)
    members = list(members_of(decree, on=on).order_by("order", "name"))
    return {"regency": regency, "decree": decree, "members": members, "on": on,
            "decree_warning": decree_warning(decree, on=on)}
