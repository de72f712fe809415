"""The programs app's entries in the Celery beat schedule (django-celery-beat's tables).

Called from a data migration so that every installation has them; the names are this app's
own, so the other apps' schedules are never touched.
"""

from __future__ import annotations

REMINDER_TASK_NAME = "programs: pengingat laporan triwulan"
REMINDER_TASK = "programs.tasks.send_report_reminders"


def ensure_schedules(apps) -> None:
    """Daily at 07:00 WIB: remind OPDs whose quarterly reports are still missing."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Jakarta")
    PeriodicTask.objects.update_or_create(
        name=REMINDER_TASK_NAME,
        defaults={"task": REMINDER_TASK, "crontab": crontab, "interval": None,
                  "enabled": True,
                  "description": "E-mail OPD yang laporan triwulannya belum masuk, "
                                 "beberapa hari sebelum batas; sekali per periode."})


def remove_schedules(apps) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=REMINDER_TASK_NAME).delete()
