"""Rows that become immutable once final: approved minutes, ready evaluation reports.

Two layers hold the line. In Python, `FrozenWhenFinal.save()` and `.delete()` refuse to change
the frozen columns of a row that was final when it was read (the values read are kept by
`from_db`, so no extra query). In PostgreSQL, a trigger refuses any UPDATE of those columns and
any DELETE of a final row, whatever code (or a person with `psql`) sends it: `frozen_trigger()`
writes the SQL that each app's migration installs. SQLite (the embedded defaults) has the
Python layer only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from dewan.core.errors import DomainError


class FrozenRow(DomainError):
    """A final row was asked to change."""


class FrozenWhenFinal(models.Model):
    """Abstract: subclasses name `frozen_fields` and say when a row is final."""

    frozen_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def is_final_values(self, loaded: dict) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def frozen_message(self) -> str:
        return _("Dokumen ini sudah final dan tidak dapat diubah atau dihapus.")

    def _frozen_changes(self) -> list[str]:
        loaded = getattr(self, "_loaded", None)
        if not loaded or not self.is_final_values(loaded):
            return []
        changed = []
        for name in self.frozen_fields:
            field = self._meta.get_field(name)
            if field.attname not in loaded:
                continue
            now = field.get_prep_value(field.value_from_object(self))
            if now != field.get_prep_value(loaded[field.attname]):
                changed.append(name)
        return changed

    def save(self, *args, **kwargs):
        if self._frozen_changes():
            raise FrozenRow(self.frozen_message())
        super().save(*args, **kwargs)
        self._loaded = {f.attname: f.value_from_object(self) for f in self._meta.concrete_fields}

    def delete(self, *args, **kwargs):
        loaded = getattr(self, "_loaded", None)
        if loaded and self.is_final_values(loaded):
            raise FrozenRow(self.frozen_message())
        return super().delete(*args, **kwargs)


def frozen_trigger(table: str, columns: list[str], final: str) -> tuple[str, str]:
    """(install SQL, remove SQL) of a PostgreSQL trigger that freezes `columns` of rows where
    `final` (a condition on OLD) holds, and refuses to delete such rows."""
    name = f"{table}_frozen"
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    install = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{table} row % is final and cannot be deleted', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF ROW({new}) IS DISTINCT FROM ROW({old}) THEN
        RAISE EXCEPTION '{table} row % is final; its content cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW WHEN ({final}) EXECUTE FUNCTION {name}();
"""
    remove = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return install, remove


def postgresql_only(sql: str):
    """A RunPython operation running `sql` on PostgreSQL and nothing elsewhere."""
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: the "%" of RAISE stays as it is
    return run
