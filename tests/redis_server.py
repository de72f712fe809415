"""A `redis-server` process of a test's own, on a free port, that the test can stop and start
again on the same port (the broker going down and coming back); and pointing the test
process's Celery app at it."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import time
from pathlib import Path

import kombu.pools
import pytest
import redis

from dewan.project.celery import app as celery_app
from tests.smtp import free_port


class RedisServer:
    """`redis-server --port N --save "" --appendonly no`: nothing kept on disk."""

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.binary, self.workdir, self.port = binary, workdir, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        log = (self.workdir / f"redis-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"redis-server exited with {self.process.returncode}")
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise AssertionError(f"redis-server on port {self.port} did not answer")

    def freeze(self) -> None:
        """SIGSTOP: connections stay open and the port accepts, but nothing answers (a hung
        server, a network partition)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Kill it (as a crash would): connections drop, nothing is saved."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # a stopped process dies of it too
            self.process.wait(timeout=10)
        self.process = None


@contextlib.contextmanager
def celery_broker(url: str):
    """Point the test process's Celery app at `url`, not eager; restore it afterwards."""
    conf = celery_app.conf
    previous = (conf.broker_url, conf.task_always_eager)
    _drop_connections()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield celery_app
    finally:
        _drop_connections()
        conf.broker_url, conf.task_always_eager = previous


def _drop_connections() -> None:
    """Close and forget the pooled connections, so the next publish connects to the current
    URL (kombu keeps its pools in module-level registries; the app keeps references)."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
