"""What reviewers take away (issue 12 item 5): the national overview as a workbook with the
same rows and verified figures as the page, and a ZIP of a period's final reports of the
regencies they may read — for reviewers only, with flat query counts."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dewan.council.choices import Role
from reports import selectors
from reports.models import ReportDownload
from tests.factories import RegencyFactory, RoleAssignmentFactory, UserFactory
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_ready(world, make_ready_report, make_final_report):
    build_year_of_work(world.regency, programs=3, quarters=3, meetings=2)
    build_year_of_work(world.other_regency, programs=2, quarters=3, meetings=1)
    first = make_final_report(world.regency)
    second = make_final_report(world.regency)  # version 2: the final that counts
    make_ready_report(world.regency)  # version 3: a draft, not sent to the ministry
    other = make_final_report(world.other_regency)
    return first, second, other


def test_the_downloads_are_for_reviewers_only(world, client):
    for name in ("national:export", "national:reports_zip"):
        url = reverse(name) + ("?periode=2024-Q3" if name.endswith("zip") else "")
        assert "/akun/masuk/" in client.get(url)["Location"]
        for user in ("secretariat", "opd", "other_opd", "member", "outsider_secretariat",
                     "no_role", "reviewer"):
            status = world.client_for(getattr(world, user)).get(url).status_code
            assert status == (403 if user != "reviewer" else 200 if "xlsx" in url else 302), (
                user, url, status)


def test_the_workbook_holds_the_pages_rows_with_the_verified_figures(world, two_ready):
    client = world.client_for(world.reviewer)
    response = client.get(reverse("national:export"), {"year": 2024, "q": "humbang"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and Humbang Uji: the page's filter applies
    header, humbang = rows
    [expected] = [row for row in selectors.regency_rows(
        regencies=selectors.national_regencies(user=world.reviewer), year=2024)
        if row.regency == world.regency]
    assert humbang[:4] == (world.regency.province, world.regency.display_name, 2024,
                           expected.programs)
    assert list(humbang[4:10]) == expected.progress_cells
    assert humbang[10] == expected.progress
    assert humbang[header.index("Versi")] == 2


def test_the_zip_holds_the_final_version_of_each_regency_and_logs_the_downloads(
        world, two_ready):
    _first, second, other = two_ready
    response = world.client_for(world.reviewer).get(reverse("national:reports_zip"),
                                                     {"periode": "2024-Q3"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert names == sorted(f"laporan-evaluasi-{r.regency.slug}-{r.period_label}-v{r.version}.pdf"
                           for r in (second, other))
    for report in (second, other):
        name = next(n for n in names if report.regency.slug in n)
        with report.pdf.open("rb") as pdf:
            assert archive.read(name) == pdf.read()
    assert set(ReportDownload.objects.values_list("report_id", flat=True)) == {second.pk,
                                                                                other.pk}


def test_a_regional_reviewer_gets_only_their_regencies(world, two_ready):
    regional = UserFactory(username="reviewer-daerah")
    RoleAssignmentFactory(user=regional, role=Role.REVIEWER, regency=world.other_regency)
    response = world.client_for(regional).get(reverse("national:reports_zip"),
                                              {"periode": "2024-Q3"})
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert [world.other_regency.slug in n for n in names] == [True]
    sheet = load_workbook(io.BytesIO(world.client_for(regional).get(
        reverse("national:export")).content)).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        world.other_regency.display_name]


@pytest.mark.parametrize("period", ["", "2024-Q9", "bukan periode", "2019-Q1"])
def test_a_bad_or_empty_period_gets_a_message_not_an_error(world, two_ready, period):
    response = world.client_for(world.reviewer).get(reverse("national:reports_zip"),
                                                     {"periode": period})
    assert response.status_code == 302
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Pilih periode" in said or "Belum ada laporan evaluasi" in said


def test_query_counts_do_not_grow_with_regencies(world, two_ready, make_final_report):
    client = world.client_for(world.reviewer)

    def count(url, query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
            assert response.status_code == 200
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(queries)

    export = count(reverse("national:export"), {"year": 2024})
    archive = count(reverse("national:reports_zip"), {"periode": "2024-Q3"})
    for _i in range(3):
        regency = RegencyFactory()
        build_year_of_work(regency, programs=2, quarters=3, meetings=1)
        make_final_report(regency)
    assert count(reverse("national:export"), {"year": 2024}) == export <= 13
    assert count(reverse("national:reports_zip"), {"periode": "2024-Q3"}) == archive <= 8
