"""Approved minutes are immutable in the database too (PostgreSQL trigger; see
dewan/core/frozen.py). Nothing to do on SQLite."""

from django.db import migrations

from dewan.core.frozen import frozen_trigger, postgresql_only

INSTALL, REMOVE = frozen_trigger(
    "meetings_minutes",
    ["meeting_id", "regency_id", "discussion", "decisions", "status", "number", "year",
     "sequence", "approved_at", "pdf", "pdf_sha256"],
    "OLD.status = 'disetujui'")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_followup_reminder_schedule")]

    operations = [migrations.RunPython(postgresql_only(INSTALL), postgresql_only(REMOVE))]
