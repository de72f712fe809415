"""A council in force and a meeting of it, on top of the shared `world`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dewan.council.choices import CouncilRole
from meetings import services
from tests.factories import CouncilMemberFactory, DecreeFactory


@dataclass
class Council:
    decree: object
    chair: object
    secretary: object
    member: object


@pytest.fixture
def council(world) -> Council:
    decree = DecreeFactory(regency=world.regency, number="66", year=2024,
                           date_signed=datetime.date(2024, 3, 4))

    def member(name, role, agency, order):
        return CouncilMemberFactory(regency=world.regency, decree=decree, agency=agency,
                                    name=name, council_role=role, order=order,
                                    email=f"{name.split()[0].lower()}@example.go.id")

    return Council(
        decree=decree,
        chair=member("Chiristison Rudianto Marbun", CouncilRole.CHAIR, world.agency, 1),
        secretary=member("Batara Franz Siregar", CouncilRole.SECRETARY, world.agency, 2),
        member=member("Hotman Lumban Gaol", CouncilRole.MEMBER, world.other_agency, 3),
    )


@pytest.fixture
def meeting(world, council):
    start = timezone.now() + datetime.timedelta(days=3)
    return services.meeting_create(regency=world.regency, data={
        "kind": "rapat_dewan", "title": "Rapat Dewan Smart City", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Ruang Rapat Sekretariat",
        "mode": "hybrid", "online_link": "https://zoom.example/j/1", "chair": council.chair,
    })


@pytest.fixture
def held_meeting(world, council):
    """A meeting of the council that took place yesterday (minutes are approved after)."""
    start = timezone.now() - datetime.timedelta(days=1)
    return services.meeting_create(regency=world.regency, data={
        "kind": "rapat_dewan", "title": "Rapat Dewan Smart City (kemarin)", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Ruang Rapat Sekretariat",
        "mode": "luring", "chair": council.chair,
    })
