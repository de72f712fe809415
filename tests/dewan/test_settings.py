"""The settings helpers refuse malformed values loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dewan.project import settings as s


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert s.env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert s.env_bool("X_FLAG", default=True) is False


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        s.env_bool("X_FLAG", default=False)


def test_env_int_refuses_text(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        s.env_int("X_NUM", 1)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://", "nonsense"])
def test_database_url_must_be_postgres_or_sqlite(monkeypatch, url):
    monkeypatch.setenv("X_DB", url)
    with pytest.raises(ImproperlyConfigured):
        s.env_database("X_DB", {})


def test_database_url_is_parsed(monkeypatch):
    monkeypatch.setenv("X_DB", "postgres://postgres@127.0.0.1:5432/dewan")
    config = s.env_database("X_DB", {})
    assert config["NAME"] == "dewan" and config["HOST"] == "127.0.0.1"
    # Choice fields read through plain queries, not server-side cursors (PgBouncer-safe).
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_redis_url_must_be_redis(monkeypatch):
    monkeypatch.setenv("X_REDIS", "http://127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        s.env_redis("X_REDIS")


def test_nothing_set_means_sqlite_and_eager_celery(monkeypatch, tmp_path):
    """Import the settings module afresh in a clean environment."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "dewan.project.settings"}
    code = ("from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
            " s.LANGUAGE_CODE, s.TIME_ZONE, s.EMAIL_BACKEND.rsplit('.', 2)[-2])")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, cwd=s.BASE_DIR).stdout.split()
    assert out == ["django.db.backends.sqlite3", "True", "id", "Asia/Jakarta", "console"]


def test_production_without_secret_key_fails_loudly():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "false"}
    result = subprocess.run([sys.executable, "-c", "import dewan.project.settings"], env=env,
                            capture_output=True, text=True, cwd=s.BASE_DIR)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
