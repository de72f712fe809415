"""Read-side queries of meetings and follow-ups."""

from __future__ import annotations

from django.utils import timezone

from dewan.access import Access

from .choices import OPEN_FOLLOWUP_STATUSES
from .models import FollowUp, Meeting


def overview_panel(*, access: Access) -> dict:
    """The meetings figures on the regency overview."""
    meetings = Meeting.objects.for_access(access)
    now = timezone.now()
    follow_ups = FollowUp.objects.for_access(access).filter(status__in=OPEN_FOLLOWUP_STATUSES)
    return {
        "next_meeting": meetings.filter(start__gte=now).order_by("start").first(),
        "last_meeting": meetings.filter(start__lt=now).order_by("-start").first(),
        "open_followups": follow_ups.count(),
        "overdue_followups": follow_ups.filter(due_date__lt=access.regency.local_today()).count(),
    }
