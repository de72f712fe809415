"""Two web servers and two workers on one PostgreSQL, one Redis and one object store behave
as one portal: a login made on one server is honoured by the other (sessions in the
database), a file uploaded through one is downloaded through the other (the bucket), and the
reports of several regencies are made by both workers (one queue in Redis).

Each "machine" is a separate process configured only through the environment, as a replica
of docker-compose.yml would be: gunicorn A and B, Celery workers A and B. They reach the
test's own database (pytest-django's test database, which this transactional test commits
to), the Redis of REDIS_URL and the moto S3 server of the `bucket` fixture. Skipped without
REDIS_URL and a PostgreSQL DATABASE_URL, like the other worker tests.
"""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import uuid

import pytest
import requests
from django.conf import global_settings
from django.urls import reverse

from dewan.core.calendar import Period
from dewan.council.choices import DecreeKind
from dewan.council.models import Decree
from dewan.project.celery import app as celery_app
from reports.choices import RenderStatus
from reports.models import EvaluationReport
from reports.services import report_request
from tests.factories import RegencyFactory
from tests.production.support import BIN, ROOT, gunicorns, production_env, wait_for
from tests.programs.factories import PDF_BYTES
from tests.reports.factories import build_year_of_work
from tests.reports.worker import database_url_of_tests, purge_broker, require_redis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "sandi-produksi-uji-2024"
Q3 = Period.parse("2024-Q3")
REPORTS = 6


def machine_env(redis_url: str, bucket) -> dict[str, str]:
    """What docker-compose.yml gives every app container, pointed at this machine."""
    return production_env(
        DATABASE_URL=database_url_of_tests(), DATABASE_CONN_MAX_AGE="0", REDIS_URL=redis_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_SECURE_COOKIES="false",
        DJANGO_MANIFEST_STATIC="false",  # the manifest build is tests/production/test_build.py
        **bucket.env())


