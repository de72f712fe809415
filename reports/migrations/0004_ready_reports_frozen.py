"""Ready evaluation reports are immutable in the database too (PostgreSQL trigger; see
dewan/core/frozen.py). Nothing to do on SQLite."""

from django.db import migrations

from dewan.core.frozen import frozen_trigger, postgresql_only

INSTALL, REMOVE = frozen_trigger(
    "reports_evaluationreport",
    ["regency_id", "kind", "year", "quarter", "version", "status", "pdf", "size", "page_count",
     "sha256", "inputs", "finished_at"],
    "OLD.status = 'siap'")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_beat_schedule")]

    operations = [migrations.RunPython(postgresql_only(INSTALL), postgresql_only(REMOVE))]
