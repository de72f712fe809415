"""Scheduling meetings, their agenda without page reloads, and the attendance list."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from dewan.council.choices import RegencyTimeZone
from meetings import services
from meetings.choices import AttendanceStatus, MeetingKind, MeetingMode
from meetings.models import Meeting
from tests.factories import AttendanceFactory, FollowUpFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _url(name, world, *args):
    return reverse(f"meetings:{name}", args=[world.regency.slug, *args])


def _form(**overrides):
    data = {"kind": MeetingKind.COUNCIL, "title": "Rapat Dewan Smart City 2024",
            "start": "2024-09-12T09:00", "end": "2024-09-12T12:00",
            "place": "Ruang Rapat Sekretariat Kantor Bupati", "mode": MeetingMode.HYBRID,
            "online_link": "https://zoom.example/j/123", "chair": "", "chair_name": "",
            "status": "terjadwal"}
    data.update(overrides)
    return data


def test_times_are_entered_and_shown_in_the_regencys_own_time_zone(world, council):
    world.regency.time_zone = RegencyTimeZone.WITA
    world.regency.save()
    client = world.client_for(world.secretariat)
    response = client.post(_url("create", world), _form(chair=council.chair.pk))
    meeting = Meeting.objects.get(title="Rapat Dewan Smart City 2024")
    assert response.status_code == 302
    assert meeting.start == datetime.datetime(2024, 9, 12, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    assert meeting.start.astimezone(datetime.UTC).hour == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Kamis, 12 September 2024, 09.00–12.00 WITA" in page


def test_a_new_meeting_lists_the_council_in_force_as_expected_attendees(world, council):
    client = world.client_for(world.secretariat)
    client.post(_url("create", world), _form())
    meeting = Meeting.objects.get()
    names = [row.name for row in meeting.attendances.all()]
    assert names == [council.chair.name, council.secretary.name, council.member.name]


def test_meeting_form_explains_what_is_wrong(world):
    client = world.client_for(world.secretariat)
    response = client.post(_url("create", world), _form(end="2024-09-12T08:00", online_link=""))
    html = response.content.decode()
    assert "Waktu selesai harus setelah waktu mulai." in html
    assert "memerlukan tautan daring" in html
    assert not Meeting.objects.exists()


def test_agenda_items_are_added_reordered_and_removed_in_place_with_htmx(world, meeting):
    client = world.client_for(world.secretariat)
    htmx = {"HTTP_HX_REQUEST": "true"}
    for title in ("Pembukaan oleh Sekda", "Paparan enam dimensi", "Diskusi"):
        response = client.post(_url("agenda_add", world, meeting.pk), {"title": title}, **htmx)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="agenda"')
    last = meeting.agenda_items.get(title="Diskusi")
    client.post(_url("agenda_move", world, meeting.pk, last.pk, "naik"), **htmx)
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Pembukaan oleh Sekda", "Diskusi", "Paparan enam dimensi"]
    first = meeting.agenda_items.get(title="Pembukaan oleh Sekda")
    response = client.post(_url("agenda_remove", world, meeting.pk, first.pk), **htmx)
    assert "Pembukaan oleh Sekda" not in response.content.decode()
    assert [(i.order, i.title) for i in meeting.agenda_items.all()] == [
        (1, "Diskusi"), (2, "Paparan enam dimensi")]


def test_agenda_works_without_javascript_too(world, meeting):
    response = world.client_for(world.secretariat).post(
        _url("agenda_add", world, meeting.pk), {"title": "Pembukaan"})
    assert response.status_code == 302 and response["Location"].endswith("#agenda")


def test_an_online_guest_is_added_without_an_account(world, meeting):
    client = world.client_for(world.secretariat)
    client.post(_url("guest_add", world, meeting.pk), {
        "name": "Dwi Elfrida Martina", "organisation": "Kementerian Komunikasi dan Digital",
        "position": "Tenaga Ahli", "status": AttendanceStatus.ONLINE,
        "is_resource_person": "on"})
    guest = meeting.attendances.get(guest_name="Dwi Elfrida Martina")
    assert guest.member is None and guest.is_resource_person
    assert guest.status == AttendanceStatus.ONLINE


def test_attendance_is_recorded_with_counts_and_quorum(world, meeting, council):
    client = world.client_for(world.secretariat)
    rows = {row.member_id: row for row in meeting.attendances.all()}
    chair, secretary, member = (rows[council.chair.pk], rows[council.secretary.pk],
                                rows[council.member.pk])
    response = client.post(_url("attendance", world, meeting.pk), {
        f"status_{chair.pk}": "hadir", f"rep_{chair.pk}": "",
        f"status_{secretary.pk}": "diwakili", f"rep_{secretary.pk}": "",
        f"status_{member.pk}": "izin", f"rep_{member.pk}": ""})
    assert "diwakili: isi nama yang mewakili" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.status == AttendanceStatus.UNKNOWN  # nothing half-saved
    client.post(_url("attendance", world, meeting.pk), {
        f"status_{chair.pk}": "hadir", f"rep_{chair.pk}": "",
        f"status_{secretary.pk}": "diwakili", f"rep_{secretary.pk}": "Sekretaris Dinas",
        f"status_{member.pk}": "izin", f"rep_{member.pk}": ""})
    page = client.get(_url("attendance", world, meeting.pk)).content.decode()
    assert "2/3" in page and "Kuorum tercapai" in page


def test_the_list_filters_by_kind_year_and_mode(world):
    MeetingFactory(regency=world.regency, title="Bimtek Tahap I",
                   kind=MeetingKind.TECHNICAL_GUIDANCE,
                   start=timezone.make_aware(datetime.datetime(2018, 7, 16, 9)),
                   end=timezone.make_aware(datetime.datetime(2018, 7, 16, 15)))
    MeetingFactory(regency=world.regency, title="Rapat Daring", mode=MeetingMode.ONLINE)
    MeetingFactory(regency=world.other_regency, title="Rapat daerah lain")
    client = world.client_for(world.member)
    page = client.get(_url("list", world)).content.decode()
    assert "Bimtek Tahap I" in page and "Rapat Daring" in page
    assert "Rapat daerah lain" not in page
    page = client.get(_url("list", world), {"kind": "bimtek"}).content.decode()
    assert "Bimtek Tahap I" in page and "Rapat Daring" not in page
    page = client.get(_url("list", world), {"year": "2018"}).content.decode()
    assert "Bimtek Tahap I" in page and "Rapat Daring" not in page
    page = client.get(_url("list", world), {"mode": "daring"}).content.decode()
    assert "Bimtek Tahap I" not in page and "Rapat Daring" in page


def _meetings(world, count, start_days):
    for number in range(count):
        start = timezone.now() + datetime.timedelta(days=start_days + number)
        meeting = MeetingFactory(regency=world.regency, start=start,
                                 end=start + datetime.timedelta(hours=2))
        services.agenda_item_add(meeting=meeting, title="Pembukaan")
        services.minutes_save(meeting=meeting, discussion="Isi", decisions="")


@pytest.mark.parametrize("user", ["secretariat", "member"])
def test_the_meeting_list_costs_the_same_queries_for_1_and_30_meetings(
        world, user, django_assert_num_queries):
    client = world.client_for(getattr(world, user))
    _meetings(world, 1, start_days=-40)
    client.get(_url("list", world))
    with django_assert_num_queries(QUERIES_MEETING_LIST):
        client.get(_url("list", world))
    _meetings(world, 15, start_days=-30)
    _meetings(world, 14, start_days=5)
    with django_assert_num_queries(QUERIES_MEETING_LIST):
        response = client.get(_url("list", world))
    assert response.content.decode().count("Pembukaan") == 0  # titles only, counts shown
    assert "1 acara" in response.content.decode()


# the calendar-feed key for the personal link, and the bell (10 before the regency came
# with the user's roles)
QUERIES_MEETING_LIST = 9


def _fill_meeting(world, meeting, count: int) -> None:
    """Agenda, guests and follow-ups of the meeting, and open ones from an earlier meeting."""
    earlier = MeetingFactory(regency=world.regency,
                             start=meeting.start - datetime.timedelta(days=30))
    for number in range(count):
        services.agenda_item_add(meeting=meeting, title=f"Acara {number}")
        AttendanceFactory(meeting=meeting)
        FollowUpFactory(meeting=meeting, agency=world.agency)
        FollowUpFactory(meeting=earlier, agency=world.agency)


@pytest.mark.parametrize("user", ["secretariat", "member"])
def test_the_meeting_page_costs_the_same_queries_for_1_and_20_of_everything(
        world, held_meeting, user, django_assert_num_queries):
    services.minutes_save(meeting=held_meeting, discussion="Isi", decisions="")
    client = world.client_for(getattr(world, user))
    url = _url("detail", world, held_meeting.pk)
    _fill_meeting(world, held_meeting, 1)
    client.get(url)
    with django_assert_num_queries(QUERIES_MEETING_DETAIL[user]):
        assert client.get(url).status_code == 200
    _fill_meeting(world, held_meeting, 19)
    with django_assert_num_queries(QUERIES_MEETING_DETAIL[user]):
        response = client.get(url)
    assert len(response.context["agenda"]) == 20 and len(response.context["follow_ups"]) == 20


# session, user, the roles (with the regency), the meeting with its chair and minutes, its
# agenda, attachments, attendance, follow-ups, open follow-ups of earlier meetings, its
# history; the secretariat also the invitations sent. Was 14 for the secretariat before the
# regency came with the roles and the minutes with the meeting; 12 before the bell's count
# came with the roles too (dewan/council/pages.py).
QUERIES_MEETING_DETAIL = {"secretariat": 11, "member": 10}
