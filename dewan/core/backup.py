"""Backup and restore of the portal: the database and the uploaded files, together.

A backup is a directory holding
    database.dump      PostgreSQL: `pg_dump --format=custom` (restored with `pg_restore`)
    database.sqlite3   SQLite (the embedded defaults): a consistent copy made with SQLite's
                       online backup API
    media.tar.gz       every file under MEDIA_ROOT (uploads, minutes and report PDFs)
    manifest.json      when, from which engine, the row count of every table and the
                       SHA-256 of every file, so a restore can be checked against it

With object storage (STORAGE_S3_BUCKET) the files live in the bucket: back the bucket up with
its own versioning or replication; the manifest records that the files were not included.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from dewan.core import versions

DUMP, SQLITE, MEDIA, MANIFEST = "database.dump", "database.sqlite3", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    """Something a backup or restore cannot do; the message says what and what to try."""


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _objects_in_bucket() -> bool:
    return not settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def table_counts() -> dict[str, int]:
    """Rows per table of the portal's database (Django's tables included)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    sums = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def backup(target: Path) -> dict:
    """Write a backup into `target` (created; must be empty) and return its manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new directory for the backup")
    engine = _engine()
    if engine == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed (Debian: postgresql-client-15)")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file",
                        str(target / DUMP)], env=_pg_env(), check=True)
    else:
        connection.ensure_connection()
        with sqlite3.connect(target / SQLITE) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_root = Path(settings.MEDIA_ROOT)
    in_bucket = _objects_in_bucket()
    if not in_bucket:
        with tarfile.open(target / MEDIA, "w:gz") as archive:
            if media_root.is_dir():
                archive.add(media_root, arcname=".")
    manifest = {
        "made_at": timezone.now().isoformat(), "engine": engine,
        "tables": table_counts(),
        "files": {} if in_bucket else media_checksums(media_root),
        "files_in_object_storage": in_bucket,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def database_is_empty() -> bool:
    """No table of the portal holds a row (an unmigrated database is empty too); the rows the
    migrations themselves write (schedules, dimensions, the evaluation years' weights) do not
    count."""
    return not any(count for table, count in table_counts().items()
                   if table not in {"django_migrations", "django_content_type",
                                    "auth_permission", "django_celery_beat_periodictask",
                                    "django_celery_beat_crontabschedule",
                                    "django_celery_beat_intervalschedule",
                                    "django_celery_beat_periodictasks",
                                    "django_celery_beat_solarschedule",
                                    "django_celery_beat_clockedschedule",
                                    "programs_dimension", "programs_element",
                                    "reports_evaluationyear", "django_site"})


def restore(source: Path, *, force: bool = False) -> dict:
    """Restore the backup in `source` into the configured database and MEDIA_ROOT; returns
    the manifest. Refuses a database that already holds data unless `force`."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{source} holds no readable {MANIFEST}; is it a backup?") from None
    engine = _engine()
    if manifest.get("engine") != engine:
        raise BackupError(f"the backup is of a {manifest.get('engine')} database, the portal "
                          f"is configured for {engine}")
    if not force and not database_is_empty():
        raise BackupError("the database already holds data; restore into an empty database, "
                          "or pass --force to replace what is there")
    if engine == "postgresql":
        connections.close_all()
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", "--dbname", _pg_env()["PGDATABASE"],
                        str(source / DUMP)], env=_pg_env(), check=True)
    else:
        name = settings.DATABASES["default"]["NAME"]
        connections.close_all()
        with sqlite3.connect(source / SQLITE) as backup_copy, sqlite3.connect(name) as live:
            backup_copy.backup(live)
    if not manifest.get("files_in_object_storage"):
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / MEDIA, "r:gz") as archive:
            archive.extractall(media_root, filter="data")  # no paths outside MEDIA_ROOT
    versions.move(versions.NATIONAL)  # figures cached from the data it replaced are void
    versions.move(versions.GLOBAL)  # and every kept page (dewan/council/pages.py)
    return manifest


def verify(manifest: dict) -> list[str]:
    """What differs between the restored portal and the manifest (empty when all is there)."""
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, expected {expected}")
    if not manifest.get("files_in_object_storage"):
        sums = media_checksums(Path(settings.MEDIA_ROOT))
        for name, digest in manifest["files"].items():
            if sums.get(name) != digest:
                problems.append(f"file {name}: missing or different")
    return problems
