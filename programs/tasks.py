"""Celery tasks of the programs app: thin adapters around `reminders`."""

from __future__ import annotations

from celery import shared_task

from dewan.council.models import Regency

from . import reminders


@shared_task(ignore_result=True)
def send_report_reminders() -> int:
    """Beat entry point (daily): one task per regency, each re-reading its rows by id."""
    ids = list(Regency.objects.values_list("pk", flat=True))
    for regency_id in ids:
        remind_regency.enqueue(regency_id)
    return len(ids)


@shared_task(ignore_result=True)
def remind_regency(regency_id: int) -> int:
    return reminders.reminders_send(regency_id=regency_id)
