"""Load the six smart-city dimensions and their 18 elements from programs.choices."""

from django.db import migrations


def load_dimensions(apps, schema_editor):
    from programs.reference import load_dimensions as load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load_dimensions, migrations.RunPython.noop)]
