"""The national overview at national scale (issue 10): figures aggregated in the database,
the table paginated, and the page's figures equal to the full computation for every order."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reports import selectors
from tests.factories import RegencyFactory
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    build_year_of_work(world.regency, programs=3, quarters=3, meetings=2)
    build_year_of_work(world.other_regency, programs=2, quarters=2, meetings=1)
    for n in range(3):
        build_year_of_work(RegencyFactory(name=f"Uji Skala {n}"), programs=2, quarters=1 + n,
                           meetings=n)
    for n in range(55):
        RegencyFactory(name=f"Kosong {n:02d}")
    return world


def shown(response) -> list[str]:
    return re.findall(r'<tr data-regency="([^"]+)"', response.content.decode())


def test_the_table_is_paginated_and_every_regency_is_on_some_page(many):
    client = many.client_for(many.reviewer)
    first = client.get(reverse("national:overview"), {"year": 2024})
    second = client.get(reverse("national:overview"), {"year": 2024, "page": 2})
    assert len(shown(first)) == selectors.NATIONAL_PAGE_SIZE
    assert "Halaman 1 dari 2" in first.content.decode()
    assert "60 daerah cocok dengan saringan." in first.content.decode()
    assert set(shown(first)).isdisjoint(shown(second))
    assert len(shown(first)) + len(shown(second)) == 60
    # A page past the end, or not a number, shows a page rather than an error.
    for page in ("99", "x", "-1"):
        assert client.get(reverse("national:overview"), {"page": page}).status_code == 200


@pytest.mark.parametrize("sort", ["nama", "progres", "rapat", "rapat-terakhir", "tepat-waktu"])
def test_each_order_pages_the_same_figures_as_the_full_computation(many, sort):
    regencies = selectors.national_regencies(user=many.reviewer)
    full = selectors.filter_and_sort(selectors.regency_rows(regencies=regencies, year=2024),
                                     sort=sort)
    paged = selectors.national_page(regencies=regencies, year=2024, sort=sort, per_page=7)
    for row, expected in zip(paged.page, full[:7], strict=True):
        assert row.regency == expected.regency
        assert (row.progress_cells, row.progress, row.meetings_this_year, row.on_time_share,
                row.latest_report) == (expected.progress_cells, expected.progress,
                                       expected.meetings_this_year, expected.on_time_share,
                                       expected.latest_report)


def test_a_verification_shows_on_the_national_page_at_once_despite_the_cache(many, shared_cache):
    """The heavy figures are cached under the national data version, which every write of
    what they are made of moves (reports/signals.py): verifying a report moves it, so the next
    page shows the new figure; unchanged data is read from the cache (two queries fewer)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs import services
    from programs.choices import ReportStatus
    from tests.factories import AgencyFactory, ProgramFactory, ProgressReportFactory

    world = many
    regency = RegencyFactory(name="Aaa Pertama")  # first by name: on page 1
    program = ProgramFactory(regency=regency, agency=AgencyFactory(regency=regency),
                             start_year=2023, end_year=2026)
    report = ProgressReportFactory(program=program, year=2024, quarter=2, physical_progress=40,
                                   status=ReportStatus.SUBMITTED)
    client = world.client_for(world.reviewer)

    def average() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("national:overview"), {"year": 2024}).content.decode()
        row = page.split(f'data-regency="{regency.slug}"', 1)[1].split("</tr>", 1)[0]
        return (re.findall(r'<td class="text-end fw-semibold">([^<]*)</td>', row)[0].strip(),
                len(queries))

    (first, computed), (again, cached) = average(), average()
    assert first == again == "–"  # nothing verified yet
    # kept: progress, programs and meetings (2), provinces, punctuality (2)
    assert cached == computed - 5
    services.report_verify(report_id=report.pk, expected_version=report.version,
                           actor=world.secretariat)
    assert average() == ("40,0%", computed)
    assert average()[1] == cached


def test_a_meeting_that_starts_shows_as_held_without_any_write(many, shared_cache):
    """The cached meeting figures hold until the next meeting's start: past it, the page
    counts the meeting as held although nothing was written."""
    import datetime

    from django.utils import timezone

    from tests.factories import MeetingFactory

    regency = RegencyFactory(name="Aaa Rapat")
    now = timezone.now()
    MeetingFactory(regency=regency, start=now + datetime.timedelta(hours=1))
    ids = [regency.pk]
    year = timezone.localdate().year
    before = selectors.national_figures(ids, year, now)
    assert before.meetings[regency.pk] == (None, 0)
    assert before.valid_until is not None
    later = now + datetime.timedelta(hours=2)
    assert selectors.national_figures(ids, year, now + datetime.timedelta(minutes=30)) == before
    after = selectors.national_figures(ids, year, later)
    assert after.meetings[regency.pk][1] == 1


def test_the_rows_kept_in_the_cache_are_the_rows_the_template_draws(many, shared_cache):
    """The table's rows are kept in the cache under a digest of what they show: a page drawn
    from kept rows is the page drawn afresh, and a row whose figures change is drawn again."""
    from django.template.loader import render_to_string

    from reports.views import ROW_TEMPLATE, row_shown

    client = many.client_for(many.reviewer)
    url = reverse("national:overview")

    def table() -> tuple[str, int]:
        response = client.get(url, {"year": 2024})
        drawn = sum(1 for t in response.templates if t.name == ROW_TEMPLATE)
        return response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0], drawn

    fresh, drawn = table()
    assert drawn == selectors.NATIONAL_PAGE_SIZE
    kept, drawn_again = table()
    assert kept == fresh and drawn_again == 0
    first = selectors.national_page(regencies=selectors.national_regencies(user=many.reviewer),
                                    year=2024).page[0]
    assert render_to_string(ROW_TEMPLATE, {"s": row_shown(first, 2024)}) in fresh
    first.regency.name = "Aaa Diganti"
    first.regency.save()
    changed, drawn = table()
    assert "Aaa Diganti" in changed and drawn == 1


def test_the_national_regency_page_keeps_its_figures_and_its_queries(many, shared_cache):
    """A regency as the ministry sees it: the same kept figures (progress, programs, meetings,
    punctuality) and a fixed number of queries, computed or kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = many.client_for(many.reviewer)
    url = reverse("national:regency", args=[many.regency.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"tahun": 2024}).status_code == 200
        return len(queries)

    computed, kept = count(), count()
    assert (computed, kept) == (COMPUTED_REGENCY_PAGE, COMPUTED_REGENCY_PAGE - 4)


# session, user, roles with the regency and the bell's count, the reports by period (2), the
# latest final report; the figures (2) and punctuality (2) when computed.
COMPUTED_REGENCY_PAGE = 10
