"""Backup and restore (issue 9 item 9): a backup of a portal with data and uploaded files,
restored into an empty database and an empty media directory, gives back every row and every
file. Run as a person would: `manage.py backup` / `manage.py restore` in their own processes,
against real databases (PostgreSQL when the suite runs on it, else SQLite files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def manage(*args, env, check=True):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=check, timeout=300)


@pytest.fixture
def databases(tmp_path):
    """Two database URLs of the same engine as the suite's: a source and an empty target."""
    if connection.vendor == "postgresql":
        import psycopg

        base = settings.DATABASES["default"]
        names = [f"dewan_backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("src", "dst")]
        server = (f"postgres://{base['USER']}@{base['HOST'] or '127.0.0.1'}:"
                  f"{base['PORT'] or 5432}")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'CREATE DATABASE "{name}"')
        yield [f"{server}/{name}" for name in names]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield [f"sqlite:///{tmp_path / name}" for name in ("source.sqlite3", "target.sqlite3")]


def environment(database_url: str, media: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "STORAGE_S3"))}
    env.update(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media), DJANGO_DEBUG="true",
               REDIS_URL="")
    return env


def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_file(
        databases, tmp_path):
    source, target = databases
    source_env = environment(source, tmp_path / "media-source")
    target_env = environment(target, tmp_path / "media-target")
    manage("migrate", "--noinput", "-v0", env=source_env)
    manage("seed_demo", env=source_env)
    backup_dir = tmp_path / "backup"
    done = manage("backup", str(backup_dir), env=source_env)
    assert "Backup in" in done.stdout
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["tables"]["dewan_regency"] >= 5
    assert manifest["tables"]["meetings_minutes"] >= 1
    assert any(name.endswith(".pdf") for name in manifest["files"]), manifest["files"]

    manage("migrate", "--noinput", "-v0", env=target_env)  # an empty, migrated database
    restored = manage("restore", str(backup_dir), env=target_env)
    assert "all as in the backup" in restored.stdout
    for name, digest in manifest["files"].items():  # checked here too, not only by the command
        import hashlib

        assert hashlib.sha256((tmp_path / "media-target" / name).read_bytes()).hexdigest() \
            == digest

    again = manage("restore", str(backup_dir), env=target_env, check=False)
    assert again.returncode != 0
    assert "already holds data" in again.stderr
    forced = manage("restore", str(backup_dir), "--force", env=target_env)
    assert "all as in the backup" in forced.stdout


def test_a_directory_that_is_not_a_backup_is_refused_clearly(databases, tmp_path):
    env = environment(databases[1], tmp_path / "media")
    refused = manage("restore", str(tmp_path), env=env, check=False)
    assert refused.returncode != 0
    assert "is it a backup?" in refused.stderr
