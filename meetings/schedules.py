"""The meetings app's entry in the Celery beat schedule (django-celery-beat's tables).

Called from a data migration so that every installation has it; the name is this app's own,
so the other apps' schedules are never touched.
"""

from __future__ import annotations

FOLLOWUP_REMINDER_NAME = "meetings: pengingat tindak lanjut"
FOLLOWUP_REMINDER_TASK = "meetings.tasks.send_followup_reminders"


def ensure_schedules(apps) -> None:
    """Daily at 07:00 WIB: tell agencies of follow-ups due in three days or overdue."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Jakarta")
    PeriodicTask.objects.update_or_create(
        name=FOLLOWUP_REMINDER_NAME,
        defaults={"task": FOLLOWUP_REMINDER_TASK, "crontab": crontab, "interval": None,
                  "enabled": True,
                  "description": "Beri tahu OPD tentang tindak lanjut yang jatuh tempo dalam "
                                 "3 hari atau sudah lewat batas; masing-masing sekali."})


def remove_schedules(apps) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=FOLLOWUP_REMINDER_NAME).delete()
