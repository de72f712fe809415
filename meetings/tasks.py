"""Celery tasks of meetings: thin adapters around services, taking ids."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="meetings.send_invitations")
def send_meeting_invitations(meeting_id: int) -> int:
    """Send the invitations of a meeting; a repeated run sends nothing (the claim is gone)."""
    return services.invitations_send(meeting_id=meeting_id)
