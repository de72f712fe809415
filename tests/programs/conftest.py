"""Fixtures of the programs tests: uploads go to a temporary directory, mail to locmem."""

from __future__ import annotations

import pytest

from programs.models import EvidenceFile
from tests.factories import ProgramFactory, ProgressReportFactory
from tests.programs.factories import pdf, this_period


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def period(world):
    """The quarter OPDs of the test regency are reporting now."""
    return this_period(world.regency)


@pytest.fixture
def program(world):
    """A program of the OPD user's agency (Kominfo)."""
    return ProgramFactory(regency=world.regency, agency=world.agency, code="KOM-01",
                          name="Aplikasi layanan terpadu", start_year=2020, end_year=2035)


@pytest.fixture
def other_program(world):
    """A program of the other agency (Dinkes) in the same regency."""
    return ProgramFactory(regency=world.regency, agency=world.other_agency, code="KES-01",
                          name="Rekam medis elektronik", start_year=2020, end_year=2035)


def make_report(program, period, status, **kwargs):
    report = ProgressReportFactory(program=program, year=period.year, quarter=period.quarter,
                                   status=status, **kwargs)
    return report


def attach(report, upload=None, user=None) -> EvidenceFile:
    upload = upload or pdf()
    return EvidenceFile.objects.create(report=report, file=upload, original_name=upload.name,
                                       content_type=upload.content_type, size=upload.size,
                                       uploaded_by=user)


@pytest.fixture
def reference_data(db):
    """The six dimensions and their elements, which a transactional test's flush removes."""
    from programs.choices import DIMENSIONS
    from programs.models import Dimension, Element

    for order, (code, name, elements) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.update_or_create(code=code,
                                                          defaults={"name": name, "order": order})
        for e_order, (e_code, e_name, e_name_en) in enumerate(elements, start=1):
            Element.objects.update_or_create(code=e_code, defaults={
                "dimension": dimension, "name": e_name, "name_en": e_name_en, "order": e_order})
