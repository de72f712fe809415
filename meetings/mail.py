"""The invitation e-mail: a short Indonesian letter with the meeting's .ics attached."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dewan.core.mail import mailbox

from .ics import calendar_bytes, meeting_url
from .models import Meeting


def invitation_message(*, meeting: Meeting, name: str, address: str) -> EmailMessage:
    """The letter to one recipient (no one sees the others' addresses). The To header is
    built by the standard library, so names such as "Drs. Hotman Lumban Gaol, M.Pd" stay
    one address; a malformed address raises ValueError."""
    with translation.override("id"), timezone.override(meeting.regency.tzinfo):
        context = {"meeting": meeting, "name": name, "url": meeting_url(meeting)}
        subject = render_to_string("meetings/email/invitation_subject.txt", context)
        body = render_to_string("meetings/email/invitation_body.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body,
                           from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[mailbox(name, address)])
    message.attach(f"rapat-{meeting.pk}.ics", calendar_bytes([meeting], meeting.title),
                   "text/calendar; method=PUBLISH; charset=utf-8")
    return message
