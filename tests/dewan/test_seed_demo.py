"""`seed_demo` loads the seed councils and is safe to run twice."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from dewan.models import Decree, Regency

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in {"dewan", "programs", "meetings", "reports", "auth"}}


def test_seed_demo_twice_loads_the_councils_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == first
    assert set(Regency.objects.values_list("slug", flat=True)) == {
        "humbang-hasundutan", "deli-serdang", "toba", "labuhanbatu-utara", "batang"}
    assert "sekretariat.humbahas" in out.getvalue() and "reviewer.komdigi" in out.getvalue()


def test_seed_demo_states_the_facts_of_the_articles():
    call_command("seed_demo", stdout=StringIO())
    humbahas = Decree.objects.get(regency__slug="humbang-hasundutan")
    assert (humbahas.number, humbahas.year) == ("66", 2024)
    deli = Decree.objects.get(regency__slug="deli-serdang")
    assert (deli.number, deli.year) == ("587", 2022)
    batang = Regency.objects.get(slug="batang")
    assert batang.mou_number == "26/KOMINFO/HK.03.02/05/2018"
    assert batang.mou_date.isoformat() == "2018-05-08"
    chair = humbahas.members.get(council_role="ketua")
    assert chair.name.startswith("Chiristison Rudianto Marbun")


def test_demo_reports_cover_closed_quarters_and_most_progress_came_in_on_time():
    from programs.models import ProgressReport, ReportingPeriod, quarter_end
    from reports.models import EvaluationReport

    call_command("seed_demo", stdout=StringIO())
    for report in EvaluationReport.objects.select_related("regency"):
        assert quarter_end(report.year, report.quarter) < report.regency.local_today()
    sent = ProgressReport.objects.filter(submitted_at__isnull=False)
    deadlines = {(p.regency_id, p.year, p.quarter): p.deadline
                 for p in ReportingPeriod.objects.all()}
    on_time = [r for r in sent
               if r.submitted_at.date() <= deadlines[(r.regency_id, r.year, r.quarter)]]
    assert len(sent) > 0 and 0.5 <= len(on_time) / len(sent) < 1
