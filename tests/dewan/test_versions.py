"""The national data version (dewan/core/versions.py, reports/signals.py): every kind of write
the national figures (and punctuality, provinces) are made of moves it, within the transaction
and after its commit; it starts from the clock when the cache lost it; without a shared cache
there is none."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dewan.core import versions
from programs.models import Dimension, Program, ReportingPeriod
from tests.factories import (
    AgencyFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
    RegencyFactory,
)
from tests.programs.test_excel import good_row, upload

pytestmark = pytest.mark.django_db


def national() -> int:
    return int(versions.current(versions.NATIONAL))


def moves(write) -> bool:
    before = national()
    write()
    return national() > before


def test_every_write_the_national_figures_are_made_of_moves_the_version(world, shared_cache):
    regency = RegencyFactory()
    agency = AgencyFactory(regency=regency)
    assert moves(lambda: ProgramFactory(regency=regency, agency=agency))
    program = Program.objects.get(regency=regency)
    assert moves(lambda: program.dimensions.add(Dimension.objects.get(code="living")))
    assert moves(lambda: program.dimensions.clear())
    report = ProgressReportFactory(program=program, year=2024, quarter=1)
    assert moves(lambda: report.delete())
    assert moves(lambda: MeetingFactory(regency=regency))
    assert moves(lambda: regency.save())
    assert moves(lambda: ReportingPeriod.objects.create(  # a deadline moved
        regency=regency, year=2024, quarter=1, deadline=datetime.date(2024, 4, 20)))
    assert moves(lambda: program.delete())
    # The program import inserts in bulk (no signals) and moves it itself.
    assert moves(lambda: upload(world, [good_row("VER-01")]))
    assert Program.objects.filter(code="VER-01").exists()


def test_the_version_moves_again_after_commit(world, shared_cache,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        during = national()
        ProgramFactory(regency=world.regency, agency=world.agency)
        inside = national()
    assert inside > during and callbacks
    for callback in callbacks:
        callback()
    assert national() > inside


def test_a_lost_version_starts_again_from_the_clock(shared_cache):
    shared_cache.set(versions.PREFIX + versions.NATIONAL, 5, timeout=None)
    assert national() == 5
    shared_cache.delete(versions.PREFIX + versions.NATIONAL)
    assert national() > 10 ** 18  # nanoseconds: above any number counted before
    shared_cache.delete(versions.PREFIX + versions.NATIONAL)
    versions.move(versions.NATIONAL)
    assert national() > 10 ** 18


def test_without_a_shared_cache_there_is_no_version_and_pages_compute(world, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert versions.current(versions.NATIONAL) is None
    response = world.client_for(world.reviewer).get(reverse("national:overview"))
    assert response.status_code == 200
