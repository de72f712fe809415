"""Follow-up reminders: the agency is told once when a follow-up falls due within
`FOLLOWUP_DUE_DAYS` days, and once when it is overdue.

Run daily by the beat (meetings.tasks). Each notice is claimed by a `FollowUpNotice` row
(unique per follow-up and kind) written in the same transaction as the notification, so a
second run, or a second worker, tells nobody twice; a follow-up whose due date has already
passed when first seen gets the overdue notice only.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction

from dewan.council.models import Regency

from . import notices
from .choices import FOLLOWUP_DUE_DAYS, LATE_FOLLOWUP_STATUSES, FollowUpNoticeKind
from .models import FollowUp, FollowUpNotice

logger = logging.getLogger(__name__)


def followup_reminders_send(*, regency_id: int, today: datetime.date | None = None) -> int:
    """Send the due follow-up notices of one regency; returns how many were sent."""
    regency = Regency.objects.get(pk=regency_id)
    today = today or regency.local_today()
    due = (FollowUp.objects.filter(regency=regency, status__in=LATE_FOLLOWUP_STATUSES,
                                   due_date__lte=today + datetime.timedelta(
                                       days=FOLLOWUP_DUE_DAYS))
           .select_related("agency", "meeting", "regency").order_by("due_date", "pk"))
    noticed = set(FollowUpNotice.objects.filter(followup__in=due)
                  .values_list("followup_id", "kind"))
    sent = 0
    for followup in due:
        kind = (FollowUpNoticeKind.OVERDUE if followup.due_date < today
                else FollowUpNoticeKind.DUE)
        if (followup.pk, kind) in noticed:
            continue
        sent += _notice_once(followup, kind, (followup.due_date - today).days)
    return sent


def _notice_once(followup: FollowUp, kind: str, days_left: int) -> int:
    try:
        with transaction.atomic():
            FollowUpNotice.objects.create(followup=followup, kind=kind)
            if kind == FollowUpNoticeKind.OVERDUE:
                notices.followup_overdue(followup=followup)
            else:
                notices.followup_due(followup=followup, days_left=days_left)
    except IntegrityError:  # another run told them a moment ago
        return 0
    logger.info("follow-up %s: %s notice", followup.pk, kind)
    return 1
