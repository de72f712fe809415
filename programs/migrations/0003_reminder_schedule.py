"""Register the daily report-reminder task in the Celery beat schedule."""

from django.db import migrations


def forwards(apps, schema_editor):
    from programs.schedules import ensure_schedules

    ensure_schedules(apps)


def backwards(apps, schema_editor):
    from programs.schedules import remove_schedules

    remove_schedules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_dimensions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
