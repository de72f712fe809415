"""Tenancy and roles: the one layer every view and download goes through.

A view starts with `access = regency_access(request, slug, Perm.X)`:

* a user with no role in the regency gets a 404 — another tenant's objects do not exist for
  them, so nothing leaks, not even the regency's existence;
* a user with a role there but without the right gets a 403;
* the returned `Access` carries the regency, the user's roles and agencies, and answers
  `can(perm)`. Querysets are then narrowed with `Model.objects.for_access(access)`, and single
  objects fetched with `get_object_or_404(Model.objects.for_access(access), pk=pk)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from .choices import ROLE_PERMS, Perm, Role
from .models import Regency, RoleAssignment


@dataclass(frozen=True)
class Access:
    """What one user may do in one regency."""

    user: object
    regency: Regency
    roles: frozenset[str]
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def perms(self) -> frozenset[str]:
        granted: set[str] = set()
        for role in self.roles:
            granted |= ROLE_PERMS[role]
        return frozenset(granted)

    def can(self, perm: str) -> bool:
        return perm in self.perms

    def require(self, perm: str) -> None:
        """Raise 403 when the right is missing (the regency itself is visible)."""
        if not self.can(perm):
            raise PermissionDenied

    def owns_agency(self, agency_id: int | None) -> bool:
        return agency_id in self.agency_ids

    def can_edit_program_of(self, agency_id: int) -> bool:
        return self.can(Perm.EDIT_ANY_PROGRAM) or (
            self.can(Perm.EDIT_OWN_PROGRAM) and self.owns_agency(agency_id)
        )


def assignments_for(user) -> list[RoleAssignment]:
    """The user's role assignments, read once per request object and cached on the user."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_role_assignments_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("regency", "agency"))
        user._role_assignments_cache = cached
    return cached


def is_national_reviewer(user) -> bool:
    return any(a.role == Role.REVIEWER and a.regency_id is None for a in assignments_for(user))


def is_reviewer(user) -> bool:
    return any(a.role == Role.REVIEWER for a in assignments_for(user))


def access_for(user, regency: Regency) -> Access | None:
    """The user's Access to the regency, or None when they have no role there."""
    roles: set[str] = set()
    agencies: set[int] = set()
    for assignment in assignments_for(user):
        national = assignment.role == Role.REVIEWER and assignment.regency_id is None
        if national or assignment.regency_id == regency.pk:
            roles.add(assignment.role)
            if assignment.agency_id:
                agencies.add(assignment.agency_id)
    if not roles:
        return None
    return Access(user=user, regency=regency, roles=frozenset(roles),
                  agency_ids=frozenset(agencies))


def regency_access(request: HttpRequest, slug: str, perm: str | None = None) -> Access:
    """Resolve the regency in the URL for the request's user: 404 outside it, 403 without perm."""
    regency = Regency.objects.filter(slug=slug).first()
    access = access_for(request.user, regency) if regency else None
    if access is None:
        raise Http404("Kabupaten/kota tidak ditemukan.")
    request.access = access  # the navigation shows this regency's menu
    timezone.activate(regency.tzinfo)  # times on the regency's pages are in its own zone
    if perm is not None:
        access.require(perm)
    return access


def regencies_for(user) -> QuerySet[Regency]:
    """Every regency the user has some role in (all of them for a national reviewer)."""
    if is_national_reviewer(user):
        return Regency.objects.all()
    ids = {a.regency_id for a in assignments_for(user) if a.regency_id}
    return Regency.objects.filter(Q(pk__in=ids))
