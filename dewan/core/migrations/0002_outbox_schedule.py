"""Beat entry of the outbox sweeper (django-celery-beat's tables; editable in the admin)."""

from django.db import migrations

def create(apps, schema_editor):
    from dewan.core.schedules import ensure_schedules

    ensure_schedules(apps)


def remove(apps, schema_editor):
    from dewan.core.schedules import remove_schedules

    remove_schedules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
