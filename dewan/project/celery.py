"""The Celery application and the one base class of every task of the portal.

Configured from Django settings (CELERY_* names). `PortalTask` is the task class of the app:

* tasks take ids (and plain strings), never objects; they re-read their rows;
* `task.enqueue(*ids)` sends the task only after the caller's transaction commits, and keeps
  it in the database outbox (dewan.core.models.OutboxMessage) until the broker has taken it,
  so a change saved while Redis is down is never a 500 and its work is never lost: the
  `send_outbox` sweeper (beat, every 30 s) sends it once the broker is back.
"""

from __future__ import annotations

import gc
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dewan.project.settings")

logger = logging.getLogger(__name__)


class PortalTask(DjangoTask):
    """Base of every task: takes ids, sent after commit through the outbox."""

    def enqueue(self, *ids: int | str) -> None:
        """Send the task with these ids once the current transaction has committed."""
        from django.db import transaction

        from dewan.core.models import OutboxMessage

        self._check_ids(ids)
        message = OutboxMessage.objects.create(task=self.name, args=list(ids))
        transaction.on_commit(lambda: send_from_outbox(message.pk))

    def enqueue_each(self, ids) -> None:
        """Send the task once for each id (`task(id)`) after the commit: the outbox rows are
        written in one statement and sent together, so a fan-out to many recipients costs
        the request the same few queries as one."""
        from django.db import transaction

        from dewan.core.models import OutboxMessage

        ids = list(ids)
        self._check_ids(ids)
        if not ids:
            return
        messages = OutboxMessage.objects.bulk_create(
            [OutboxMessage(task=self.name, args=[value]) for value in ids])
        keys = [message.pk for message in messages]
        transaction.on_commit(lambda: send_many_from_outbox(keys))

    def _check_ids(self, ids) -> None:
        for value in ids:
            if not isinstance(value, int | str) or isinstance(value, bool):
                raise TypeError(f"{self.name} takes ids, not {type(value).__name__}")


def send_from_outbox(message_id: int) -> bool:
    """Hand one outbox message to the broker (or run it, on the embedded defaults) and
    delete it; on failure keep it for the sweeper. Never raises: the user's change is
    already saved."""
    from dewan.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:  # sent already (by the sweeper)
        return True
    if not _publish(message):
        return False
    OutboxMessage.objects.filter(pk=message_id).delete()
    return True


def send_many_from_outbox(message_ids: list[int]) -> int:
    """`send_from_outbox` for several messages: read in one query, the sent ones deleted in
    one; returns how many were sent."""
    from dewan.core.models import OutboxMessage

    messages = list(OutboxMessage.objects.filter(pk__in=message_ids).order_by("pk"))
    sent = [message.pk for message in messages if _publish(message)]
    if sent:
        OutboxMessage.objects.filter(pk__in=sent).delete()
    return len(sent)


def _publish(message) -> bool:
    """Hand the message's task to the broker (or run it eagerly); on failure note why on the
    row, which stays for the sweeper."""
    from django.db.models import F

    from dewan.core.models import OutboxMessage

    try:
        app.send_task(message.task, args=message.args) if not app.conf.task_always_eager \
            else app.tasks[message.task].apply(args=message.args).get()
    except Exception as exc:  # the broker is away, or an eager task failed
        logger.warning("task %s kept in the outbox: %s", message, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:1000])
        return False
    return True


app = Celery("dewan", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_what_is_loaded(**kwargs) -> None:
    """In each pool process, what Django and the libraries loaded at start stays for good:
    frozen, the garbage collector no longer walks it at every full collection."""
    gc.collect()
    gc.freeze()
