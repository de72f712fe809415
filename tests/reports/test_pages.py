"""Report pages and downloads: who may read, who may change, and the download log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.choices import RenderStatus
from reports.models import EvaluationReport, EvaluationSummary, ReportDownload
from tests.factories import EvaluationReportFactory, RegencyFactory
from tests.matrix import assert_matrix
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db

READERS = {"secretariat", "member", "reviewer"}  # council members read the reports too


@pytest.fixture
def ready(world, make_ready_report):
    build_year_of_work(world.regency, programs=4, quarters=3, meetings=2)
    return make_ready_report(world.regency)


def test_report_pages_and_file_are_for_the_secretariat_members_and_reviewers_only(world, ready):
    slug = world.regency.slug
    for name in ("list", "detail", "status", "download"):
        args = [slug] if name == "list" else [slug, ready.pk]
        assert_matrix(world, reverse(f"reports:{name}", args=args), allowed=READERS)
    assert_matrix(world, reverse("national:regency", args=[slug]), allowed=READERS)


def test_other_regency_secretariat_and_opd_get_404_on_the_report_and_its_file(world, ready):
    from dewan.council.choices import Role
    from tests.factories import AgencyFactory, RoleAssignmentFactory, UserFactory

    outsider_opd = UserFactory(username="opd-batang")
    RoleAssignmentFactory(user=outsider_opd, role=Role.OPD, regency=world.other_regency,
                          agency=AgencyFactory(regency=world.other_regency))
    for user in (world.outsider_secretariat, outsider_opd):
        client = world.client_for(user)
        for name in ("detail", "download", "status"):
            url = reverse(f"reports:{name}", args=[world.regency.slug, ready.pk])
            assert client.get(url).status_code == 404
    # Through their own regency's URL the report does not exist either (the OPD head lacks the
    # right to read evaluations at all, so is refused before any lookup).
    own = reverse("reports:download", args=[world.other_regency.slug, ready.pk])
    assert world.client_for(world.outsider_secretariat).get(own).status_code == 404
    assert world.client_for(outsider_opd).get(own).status_code == 403


def test_reviewer_downloads_the_pdf_and_the_download_is_logged(world, ready):
    response = world.client_for(world.reviewer).get(
        reverse("reports:download", args=[world.regency.slug, ready.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    log = ReportDownload.objects.get()
    assert (log.report, log.user) == (ready, world.reviewer)


def test_a_report_not_ready_cannot_be_downloaded(world):
    queued = EvaluationReportFactory(regency=world.regency)
    url = reverse("reports:download", args=[world.regency.slug, queued.pk])
    assert world.client_for(world.reviewer).get(url).status_code == 404
    assert not ReportDownload.objects.exists()


def test_only_the_secretariat_may_ask_for_a_report(world):
    url = reverse("reports:request", args=[world.regency.slug])
    assert_matrix(world, url, allowed={"secretariat"}, method="post",
                  data={"period": "2024-Q3"})
    assert EvaluationReport.objects.filter(regency=world.regency).count() == 1


def test_reviewers_change_nothing(world, ready):
    client = world.client_for(world.reviewer)
    slug = world.regency.slug
    assert client.post(reverse("reports:request", args=[slug]),
                       {"period": "2024-Q3"}).status_code == 403
    assert client.post(reverse("reports:summary", args=[slug, "2024-Q3"]),
                       {"strengths": "x"}).status_code == 403
    assert client.get(reverse("reports:summary", args=[slug, "2024-Q3"])).status_code == 403
    assert EvaluationReport.objects.count() == 1 and not EvaluationSummary.objects.exists()


def test_asking_again_makes_a_new_version_and_keeps_the_old_one(world, ready):
    from programs.choices import ReportStatus
    from programs.models import ProgressReport

    ProgressReport.objects.filter(regency=world.regency, status=ReportStatus.SUBMITTED
                                  ).update(status=ReportStatus.VERIFIED)  # the data changed
    client = world.client_for(world.secretariat)
    response = client.post(reverse("reports:request", args=[world.regency.slug]),
                           {"period": "2024-Q3"})
    new = EvaluationReport.objects.get(version=2)
    assert response["Location"] == new.get_absolute_url()
    assert new.status == RenderStatus.QUEUED
    old = EvaluationReport.objects.get(pk=ready.pk)
    assert (old.status, old.sha256) == (RenderStatus.READY, ready.sha256)
    assert client.get(reverse("reports:download", args=[world.regency.slug, old.pk])
                      ).status_code == 200


def test_secretariat_writes_the_summary_of_a_period(world):
    url = reverse("reports:summary", args=[world.regency.slug, "2024-Q3"])
    assert_matrix(world, url, allowed={"secretariat"})
    response = world.client_for(world.secretariat).post(
        url, {"strengths": "Rapat rutin", "weaknesses": "Data dukung kurang",
              "recommendations": "Perbup aplikasi"})
    assert response.status_code == 302
    summary = EvaluationSummary.objects.get(regency=world.regency, year=2024, quarter=3)
    assert summary.weaknesses == "Data dukung kurang" and summary.updated_by == world.secretariat


def test_status_panel_polls_while_queued_and_stops_when_ready(world, ready):
    client = world.client_for(world.reviewer)
    queued = EvaluationReportFactory(regency=world.regency, version=2)
    polling = client.get(reverse("reports:status", args=[world.regency.slug, queued.pk]))
    assert 'hx-trigger="every 2s"' in polling.content.decode()
    done = client.get(reverse("reports:status", args=[world.regency.slug, ready.pk]))
    assert "hx-trigger" not in done.content.decode() and "Unduh PDF" in done.content.decode()
    failed = EvaluationReportFactory(regency=world.regency, version=3,
                                     status=RenderStatus.FAILED, failure_reason="Disk penuh")
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "Disk penuh" in page and "hx-trigger" not in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_report_list_query_count_does_not_grow_with_reports(world):
    client = world.client_for(world.reviewer)
    url = reverse("reports:list", args=[world.regency.slug])
    EvaluationReportFactory(regency=world.regency)
    one = count_queries(client, url)
    for quarter in (1, 2, 4):
        for version in (1, 2):
            EvaluationReportFactory(regency=world.regency, quarter=quarter, version=version)
    assert count_queries(client, url) == one == 6  # 5 before the notification bell


def test_national_overview_query_count_does_not_grow_with_regencies(world, ready):
    client = world.client_for(world.reviewer)
    url = reverse("national:overview")
    few = count_queries(client, url)
    for _i in range(4):
        build_year_of_work(RegencyFactory(), programs=2, quarters=2, meetings=1)
    # Computed after a write: 7 + the figures (2), the provinces and the page's punctuality
    # (2); read from the shared cache while nothing changes, 7
    # (tests/reports/test_national_scale.py).
    assert count_queries(client, url) == few == 12


def test_national_overview_filters_and_sorts(world, ready, make_final_report):
    make_final_report(world.regency)  # what the ministry counts as the regency's report
    build_year_of_work(world.other_regency, programs=3, quarters=1, meetings=1)
    client = world.client_for(world.reviewer)
    url = reverse("national:overview")

    def table(**query) -> str:  # the regencies' table (the unread reports sit above it)
        return client.get(url, query).content.decode().split('id="national-filter"', 1)[1]

    page = table(q="batang", year=2024)
    assert "Batang Uji" in page and "Humbang Uji" not in page
    page = table(without_report="on", year=2024)
    assert "Batang Uji" in page and "Humbang Uji" not in page
    page = table(sort="progres", year=2024)
    assert page.index("Humbang Uji") < page.index("Batang Uji")  # more quarters, more progress
    assert 'id="national-chart-data"' in page and "<script>" not in page.split("</main>")[0]
