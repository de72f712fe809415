"""Read-side queries of the council register."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

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
    decree = decree_in_force(regency=regency, on=on)
    if decree is None:
        return CouncilMember.objects.none()
    return (
        CouncilMember.objects.filter(regency=regency, decree=decree)
        .active_on(on)
        .select_related("agency")
    )


def decree_warning(*, regency: Regency, on: datetime.date | None = None,
                   lapse_days: int = 60) -> str:
    """A warning for the overview when no decree is in force or it lapses soon, else ""."""
    on = on or regency.local_today()
    decree = decree_in_force(regency=regency, on=on)
    if decree is None:
        return "none"
    if decree.valid_until and decree.valid_until <= on + datetime.timedelta(days=lapse_days):
        return "lapsing"
    return ""


def overview_for(*, access: Access) -> dict:
    """The figures on a regency's home page."""
    regency = access.regency
    decree = decree_in_force(regency=regency)
    return {
        "decree": decree,
        "decree_warning": decree_warning(regency=regency),
        "member_count": members_in_force(regency=regency).count() if decree else 0,
        "agency_count": regency.agencies.count(),
    }
