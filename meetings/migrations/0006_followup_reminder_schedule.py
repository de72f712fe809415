"""Register the daily follow-up reminder task in the Celery beat schedule."""

from django.db import migrations


def forwards(apps, schema_editor):
    from meetings.schedules import ensure_schedules

    ensure_schedules(apps)


def backwards(apps, schema_editor):
    from meetings.schedules import remove_schedules

    remove_schedules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_followup_history_minutes_comments"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
