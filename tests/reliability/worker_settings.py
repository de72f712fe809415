"""Settings of the test worker that runs its own beat (-B): the project's settings with the
outbox sweeper every SWEEP_SECONDS instead of the database schedule's 30 s, so a test sees
what beat does without waiting half a minute. Used through DJANGO_SETTINGS_MODULE of the
worker subprocess only (tests/reliability/test_broker_down.py)."""

import os

from dewan.project.settings import *  # noqa: F403

CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE = {
    "outbox-sweeper": {"task": "core.send_outbox",
                       "schedule": float(os.environ.get("SWEEP_SECONDS", "1"))},
}
