"""Tasks of the core: the outbox sweeper and the notifications' e-mail copies."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dewan.project.celery import send_from_outbox

from . import notifications
from .models import EmailStatus, OutboxMessage

logger = logging.getLogger(__name__)

# A notification e-mail refused for a passing reason is tried again this many times.
NOTIFICATION_MAX_RETRIES = 4


@shared_task(name="core.send_outbox", ignore_result=True)
def send_outbox(limit: int = 500) -> int:
    """Beat, every 30 s: send the tasks the broker could not take when they were asked for.
    Returns how many were sent now."""
    # A message younger than the grace is still being sent by the request that wrote it.
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    sent = 0
    with transaction.atomic():
        pending = list(OutboxMessage.objects.select_for_update(skip_locked=True)
                       .filter(created_at__lt=cutoff).values_list("pk", flat=True)[:limit])
        for message_id in pending:
            sent += send_from_outbox(message_id)
    return sent


@shared_task(bind=True, name="core.email_notification", max_retries=NOTIFICATION_MAX_RETRIES,
             ignore_result=True)
def email_notification(self, notification_id: int) -> str:
    """Send one notification's e-mail copy (a second delivery sends nothing).

    Passing refusals are retried by a worker after NOTIFICATION_RETRY_SECONDS × 2^n; run
    eagerly (embedded defaults) it never waits: the e-mail is marked failed, the in-app
    message stays.
    """
    may_retry = not self.request.is_eager and self.request.retries < self.max_retries
    status = notifications.email_send(notification_id=notification_id, retry_later=may_retry)
    if status == EmailStatus.PENDING:
        try:
            self.retry(countdown=settings.NOTIFICATION_RETRY_SECONDS * 2 ** self.request.retries)
        except Retry:
            raise
        except Exception:  # the broker would not take the retry
            logger.exception("notification %s: e-mail retry not scheduled", notification_id)
            notifications.email_give_up(notification_id=notification_id)
    return status
