"""The regency dashboard: progress per dimension, programs by status, budget realised against
planned, missing reports by agency and overdue follow-ups; the same figures in tables."""

import datetime
import json

import pytest
from django.urls import reverse

from meetings.choices import FollowUpStatus
from programs.choices import ReportStatus
from programs.models import Dimension
from tests.factories import FollowUpFactory, ProgramFactory
from tests.programs.conftest import make_report

pytestmark = pytest.mark.django_db


def dashboard(world, user=None, query=""):
    return world.client_for(user or world.member).get(
        reverse("home:dashboard", args=[world.regency.slug]) + query)


def figures_of(response, code):
    return next(f for f in response.context["dimensions"] if f.dimension.code == code)


def test_dashboard_counts_only_verified_progress(world, program, other_program, period):
    make_report(program, period, ReportStatus.VERIFIED, physical_progress=80,
                budget_realised=40_000_000)
    make_report(other_program, period, ReportStatus.SUBMITTED, physical_progress=20)
    response = dashboard(world)
    governance = figures_of(response, "governance")
    assert governance.program_count == 2
    assert governance.average_progress == 80
    assert (governance.planned, governance.realised) == (200_000_000, 40_000_000)
    assert governance.by_status == {"rencana": 2, "berjalan": 0, "selesai": 0,
                                    "tertunda": 0}
    page = response.content.decode()
    assert "80,0%" in page and "Rp 40.000.000" in page


def test_the_charts_get_the_same_figures_as_the_tables(world, program, period):
    make_report(program, period, ReportStatus.VERIFIED, physical_progress=62.5)
    response = dashboard(world)
    data = response.context["chart_data"]
    index = data["labels"].index("Smart Governance")
    assert data["progress"][index] == 62.5
    assert 'id="dashboard-data"' in response.content.decode()
    script = response.content.decode().split('id="dashboard-data" type="application/json">')[1]
    assert json.loads(script.split("</script>")[0])["progress"][index] == 62.5
    assert "/static/vendor/chartjs/chart.umd.min.js" in response.content.decode()


def test_dashboard_uses_the_latest_verified_report_up_to_the_period(world, program, period):
    from programs.periods import period_ensure

    earlier = period_ensure(regency=world.regency, period=period.period.previous())
    make_report(program, earlier, ReportStatus.VERIFIED, physical_progress=30)
    assert figures_of(dashboard(world), "governance").average_progress == 30


def test_missing_reports_are_counted_by_agency(world, program, other_program, period):
    make_report(program, period, ReportStatus.SUBMITTED)
    make_report(other_program, period, ReportStatus.DRAFT)
    rows = dashboard(world).context["missing_by_agency"]
    assert [(r.agency_name, r.missing, r.expected) for r in rows] == [("Dinkes", 1, 1)]


def test_overdue_follow_ups_are_shown(world):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    FollowUpFactory(regency=world.regency, meeting__regency=world.regency, agency=world.agency,
                    description="Susun Perbup aplikasi berbagi pakai", due_date=yesterday)
    FollowUpFactory(regency=world.regency, meeting__regency=world.regency, agency=world.agency,
                    description="Sudah selesai", due_date=yesterday,
                    status=FollowUpStatus.DONE)
    FollowUpFactory(regency=world.other_regency, meeting__regency=world.other_regency,
                    description="Milik daerah lain", due_date=yesterday)
    response = dashboard(world)
    assert [f.description for f in response.context["overdue_followups"]] == [
        "Susun Perbup aplikasi berbagi pakai"]


def test_a_bad_period_falls_back_to_the_current_one(world, period):
    for query in ("?periode=2025-7", "?periode=abc", "?periode=1999-1"):
        response = dashboard(world, query=query)
        assert response.status_code == 200
        assert response.context["period"] == period


# was 11 before the reporting periods were read in one query; +1 the notification bell;
# -1 the regency in the URL, which comes with the user's roles; -1 the bell's count, which
# comes with them too (dewan/council/pages.py)
DASHBOARD_QUERIES = 8


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_runs_the_same_number_of_queries_for_1_and_50_programs(
        world, count, period, django_assert_num_queries):
    dimensions = list(Dimension.objects.all()[:2])
    for program in ProgramFactory.create_batch(count, regency=world.regency,
                                               agency=world.agency, dimensions=dimensions,
                                               start_year=2020, end_year=2035):
        make_report(program, period, ReportStatus.VERIFIED)
    FollowUpFactory(regency=world.regency, meeting__regency=world.regency, agency=world.agency,
                    due_date=datetime.date(2020, 1, 1))
    client = world.client_for(world.secretariat)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("home:dashboard",
                                  args=[world.regency.slug])).status_code == 200


def test_the_regency_overview_shows_verified_average_progress(world, program, period):
    make_report(program, period, ReportStatus.VERIFIED, physical_progress=45)
    response = world.client_for(world.member).get(
        reverse("home:overview", args=[world.regency.slug]))
    assert response.context["average_progress"] == 45
    assert response.context["program_count"] == 1
