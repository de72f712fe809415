"""The reports' Celery beat schedule, stored in the database (django-celery-beat) so that an
administrator can change or pause it in the admin. Safe to re-run: rows are found by name."""

from django.db import migrations

def create(apps, schema_editor):
    from reports.schedules import ensure_schedules

    ensure_schedules(apps)


def remove(apps, schema_editor):
    from reports.schedules import remove_schedules

    remove_schedules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_quarterly_report_needs_quarter"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
