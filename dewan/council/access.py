"""Tenancy and roles: the one layer every view and download goes through.

A view starts with `access = regency_access(request, slug, Perm.X)`:

* a user with no role in the regency gets a 404 — another tenant's objects do not exist for
  them, so nothing leaks, not even the regency's existence;
* a user with a role there but without the right gets a 403;
* the returned `Access` carries the regency, the user's roles and agencies, and answers
  `can(perm)`. Rows are then read with `Model.objects.for_access(access, action)` and single
  objects fetched with `Model.objects.get_for(access, pk, action)` (dewan/council/scoping.py,
  the one home of the row-level rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from dewan.core.audit import audit_denied

from .choices import ROLE_PERMS, Role
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
            audit_denied(status=403, user=self.user,
                         detail=f"hak {perm} di {self.regency.slug}")
            raise PermissionDenied


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


def _regency_by_slug(user, slug: str) -> Regency | None:
    """The regency in the URL. The user's assignments were read with their regencies
    (`assignments_for`, once per request), so a user with a role there costs no query of its
    own: only a national reviewer, or a user without a role there, reads it by slug."""
    for assignment in assignments_for(user):
        if assignment.regency_id and assignment.regency.slug == slug:
            return assignment.regency
    return Regency.objects.filter(slug=slug).first()


def regency_access(request: HttpRequest, slug: str, perm: str | None = None) -> Access:
    """Resolve the regency in the URL for the request's user: 404 outside it, 403 without perm."""
    regency = _regency_by_slug(request.user, slug)
    access = access_for(request.user, regency) if regency else None
    if access is None:
        if request.user.is_authenticated:  # an anonymous visitor is sent to the login page
            audit_denied(status=404, detail=f"kabupaten/kota {slug}: tanpa peran di sana"
                         if regency else f"kabupaten/kota {slug}: tidak ada")
        raise Http404("Kabupaten/kota tidak ditemukan.")
    request.access = access  # the navigation shows this regency's menu
    timezone.activate(regency.tzinfo)  # times on the regency's pages are in its own zone
    if perm is not None:
        access.require(perm)
    return access


def feed_access(*, user_pk, regency_pk, slug: str) -> Access | None:
    """The Access of an active user to a regency, for links that work without a session
    (the personal calendar feed); None when either is gone or the role was withdrawn."""
    from django.contrib.auth import get_user_model

    regency = Regency.objects.filter(pk=regency_pk, slug=slug).first()
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if regency is None or user is None:
        return None
    return access_for(user, regency)


def regencies_for(user) -> QuerySet[Regency]:
    """Every regency the user has some role in (all of them for a national reviewer)."""
    if is_national_reviewer(user):
        return Regency.objects.all()
    ids = {a.regency_id for a in assignments_for(user) if a.regency_id}
    return Regency.objects.filter(Q(pk__in=ids))
