"""/healthz: answers without login whatever the host name, and checks for real the database,
the broker and the file storage; the compose health check of `web` passes against a server
configured for production and fails against one whose services are away."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
import yaml
from django.urls import reverse

from tests.production.support import ROOT, free_port, gunicorns, production_env

PROBE_HOST = "127.0.0.1:8000"  # what the compose health check sends; not an allowed host


@pytest.fixture
def production_hosts(settings, tmp_path):
    settings.ALLOWED_HOSTS = ["portal.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.mark.django_db
def test_healthz_answers_without_login_whatever_the_host_name(client, production_hosts):
    response = client.get(reverse("healthz"), HTTP_HOST=PROBE_HOST)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "broker": True, "storage": True}
    assert body["checks"]["broker"]["detail"] == ("ok" if production_hosts.REDIS_URL
                                                  else "eager")


@pytest.mark.django_db
def test_every_other_page_still_refuses_a_host_name_that_is_not_allowed(client,
                                                                       production_hosts):
    assert client.get(reverse("login"), HTTP_HOST=PROBE_HOST).status_code == 400
    assert client.get(reverse("login"), HTTP_HOST="portal.example.go.id").status_code == 301


@pytest.mark.django_db
def test_the_storage_probe_leaves_no_file_behind(client, production_hosts):
    client.get(reverse("healthz"), HTTP_HOST=PROBE_HOST)
    media = production_hosts.MEDIA_ROOT
    assert (media / "healthz").is_dir()  # it did write there
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_healthz_refuses_writes(client):
    assert client.post(reverse("healthz"), HTTP_HOST=PROBE_HOST).status_code == 405


def web_health_check(port: int) -> subprocess.CompletedProcess:
    """The compose file's health check command of `web`, run here against `port`."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    command = [sys.executable, *(arg.replace(":8000/", f":{port}/") for arg in test[2:])]
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_web_health_check_passes_in_production_and_fails_when_the_services_are_away(
        tmp_path):
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("media cannot live under a file")
    healthy = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                             DJANGO_MEDIA_ROOT=str(tmp_path / "media"))
    away = production_env(
        DATABASE_URL=f"postgres://portal@127.0.0.1:{free_port()}/portal",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        DJANGO_MEDIA_ROOT=str(not_a_directory / "media"))
    with gunicorns([healthy, away], tmp_path) as (good, bad):
        passed = web_health_check(good.port)
        assert passed.returncode == 0, passed.stderr + good.output()
        assert get_json(good.url + "/healthz")[0] == 200

        failed = web_health_check(bad.port)
        assert failed.returncode != 0
        assert "503" in failed.stderr
        status, body = get_json(bad.url + "/healthz")
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["database"] == {**body["checks"]["database"], "ok": False,
                                          "detail": "OperationalError"}
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": False,
                                        "detail": "ConnectionError"}
    assert body["checks"]["storage"] == {**body["checks"]["storage"], "ok": False,
                                         "detail": "NotADirectoryError"}
    assert "health check database failed" in bad.output()  # the details go to the log
