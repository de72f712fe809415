"""Celery tasks of meetings: thin adapters around services, taking ids."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings

from dewan.council.models import Regency

from . import invitations, reminders
from .choices import INVITATION_MAX_RETRIES

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="meetings.send_invitations", max_retries=INVITATION_MAX_RETRIES,
             ignore_result=True)
def send_meeting_invitations(self, meeting_id: int) -> int:
    """Send the meeting's pending invitations; returns how many the server accepted.

    Passing refusals are retried with a growing countdown (INVITATION_RETRY_SECONDS × 2^n),
    at most INVITATION_MAX_RETRIES times. Run eagerly (embedded defaults, inside a request)
    it never waits: refusals are recorded as failed for the secretariat to send again.
    A second delivery of the task finds nothing pending and sends nothing.
    """
    may_retry = not self.request.is_eager and self.request.retries < self.max_retries
    run = invitations.invitations_send(meeting_id=meeting_id, retry_later=may_retry)
    if run.waiting:
        countdown = settings.INVITATION_RETRY_SECONDS * 2 ** self.request.retries
        try:
            self.retry(countdown=countdown)
        except Retry:
            raise
        except Exception:  # the broker would not take the retry: leave it to the secretariat
            logger.exception("meeting %s: invitation retry not scheduled", meeting_id)
            invitations.invitations_give_up(meeting_id=meeting_id)
    return run.sent


@shared_task(ignore_result=True)
def send_followup_reminders() -> int:
    """Beat entry point (daily): one task per regency, each re-reading its rows by id."""
    ids = list(Regency.objects.values_list("pk", flat=True))
    for regency_id in ids:
        remind_followups.enqueue(regency_id)
    return len(ids)


@shared_task(ignore_result=True)
def remind_followups(regency_id: int) -> int:
    return reminders.followup_reminders_send(regency_id=regency_id)
