"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

No engine runs on the development and CI machines, so the compose file is validated here:
it parses, every service runs a command this code base has, and every variable it passes is
one the settings module reads.
"""

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services():
    services = compose()["services"]
    assert {"db", "redis", "migrate", "web", "worker", "worker-reports", "beat"} <= set(services)


def test_every_variable_passed_to_the_app_is_read_by_the_settings():
    settings_source = (ROOT / "dewan" / "settings.py").read_text()
    environment = compose()["x-app"]["environment"]
    for name in environment:
        assert f'"{name}"' in settings_source, f"{name} is passed but never read"


def test_the_reports_worker_consumes_the_queue_reports_are_routed_to():
    command = compose()["services"]["worker-reports"]["command"]
    queue = command[command.index("-Q") + 1]
    assert queue in {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}


def test_the_celery_app_and_wsgi_module_named_in_the_files_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    module = re.search(r'"(\w+)\.wsgi:application"', dockerfile).group(1)
    assert (ROOT / module / "wsgi.py").exists()
    for service in ("worker", "worker-reports", "beat"):
        command = compose()["services"][service]["command"]
        assert command[:3] == ["celery", "-A", "dewan"]


def test_beat_uses_the_database_scheduler():
    assert settings.CELERY_BEAT_SCHEDULER.startswith("django_celery_beat")


def test_compose_file_passes_docker_compose_config_where_available():
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"],
                                    capture_output=True).returncode != 0:
        import pytest

        pytest.skip("docker compose is not installed here")
    result = subprocess.run([docker, "compose", "config", "--quiet"], cwd=ROOT,
                            env={"POSTGRES_PASSWORD": "x", "DJANGO_SECRET_KEY": "y"},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
