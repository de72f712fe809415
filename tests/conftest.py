"""Shared fixtures: two regencies and a user of every role, like healthchecks' owner,
member and outsider. `world` is the usual starting point of a tenancy test."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test import Client

from dewan.council.choices import Role
from dewan.project.celery import app as celery_app
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


@pytest.fixture
def eager_celery():
    """Run tasks in-process (as on the embedded defaults), whatever REDIS_URL says."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many users; the production hasher is deliberately slow, MD5 is not."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def pages_drawn(settings):
    """Tests see each page drawn by its view (its context, its queries). Pages kept whole
    (dewan/council/pages.py) have their own tests: tests/dewan/test_kept_pages.py."""
    settings.KEEP_PAGES = False


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free localhost port, and Django's SMTP backend
    pointed at it; yields the server, whose `received` lists what it accepted."""
    from tests.smtp import running_smtp_server

    with running_smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield server


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


def pytest_configure(config):
    """Each pytest-xdist process uses its own Redis database: a Celery worker started by one
    process's test must never take the tasks another process's tests send."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("REDIS_URL")
    if not worker or not url:
        return
    from django.conf import settings

    from dewan.project.celery import app

    parts = urlsplit(url)
    own = urlunsplit(parts._replace(path=f"/{10 + int(worker.removeprefix('gw'))}"))
    os.environ["REDIS_URL"] = own
    settings.REDIS_URL = settings.CELERY_BROKER_URL = own
    if "LOCATION" in settings.CACHES["default"]:
        settings.CACHES["default"]["LOCATION"] = own
    app.conf.broker_url = own


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (`-n 2 --dist loadgroup`), tests that start Celery workers share the
    machine's broker and run one after another on one process; browser tests likewise."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("broker"))
        elif item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def shared_cache(settings):
    """The Redis cache a deployment has, emptied before and after: what the portal keeps only
    in a cache every process shares (dewan/core/versions.py). Skipped without Redis."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis (REDIS_URL), as on CI")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": url}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()
