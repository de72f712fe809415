"""Celery tasks of the evaluation reports: thin adapters around reports.services.

All of them run on the `reports` queue (CELERY_TASK_ROUTES). They take ids, never objects,
and are sent only after the requesting transaction commits (services.report_request).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from dewan.core.storage import STORAGE_UNAVAILABLE

from . import services
from .choices import MAX_TRANSIENT_RETRIES

logger = logging.getLogger(__name__)

# Failures that may pass by themselves: the database or the file storage briefly away.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, *STORAGE_UNAVAILABLE)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True,
             max_retries=MAX_TRANSIENT_RETRIES, ignore_result=True)
def render_evaluation_report(self, report_id: int) -> str:
    """Make the PDF of one report row. A delivery that cannot claim the row does nothing.

    acks_late + reject_on_worker_lost: if the worker process dies mid-render the message goes
    back to the queue marked `redelivered`, and the next worker takes the row over.
    """
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    token = services.report_claim(report_id=report_id, takeover=redelivered)
    if token is None:
        logger.info("report %s: nothing to claim, delivery ignored", report_id)
        return "skipped"
    try:
        finished = services.report_render(report_id=report_id, token=token)
    except TRANSIENT_ERRORS as exc:
        return _retry_or_fail(self, report_id, token, exc)
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        services.report_fail(report_id=report_id, token=token, reason=_reason(exc))
        return "failed"
    outcome = "ready" if finished else "superseded"
    # Which worker made it: with several worker machines, the trail of each document.
    logger.info("report %s %s, rendered by %s", report_id, outcome, self.request.hostname)
    return outcome


def _retry_or_fail(task, report_id: int, token: int, exc: Exception) -> str:
    if task.request.retries >= task.max_retries:
        services.report_fail(report_id=report_id, token=token, reason=_reason(exc))
        return "failed"
    services.report_release(report_id=report_id, token=token, reason=_reason(exc))
    raise task.retry(exc=exc, countdown=5 * 2 ** task.request.retries)


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


@shared_task(ignore_result=True)
def make_due_reports() -> int:
    """Beat, daily: the quarterly (and in the first quarter, annual) reports now due."""
    return len(services.reports_request_due())


@shared_task(ignore_result=True)
def requeue_stale_reports() -> int:
    """Beat, every few minutes: send again reports whose message was lost."""
    return len(services.reports_requeue_stale())
