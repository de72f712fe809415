"""Dates and times in the long local form with the regency's zone: 7 Oktober 2026 17.00 WIB
(in English 7 October 2026 5:00 p.m. WIB), on the meeting pages, in the lists and in the
invitation."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from dewan.core import dates
from dewan.council.choices import RegencyTimeZone
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def meeting_at(world, zone: str, hour: int = 17):
    world.regency.time_zone = zone
    world.regency.save()
    start = datetime.datetime(2026, 10, 7, hour, 0, tzinfo=ZoneInfo(zone))
    return MeetingFactory(regency=world.regency, title="Rapat pleno", start=start,
                          end=start + datetime.timedelta(hours=2))


def page(world, url: str, language: str = "id") -> str:
    client = world.client_for(world.secretariat)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("zone", "abbreviation"), [
    (RegencyTimeZone.WIB, "WIB"), (RegencyTimeZone.WITA, "WITA"), (RegencyTimeZone.WIT, "WIT"),
])
def test_a_meeting_page_shows_its_time_in_the_regencys_zone(world, zone, abbreviation):
    meeting = meeting_at(world, zone)
    html = page(world, meeting.get_absolute_url())
    assert f"7 Oktober 2026 17.00 {abbreviation}<" in html
    assert f"Rabu, 7 Oktober 2026, 17.00–19.00 {abbreviation}" in html
    assert "07/10/2026" not in html and "Asia/" not in html


def test_in_english_the_meeting_page_writes_the_time_the_english_way(world):
    meeting = meeting_at(world, RegencyTimeZone.WIB)
    html = page(world, meeting.get_absolute_url(), language="en")
    assert "7 October 2026 5:00 p.m. WIB" in html
    assert "Wednesday, 7 October 2026, 5:00 p.m.–7:00 p.m. WIB" in html
    assert "10/07/2026" not in html


def test_the_meeting_list_shows_the_day_and_the_hours_with_the_zone(world):
    meeting_at(world, RegencyTimeZone.WITA, hour=9)
    html = page(world, reverse("meetings:list", args=[world.regency.slug]))
    assert "7 Oktober 2026" in html and "09.00–11.00 WITA" in html


def test_the_invitation_names_the_day_hours_and_zone(world):
    from django.template.loader import render_to_string

    meeting = meeting_at(world, RegencyTimeZone.WIT, hour=9)
    with translation.override("id"):
        body = render_to_string("meetings/email/invitation_body.txt",
                                {"meeting": meeting, "name": "Ibu Rosdiana", "url": "/"})
    # Rendered outside any request: the regency's zone comes from the meeting, not the
    # active zone (Asia/Jakarta).
    assert "Rabu, 7 Oktober 2026, 09.00–11.00 WIT" in body


def test_a_moment_is_written_in_the_zone_it_is_given():
    moment = datetime.datetime(2026, 10, 7, 10, 0, tzinfo=datetime.UTC)
    with translation.override("id"):
        assert dates.local_datetime(moment, "Asia/Jakarta") == "7 Oktober 2026 17.00 WIB"
        assert dates.local_datetime(moment, "Asia/Makassar") == "7 Oktober 2026 18.00 WITA"
        assert dates.local_datetime(moment, "Asia/Jayapura") == "7 Oktober 2026 19.00 WIT"
        assert dates.local_date(moment, "Asia/Jayapura") == "7 Oktober 2026"
        late = moment + datetime.timedelta(hours=7)  # 02.00 the next day in WIT
        assert dates.local_date(late, "Asia/Jayapura") == "8 Oktober 2026"
        assert dates.time_span(moment, late, "Asia/Jakarta") == \
            "17.00 – 8 Oktober 2026 00.00 WIB"
        assert dates.local_datetime(datetime.date(2026, 10, 7)) == "7 Oktober 2026"
        assert dates.local_datetime(None) == ""
    with translation.override("en"):
        assert dates.local_datetime(moment, "Asia/Jakarta") == "7 October 2026 5:00 p.m. WIB"
