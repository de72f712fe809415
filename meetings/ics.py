"""iCalendar documents: one meeting (.ics attached to invitations) or a regency's feed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from .choices import MeetingStatus
from .models import Meeting

PRODID = "-//Portal Dewan Smart City//ID"


def meeting_event(meeting: Meeting) -> Event:
    """The VEVENT of one meeting; its UID is stable so calendars update it in place."""
    event = Event()
    event.add("uid", f"rapat-{meeting.pk}@{meeting.regency.slug}.dewan-smart-city")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    event.add("location", vText(meeting.place or meeting.online_link))
    description = [meeting.get_kind_display(), meeting.get_mode_display()]
    if meeting.online_link:
        description.append(meeting.online_link)
        event.add("url", meeting.online_link)
    event.add("description", "\n".join(description))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_bytes(meetings: Iterable[Meeting], name: str) -> bytes:
    """A VCALENDAR with the given meetings."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("method", "PUBLISH")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
