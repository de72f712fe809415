"""The regency overview: its figures, its warnings, and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    CouncilMemberFactory,
    DecreeFactory,
    FollowUpFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


def overview_queries(world) -> int:
    client = world.client_for(world.secretariat)
    url = reverse("home:overview", args=[world.regency.slug])
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def fill(world, count: int) -> None:
    decree = DecreeFactory(regency=world.regency)
    for _ in range(count):
        CouncilMemberFactory(regency=world.regency, decree=decree, agency=world.agency)
        program = ProgramFactory(regency=world.regency, agency=world.agency)
        ProgressReportFactory(program=program, status="terverifikasi")
        meeting = MeetingFactory(regency=world.regency)
        FollowUpFactory(meeting=meeting, agency=world.agency,
                        due_date=datetime.date(2020, 1, 1))


def test_overview_query_count_is_the_same_for_one_and_twenty_of_everything(world):
    fill(world, 1)
    one = overview_queries(world)
    fill(world, 19)
    assert overview_queries(world) == one
    # 13 before the notification bell, 14 with it; 11 since the regency comes with the
    # user's roles, the program count with the programs' progress and the open and overdue
    # follow-ups in one aggregate; 10 since the bell's count comes with the roles
    assert one == 10


def test_overview_warns_when_no_decree_is_in_force(world):
    response = world.client_for(world.member).get(
        reverse("home:overview", args=[world.regency.slug]))
    assert "Belum ada SK Dewan Smart City yang berlaku" in response.content.decode()


def test_overview_warns_when_the_decree_is_about_to_lapse(world):
    today = world.regency.local_today()
    DecreeFactory(regency=world.regency, date_signed=today - datetime.timedelta(days=300),
                  valid_until=today + datetime.timedelta(days=20))
    response = world.client_for(world.secretariat).get(
        reverse("home:overview", args=[world.regency.slug]))
    assert "akan berakhir pada" in response.content.decode()


def test_the_overview_counts_open_and_overdue_followups_and_programs(world):
    """Open: not closed (a proposed one too); overdue: past due and still the agency's move."""
    meeting = MeetingFactory(regency=world.regency)
    past = datetime.date(2020, 1, 1)
    FollowUpFactory(meeting=meeting, agency=world.agency, due_date=past)  # overdue
    FollowUpFactory(meeting=meeting, agency=world.agency, due_date=past,
                    status="proses")  # overdue
    FollowUpFactory(meeting=meeting, agency=world.agency, due_date=past,
                    status="diusulkan")  # open, waits for the secretariat
    FollowUpFactory(meeting=meeting, agency=world.agency,
                    due_date=world.regency.local_today() + datetime.timedelta(days=9))
    FollowUpFactory(meeting=meeting, agency=world.agency, due_date=past, status="selesai")
    ProgramFactory.create_batch(3, regency=world.regency, agency=world.agency)
    context = world.client_for(world.secretariat).get(
        reverse("home:overview", args=[world.regency.slug])).context
    assert (context["open_followups"], context["overdue_followups"]) == (4, 2)
    assert context["program_count"] == 3 and context["average_progress"] is None
