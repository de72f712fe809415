"""Read-side queries of the council register."""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet

from .access import Access
from .choices import APPROVING_ROLES, Role
from .models import Agency, CouncilMember, Decree, Regency, RoleAssignment


def decree_in_force(*, regency: Regency, on: datetime.date | None = None) -> Decree | None:
    """The newest decree in force on the date (the regency's today by default)."""
    on = on or regency.local_today()
    return Decree.objects.filter(regency=regency).in_force(on).order_by("-date_signed").first()


def members_in_force(*, regency: Regency, on: datetime.date | None = None
                     ) -> QuerySet[CouncilMember]:
    """The members appointed by the decree in force and active on the date."""
    on = on or regency.local_today()
    return members_of(decree_in_force(regency=regency, on=on), on=on)


def member_in_role(*, regency: Regency, role: str,
                   on: datetime.date | None = None) -> CouncilMember | None:
    """The active member holding the council role under the decree in force on the date."""
    return members_in_force(regency=regency, on=on).filter(council_role=role).order_by(
        "order", "pk").first()


def approving_member(*, regency: Regency, user, on: datetime.date | None = None
                     ) -> CouncilMember | None:
    """The user's seat as the council's chair or secretary under the decree in force (the
    seats that approve evaluation reports), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return members_in_force(regency=regency, on=on).filter(
        user=user, council_role__in=APPROVING_ROLES).order_by("order", "pk").first()


def approver_user_ids(regency: Regency) -> set[int]:
    """The accounts of the council's chair and secretary under the decree in force."""
    return set(members_in_force(regency=regency).filter(
        council_role__in=APPROVING_ROLES, user__isnull=False).values_list("user_id", flat=True))


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


# Council register pages --------------------------------------------------------------------


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


def members_of_decree(decree: Decree) -> QuerySet[CouncilMember]:
    """Every member the decree appoints, in the decree's order."""
    return decree.members.select_related("agency").order_by("order", "name")


def composition(*, regency: Regency, on: datetime.date | None = None) -> dict:
    """The decree in force and its active members, in the decree's order."""
    on = on or regency.local_today()
    decree = decree_in_force(regency=regency, on=on)
    members = list(members_of(decree, on=on).order_by("order", "name"))
    return {"regency": regency, "decree": decree, "members": members, "on": on,
            "decree_warning": decree_warning(decree, on=on)}


# Who is told (notifications) ---------------------------------------------------------------


def role_user_ids(*, regency: Regency, role: str) -> list[int]:
    """The accounts holding the role in the regency (regional reviewers only for REVIEWER:
    national reviewers hold theirs without a regency)."""
    return list(RoleAssignment.objects.filter(regency=regency, role=role)
                .values_list("user_id", flat=True).distinct())


def secretariat_user_ids(regency: Regency) -> list[int]:
    return role_user_ids(regency=regency, role=Role.SECRETARIAT)


def agency_user_ids(agency: Agency) -> list[int]:
    """The OPD heads and operators of the agency."""
    return list(RoleAssignment.objects.filter(agency=agency, role=Role.OPD)
                .values_list("user_id", flat=True).distinct())
