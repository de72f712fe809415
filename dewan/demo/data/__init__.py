"""Demo data from the five seed articles (../shared/seeds/).

`load_all()` is idempotent: every row is found by its natural key before it is created, so a
second run changes nothing. Each module owns one app's data and receives the council world
that `council.load()` returns (regencies, agencies, members and users by key).
"""

from __future__ import annotations

from django.db import transaction

from dewan.core.notifications import in_app_only

from . import activity, council, index, meetings, programs, reports


@transaction.atomic
def load_all() -> council.DemoCouncil:
    # The demo's steps notify its users in the portal, never by e-mail.
    with in_app_only():
        world = council.load()
        programs.load(world)
        meetings.load(world)
        activity.load(world)
        index.load(world)
        reports.load(world)
    return world
