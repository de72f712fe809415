"""The invitation e-mail: a short Indonesian letter with the meeting's .ics attached."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .ics import calendar_bytes, meeting_url
from .models import Meeting


def send_invitation(*, meeting: Meeting, name: str, address: str) -> None:
    """One e-mail per recipient, so no one sees the others' addresses."""
    with translation.override("id"), timezone.override(meeting.regency.tzinfo):
        context = {"meeting": meeting, "name": name, "url": meeting_url(meeting)}
        subject = render_to_string("meetings/email/invitation_subject.txt", context).strip()
        body = render_to_string("meetings/email/invitation_body.txt", context)
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[f"{name} <{address}>"])
    message.attach(f"rapat-{meeting.pk}.ics", calendar_bytes([meeting], meeting.title),
                   "text/calendar; method=PUBLISH; charset=utf-8")
    message.send()
