"""The programs demo data: every regency has programs in all six dimensions, reports in every
state, Toba's shared application on a head-of-agency regulation; a second run changes nothing."""

import pytest
from django.db.models import Count

from dewan.demo.data import council
from dewan.demo.data import programs as demo_programs
from programs.choices import ReportStatus
from programs.models import Dimension, Program, ProgressReport, ProgressReportEvent

pytestmark = pytest.mark.django_db


def counts() -> tuple:
    return (Program.objects.count(), ProgressReport.objects.count(),
            ProgressReportEvent.objects.count())


def test_demo_programs_load_once_and_a_second_run_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = council.load()
    demo_programs.load(world)
    first = counts()
    demo_programs.load(council.load())
    assert counts() == first
    for regency in world.regencies.values():
        dimensions = Dimension.objects.filter(programs__regency=regency).distinct()
        assert dimensions.count() == 6, regency
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    toba = Program.objects.get(regency__slug="toba", name="Rumah Kreatif Toba")
    assert toba.needs_higher_legal_basis and "IT Del" in toba.partners
    assert toba.agency.short_name == "Kominfo"
    labura = (Program.objects.filter(regency__slug="labuhanbatu-utara")
              .values("dimensions__code").annotate(n=Count("pk")).order_by("-n").first())
    assert labura["dimensions__code"] == "governance"
    assert Program.objects.filter(regency__slug="batang", name__icontains="akta lahir").exists()
