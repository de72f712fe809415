"""The reports' Celery beat schedule, stored in the database (django-celery-beat) so that an
administrator can change or pause it in the admin. Used by a data migration and after every
migrate or flush (apps.py), so the entries exist on every installation."""

from __future__ import annotations

SCHEDULES = [
    # name, task, crontab (minute, hour) or interval minutes, description
    ("Laporan evaluasi terjadwal", "reports.tasks.make_due_reports", ("30", "2"), None,
     "Setiap hari 02.30 WIB: laporan triwulan setiap daerah setelah batas pelaporan triwulan "
     "yang baru berakhir lewat, dan pada triwulan I laporan tahunan tahun sebelumnya. "
     "Periode yang sudah punya laporan dilewati."),
    ("Kirim ulang laporan yang macet", "reports.tasks.requeue_stale_reports", None, 10,
     "Setiap 10 menit: laporan yang antre atau diproses melewati batas waktu dikirim ulang."),
]


def ensure_schedules(apps) -> None:
    """Create the reports' beat entries that are missing (edits in the admin are kept)."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, crontab, minutes, description in SCHEDULES:
        schedule = {}
        if crontab:
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=crontab[0], hour=crontab[1], day_of_week="*", day_of_month="*",
                month_of_year="*", timezone="Asia/Jakarta")
        else:
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "description": description,
                                 "queue": "reports", **schedule})


def remove_schedules(apps) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()
