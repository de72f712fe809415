"""Query counts of the list pages that had none pinned: the same for 1 row and for many.

(The program list, meeting list, follow-up list, decree list, composition, dashboard,
overview and national pages pin theirs beside their other tests.)
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from programs.choices import ReportStatus
from reports.choices import RenderStatus
from tests.factories import EvaluationReportFactory, ProgramFactory, ProgressReportFactory
from tests.programs.factories import this_period

# Each -1 since the regency in the URL comes with the user's roles (dewan/council/access.py).
QUERIES_VERIFICATION_QUEUE = 6  # the bell's count comes with the roles (council/pages.py)
QUERIES_QUARTER_PAGE = 8  # +1 the bell, +1 reports returned in other quarters
QUERIES_REPORT_LIST = 5  # +1 the notification bell


def _submitted_reports(world, count: int) -> None:
    period = this_period(world.regency)
    for _ in range(count):
        program = ProgramFactory(regency=world.regency, agency=world.agency,
                                 start_year=2020, end_year=2035)
        ProgressReportFactory(program=program, year=period.year, quarter=period.quarter,
                              status=ReportStatus.SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_the_verification_queue_costs_the_same_for_1_and_20_reports(
        world, count, django_assert_num_queries):
    _submitted_reports(world, count)
    client = world.client_for(world.secretariat)
    url = reverse("programs:verification", args=[world.regency.slug])
    with django_assert_num_queries(QUERIES_VERIFICATION_QUEUE):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["reports"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_opd_quarter_page_costs_the_same_for_1_and_30_programs(
        world, count, django_assert_num_queries):
    _submitted_reports(world, count)
    client = world.client_for(world.opd)
    url = reverse("programs:quarter", args=[world.regency.slug])
    with django_assert_num_queries(QUERIES_QUARTER_PAGE):
        response = client.get(url)
    assert len(response.context["rows"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_the_evaluation_report_list_costs_the_same_for_1_and_12_versions(
        world, count, django_assert_num_queries):
    for version in range(1, count + 1):
        EvaluationReportFactory(regency=world.regency, version=version,
                                status=RenderStatus.FAILED)
    client = world.client_for(world.secretariat)
    url = reverse("reports:list", args=[world.regency.slug])
    with django_assert_num_queries(QUERIES_REPORT_LIST):
        response = client.get(url)
    assert sum(len(p.versions) for p in response.context["periods"]) == count
