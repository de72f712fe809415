"""`generate_reports`: the operators' way to make reports, in-process without a worker."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.choices import RenderStatus
from reports.models import EvaluationReport
from tests.factories import RegencyFactory
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db


def test_generate_reports_renders_in_process_for_one_regency_or_all():
    toba = RegencyFactory(name="Toba", slug="toba")
    batang = RegencyFactory(name="Batang", slug="batang")
    build_year_of_work(toba, programs=2, quarters=3, meetings=1)
    out = StringIO()
    call_command("generate_reports", "--period", "2024-Q3", "--regency", "toba",
                 "--in-process", stdout=out)
    assert "toba 2024-Q3 v1: ready" in out.getvalue()
    assert EvaluationReport.objects.get().status == RenderStatus.READY

    out = StringIO()
    call_command("generate_reports", "--period", "2024", "--in-process", stdout=out)
    annual = EvaluationReport.objects.filter(kind="tahunan")
    assert {r.regency for r in annual} == {toba, batang}
    assert all(r.status == RenderStatus.READY for r in annual)

    out = StringIO()
    call_command("generate_reports", "--period", "2024", "--missing-only", "--in-process",
                 stdout=out)
    assert "sudah ada, dilewati" in out.getvalue()
    assert EvaluationReport.objects.filter(kind="tahunan").count() == 2


def test_generate_reports_refuses_a_bad_period_or_regency():
    with pytest.raises(CommandError):
        call_command("generate_reports", "--period", "2024-Q9")
    with pytest.raises(CommandError):
        call_command("generate_reports", "--period", "2024", "--regency", "tidak-ada")


@pytest.mark.django_db(transaction=True)
def test_generate_reports_checks_regencies_in_parallel_and_makes_nothing_for_unchanged_data():
    """With --jobs 2 (the default with a worker on PostgreSQL) two processes take the
    regencies; a second run over unchanged data makes no new version for any of them."""
    from tests.reports.worker import require_postgres

    require_postgres()
    regencies = [RegencyFactory(name=f"Paralel {n}", slug=f"paralel-{n}") for n in range(3)]
    for regency in regencies:
        build_year_of_work(regency, programs=2, quarters=3, meetings=1)
    out = StringIO()
    call_command("generate_reports", "--period", "2024-Q3", "--in-process", "--jobs", "2",
                 stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == [r.slug for r in regencies]  # in order
    assert all(": ready" in line for line in lines), lines
    assert EvaluationReport.objects.filter(status=RenderStatus.READY).count() == 3
    out = StringIO()
    call_command("generate_reports", "--period", "2024-Q3", "--jobs", "2", stdout=out)
    assert out.getvalue().count("tidak berubah sejak v1, dilewati") == 3, out.getvalue()
    assert EvaluationReport.objects.count() == 3
