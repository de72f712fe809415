"""The one visibility path: who may see, and do what with, each tenant-owned row.

Every model owned by a regency gets a queryset derived from `TenantQuerySet`. Its `rule()` is
the only home of that model's visibility rules (an OPD's drafts stay with its agency, draft
minutes are the secretariat's, ...):

* `Model.objects.for_access(access, action)` — the rows of the user's regency on which the
  user may perform `action` (view by default). Lists, dashboards, exports, form choices and
  history pages all read through it.
* `Model.objects.get_for(access, pk, action)` — one row: **404** when the user cannot see it
  (another regency's row, another agency's draft), **403** when they can see it but may not
  perform `action`. Every view that opens one object calls it.

`rule(access, action)` answers with a `Q` of the rows allowed, `ALL` for every row of the
regency, or `NONE` when the action is refused altogether.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from dewan.core.audit import audit_denied


class Action:
    """What a user wants to do with a row."""

    VIEW = "view"
    CHANGE = "change"
    REPORT = "report"  # an OPD reports progress on a program
    VERIFY = "verify"  # the secretariat verifies or returns a progress report
    UPDATE = "update"  # the assigned agency updates a follow-up
    ASSIGN = "assign"  # an agency a program may be assigned to


ALL = Q()
NONE = None


class TenantQuerySet(models.QuerySet):
    """Rows owned by a regency (`regency` foreign key)."""

    # The right each action needs when the model has no finer rule: {action: Perm}.
    permissions: dict[str, str] = {}

    def rule(self, access, action: str) -> Q | None:
        """Which rows of the regency allow `action`; override for row-level rules."""
        perm = self.permissions.get(action)
        if perm is None:
            raise ValueError(f"{self.model.__name__} knows no action {action!r}")
        return ALL if access.can(perm) else NONE

    def for_access(self, access, action: str = Action.VIEW) -> TenantQuerySet:
        """The rows of the user's regency on which the user may perform `action`."""
        allowed = self.rule(access, action)
        if allowed is NONE:
            return self.none()
        return self.filter(regency=access.regency).filter(allowed)

    def get_for(self, access, pk, action: str = Action.VIEW):
        """The row the user may see, or 404; then 403 when `action` is not theirs to do."""
        visible = self.rule(access, Action.VIEW)
        if visible is NONE:
            self._denied(access, pk, Action.VIEW, 403)
            raise PermissionDenied
        try:
            row = self.filter(regency=access.regency).filter(visible).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            self._denied(access, pk, Action.VIEW, 404)
            raise Http404(_("Data tidak ditemukan.")) from None
        if action != Action.VIEW and not self.permits(access, action, row):
            self._denied(access, pk, action, 403)
            raise PermissionDenied
        return row

    def _denied(self, access, pk, action: str, status: int) -> None:
        """Write the refusal to the audit log: which row, which action, in which regency."""
        audit_denied(status=status, user=access.user,
                     detail=f"{self.model._meta.label} #{pk} ({action}) di {access.regency.slug}")

    def allows(self, access, action: str) -> bool:
        """Whether the user may perform `action` on some rows of this model at all."""
        return self.rule(access, action) is not NONE

    def permits(self, access, action: str, row) -> bool:
        """Whether `action` is allowed on an already fetched row of the user's regency."""
        allowed = self.rule(access, action)
        if allowed is NONE:
            return False
        if not allowed:  # every row of the regency
            return True
        verdict = _matches(row, allowed)
        if verdict is None:  # a lookup only the database can answer
            return self.model._default_manager.filter(pk=row.pk).filter(allowed).exists()
        return verdict


def _matches(row, q: Q) -> bool | None:
    """Evaluate a rule on a fetched row without a query, for the simple lookups rules use
    (`field`, `field__in`, `relation__field`); None when it cannot tell."""
    results = []
    for child in q.children:
        result = _matches(row, child) if isinstance(child, Q) else _lookup(row, *child)
        if result is None:
            return None
        results.append(result)
    verdict = all(results) if q.connector == Q.AND else any(results)
    return not verdict if q.negated else verdict


def _lookup(row, path: str, expected) -> bool | None:
    parts = path.split("__")
    operator = "exact"
    if parts[-1] in {"in", "exact"}:
        operator = parts.pop()
    value = row
    for name in parts:
        if not hasattr(value, name):
            return None
        value = getattr(value, name)
    return value in expected if operator == "in" else value == expected


def own_agencies(access, field: str = "agency_id") -> Q | None:
    """Rows of the user's agencies; NONE for a user without one (no empty IN)."""
    if not access.agency_ids:
        return NONE
    return Q(**{f"{field}__in": sorted(access.agency_ids)})