@contextlib.contextmanager
def celery_workers(names: list[str], env: dict[str, str], log_dir):
    """Start one `celery worker -c 1` per name (in parallel), wait until each answers a
    ping, stop them after."""
    logs = {name: log_dir / f"{name.split('@')[0]}.log" for name in names}
    processes = {}
    for name in names:
        with logs[name].open("wb") as out:
            processes[name] = subprocess.Popen(
                [str(BIN / "celery"), "-A", "dewan", "worker", "-Q", "reports,default",
                 "-c", "1", "-n", name, "-l", "info", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
    try:
        for name, process in processes.items():
            def answers(name=name, process=process):
                assert process.poll() is None, logs[name].read_text()
                return celery_app.control.ping(destination=[name], timeout=0.5)
            wait_for(answers, timeout=40, what=f"worker {name}")
        yield {name: logs[name] for name in names}
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


class Browser:
    """One person's browser: a cookie jar, sent to whichever server the balancer picks.
    Requests carry X-Forwarded-Proto like the TLS proxy in front of `web` would."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"

    def get(self, server, path: str, **kwargs) -> requests.Response:
        return self.session.get(server.url + path, allow_redirects=False, timeout=30, **kwargs)

    def post(self, server, path: str, data: dict, **kwargs) -> requests.Response:
        data = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        referer = f"https://127.0.0.1:{server.port}{path}"  # checked on HTTPS requests
        return self.session.post(server.url + path, data=data, allow_redirects=False,
                                 headers={"Referer": referer}, timeout=30, **kwargs)

    def log_in(self, server, username: str, password: str) -> None:
        self.get(server, reverse("login"))  # the CSRF cookie
        response = self.post(server, reverse("login"), {"username": username,
                                                        "password": password})
        assert response.status_code == 302, response.text[:2000]


def test_two_web_servers_and_two_workers_act_as_one_portal(world, object_storage, settings,
                                                          tmp_path):
    redis_url = require_redis()
    purge_broker(redis_url)
    # The servers check passwords with the production hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    world.secretariat.set_password(PASSWORD)
    world.secretariat.save()
    regencies = [RegencyFactory(name=f"Kabupaten Replika {n}", slug=f"replika-{n}")
                 for n in range(REPORTS)]
    for regency in regencies:
        build_year_of_work(regency, programs=2, quarters=3, meetings=1)

    env = machine_env(redis_url, object_storage)
    suffix = uuid.uuid4().hex[:6]
    names = [f"machine-a-{suffix}@localhost", f"machine-b-{suffix}@localhost"]
    with gunicorns([env, env], tmp_path) as (web_a, web_b), \
            celery_workers(names, env, tmp_path) as worker_logs:
        for web in (web_a, web_b):
            checks = requests.get(web.url + "/healthz", timeout=30).json()["checks"]
            assert {name: check["detail"] for name, check in checks.items()} == {
                "database": "ok", "broker": "ok", "storage": "ok"}

        # Logged in on A, served by B: the session lives in the shared database.
        browser = Browser()
        browser.log_in(web_a, world.secretariat.username, PASSWORD)
        overview = reverse("home:overview", args=[world.regency.slug])
        on_b = browser.get(web_b, overview)
        assert on_b.status_code == 200, on_b.headers.get("Location")
        assert world.regency.name in on_b.text
        assert Browser().get(web_b, overview).status_code == 302  # a stranger is sent to login
        # Kept by B (dewan/council/pages.py): the same page, nothing changed, from the shared Redis.
        import redis

        kept_pages = redis.Redis.from_url(redis_url)
        assert browser.get(web_b, overview).text == on_b.text
        assert kept_pages.keys(":1:page:*")
        assert "Pembentukan Dewan Smart City" not in on_b.text

        # Uploaded through A, downloaded through B: the file is in the bucket.
        scan = PDF_BYTES + f"%% SK {suffix}\n".encode()
        created = browser.post(
            web_a, reverse("council:decree_create", args=[world.regency.slug]),
            {"number": "66", "year": "2024", "date_signed": "2024-03-04", "valid_until": "",
             "title": "Pembentukan Dewan Smart City", "kind": DecreeKind.ESTABLISHMENT,
             "supersedes": ""},
            files={"scan": ("sk-66.pdf", scan, "application/pdf")})
        assert created.status_code == 302, created.text[:2000]
        decree = Decree.objects.get(regency=world.regency, number="66")
        # A's write moved the regency's version in the shared Redis: B draws the page anew
        # (once the redirect after the save has shown its message, as a browser would).
        assert browser.get(web_a, created.headers["Location"]).status_code == 200
        assert "Pembentukan Dewan Smart City" in browser.get(web_b, overview).text
        assert object_storage.read(decree.scan.name) == scan
        download = browser.get(web_b, reverse("council:decree_scan",
                                              args=[world.regency.slug, decree.pk]))
        assert download.status_code == 200 and download.content == scan

        # Reports requested together are made by both workers.
        reports = [report_request(regency=regency, period=Q3) for regency in regencies]
        ids = [report.pk for report in reports]
        wait_for(lambda: EvaluationReport.objects.filter(
            pk__in=ids, status=RenderStatus.READY).count() == REPORTS, timeout=90,
            what="every report ready")

        # The compose health check of the workers, run against one of them.
        ping = subprocess.run([str(BIN / "celery"), "-A", "dewan", "inspect", "ping",
                               "-d", names[0], "--timeout", "5"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=60)
        assert ping.returncode == 0, ping.stdout + ping.stderr

    made_by = {}
    for log in worker_logs.values():
        for report_id, worker in re.findall(r"report (\d+) ready, rendered by (\S+)",
                                            log.read_text()):
            made_by[int(report_id)] = worker
    assert sorted(made_by) == sorted(ids)
    assert set(made_by.values()) == set(names), made_by  # both workers made some
    for report in EvaluationReport.objects.filter(pk__in=ids):
        assert report.pdf.name in object_storage.names()
