"""The core's Celery beat entry (the outbox sweeper), in django-celery-beat's tables. Used by a
data migration and after every migrate or flush (apps.py)."""

from __future__ import annotations

NAME = "Kirim tugas yang tertunda"


def ensure_schedules(apps) -> None:
    """Create the outbox sweeper's beat entry when missing."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=30, period="seconds")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={
        "task": "core.send_outbox", "interval": every, "queue": "default",
        "description": "Setiap 30 detik: tugas yang belum diterima broker (mis. Redis sempat "
                       "mati) dikirim ulang dari kotak keluar di basis data."})


def remove_schedules(apps) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()
