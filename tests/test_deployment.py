"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

No engine runs on the development and CI machines, so the compose file is validated here:
it is valid against the Compose Specification's JSON schema, every service runs a command
this code base has, and every variable it passes is one the settings module reads.

The schema, tests/production/compose-spec.json, is vendored unchanged from the Compose
Specification's repository (compose-spec/compose-spec, schema/compose-spec.json at commit
170098ba07d9f53c383a41bfd4c5166b0a4529a6, last changed in a08f8d51; Apache-2.0).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from django.conf import settings
from jsonschema import Draft7Validator

ROOT = Path(settings.BASE_DIR)
COMPOSE_SCHEMA = ROOT / "tests" / "production" / "compose-spec.json"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def schema_errors(document: dict) -> list[str]:
    validator = Draft7Validator(json.loads(COMPOSE_SCHEMA.read_text()))
    return sorted(f"{'/'.join(map(str, error.path))}: {error.message}"
                  for error in validator.iter_errors(document))


def test_compose_file_is_valid_against_the_compose_specification():
    assert schema_errors(compose()) == []


def test_the_schema_check_catches_a_misspelt_key():
    broken = compose()
    broken["services"]["web"]["depends-on"] = broken["services"]["web"].pop("depends_on")
    broken["services"]["web"]["healthcheck"]["interval"] = 15  # a duration is a string
    assert len(schema_errors(broken)) == 2


def test_compose_has_the_production_services():
    services = compose()["services"]
    assert {"db", "redis", "minio", "storage-init", "migrate", "web", "worker",
            "worker-reports", "beat"} <= set(services)


def test_the_app_keeps_its_files_in_the_object_store_not_on_a_volume():
    app = compose()["x-app"]
    assert "volumes" not in app
    assert app["environment"]["STORAGE_S3_ENDPOINT_URL"].endswith("http://minio:9000}")
    assert app["depends_on"]["storage-init"]["condition"] == "service_completed_successfully"
    assert "ports" not in compose()["services"]["minio"]  # files leave only through the portal


def test_the_bucket_script_is_valid_shell_and_writes_a_valid_policy(tmp_path):
    script = compose()["services"]["storage-init"]["command"][0].replace("$$", "$")
    assert subprocess.run(["sh", "-n", "-c", script]).returncode == 0
    (policy_line,) = [line for line in re.split(r"\n(?=\S)", script)
                      if line.startswith("printf")]
    policy_line = policy_line.replace("/tmp/portal-files.json", str(tmp_path / "p.json"))
    subprocess.run(["sh", "-c", policy_line], env={"BUCKET": "portal"}, check=True)
    policy = json.loads((tmp_path / "p.json").read_text())
    resources = {r for statement in policy["Statement"] for r in statement["Resource"]}
    assert resources == {"arn:aws:s3:::portal", "arn:aws:s3:::portal/*"}


def test_the_health_checks_of_web_and_the_workers_ask_the_right_things():
    services = compose()["services"]
    assert "http://127.0.0.1:8000/healthz" in services["web"]["healthcheck"]["test"][-1]
    for worker in ("worker", "worker-reports"):
        assert "inspect ping" in services[worker]["healthcheck"]["test"][-1]


def test_every_variable_passed_to_the_app_is_read_by_the_settings():
    settings_source = (ROOT / "dewan" / "project" / "settings.py").read_text()
    environment = compose()["x-app"]["environment"]
    for name in environment:
        assert f'"{name}"' in settings_source, f"{name} is passed but never read"


def test_the_reports_worker_consumes_the_queue_reports_are_routed_to():
    command = compose()["services"]["worker-reports"]["command"]
    queue = command[command.index("-Q") + 1]
    assert queue in {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}


def test_the_celery_app_and_wsgi_module_named_in_the_files_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    module = re.search(r'"([\w.]+)\.wsgi:application"', dockerfile).group(1)
    assert (ROOT / module.replace(".", "/") / "wsgi.py").exists()
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
                            env={"POSTGRES_PASSWORD": "x", "DJANGO_SECRET_KEY": "y",
                                 "MINIO_ROOT_PASSWORD": "z" * 8,
                                 "STORAGE_S3_SECRET_KEY": "w" * 8},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
