"""Shared fixtures: two regencies and a user of every role, like healthchecks' owner,
member and outsider. `world` is the usual starting point of a tenancy test."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from dewan.choices import Role
from tests.factories import AgencyFactory, RegencyFactory, RoleAssignmentFactory, UserFactory


@dataclass
class World:
    regency: object
    other_regency: object
    agency: object
    other_agency: object
    secretariat: object
    opd: object
    other_opd: object
    member: object
    reviewer: object
    outsider_secretariat: object
    no_role: object

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many users; the production hasher is deliberately slow, MD5 is not."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    regency = RegencyFactory(name="Humbang Uji", slug="humbang-uji")
    other = RegencyFactory(name="Batang Uji", slug="batang-uji")
    agency = AgencyFactory(regency=regency, name="Dinas Kominfo Uji", short_name="Kominfo")
    other_agency = AgencyFactory(regency=regency, name="Dinas Kesehatan Uji", short_name="Dinkes")

    def assign(username: str, role: str, regency=regency, agency=None):
        user = UserFactory(username=username)
        RoleAssignmentFactory(user=user, role=role, regency=regency, agency=agency)
        return user

    return World(
        regency=regency,
        other_regency=other,
        agency=agency,
        other_agency=other_agency,
        secretariat=assign("sekretariat", Role.SECRETARIAT),
        opd=assign("opd", Role.OPD, agency=agency),
        other_opd=assign("opd-lain", Role.OPD, agency=other_agency),
        member=assign("anggota", Role.MEMBER),
        reviewer=assign("reviewer", Role.REVIEWER, regency=None),
        outsider_secretariat=assign("sekretariat-lain", Role.SECRETARIAT, regency=other),
        no_role=UserFactory(username="tanpa-peran"),
    )
