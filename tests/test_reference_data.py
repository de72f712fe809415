"""Reference rows made by data migrations survive a flush (what a transactional test's
teardown does), so whatever test runs next on the same database still finds them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from programs.models import Dimension, Element


@pytest.mark.django_db(transaction=True)
def test_the_dimensions_and_the_beat_schedule_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert Dimension.objects.count() == 6 and Element.objects.count() == 18
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"reports.tasks.make_due_reports", "core.send_outbox",
            "programs.tasks.send_report_reminders"} <= tasks
