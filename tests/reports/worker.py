"""A real Celery worker process for tests, on the test database and the Redis of REDIS_URL
(or the broker a test names, e.g. its own redis-server: tests/redis_server.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from dewan.project.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared database: set DATABASE_URL to PostgreSQL")


def require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set: no broker for a real worker (embedded defaults)")
    require_postgres()
    return url


def purge_broker(url: str) -> None:
    """Empty the queues and the unacked-message bookkeeping of our Redis database."""
    client = redis.Redis.from_url(url)
    client.delete("reports", "default", "unacked", "unacked_index", "unacked_mutex")


def database_url_of_tests() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return (f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
            f"/{s['NAME']}")


class Worker:
    """A `celery worker` subprocess (-c 1, prefork); `child_pid()` is its pool process."""

    def __init__(self, name: str, process: subprocess.Popen, log: Path):
        self.name, self.process, self.log = name, process, log

    def child_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(p) for p in children.read_text().split()]
        assert pids, "the worker has no pool process"
        return pids[0]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@contextlib.contextmanager
def celery_worker(tmp_path: Path, *, slow_seconds: float | None = None,
                  broker_url: str | None = None, env: dict | None = None,
                  beat: bool = False):
    """Start a worker on the test database, wait until it answers a ping, stop it after.

    `broker_url`: another broker than REDIS_URL (the test process's Celery app must point at
    it too, for the ping); `env`: more environment (settings) for the worker; `beat`: run
    beat inside the worker (-B), with the schedule of the worker's settings module.
    """
    url = broker_url or require_redis()
    require_postgres()
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    env = {**os.environ, "DATABASE_URL": database_url_of_tests(), "REDIS_URL": url,
           "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT), "DATABASE_CONN_MAX_AGE": "0",
           **(env or {})}
    if slow_seconds is not None:
        env |= {"DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
                "SLOW_RENDER_SECONDS": str(slow_seconds)}
    log = tmp_path / f"{name.split('@')[0]}.log"
    command = [str(CELERY), "-A", "dewan", "worker", "-Q", "reports,default", "-c", "1",
               "--pool", "prefork", "-l", "info", "-n", name, "--without-gossip",
               "--without-mingle"]
    if beat:
        command += ["-B", "-s", str(tmp_path / f"{name.split('@')[0]}-beat")]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    worker = Worker(name, process, log)
    try:
        _wait_until_ready(worker)
        yield worker
    finally:
        worker.stop()


def _wait_until_ready(worker: Worker, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise AssertionError(f"worker exited early:\n{worker.output()}")
        if celery_app.control.ping(destination=[worker.name], timeout=0.5):
            return
    raise AssertionError(f"worker not ready after {timeout}s:\n{worker.output()}")


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.1, what: str = ""):
    """Poll until predicate() is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what or predicate}")
