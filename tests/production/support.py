"""Helpers of the production tests: the Dockerfile read as steps, free ports, gunicorn and an
S3-compatible server (moto in server mode) as real processes or threads on this machine."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Dockerfile:
    """The ENV variables and the RUN commands (split on `&&`) of the production image."""

    env: dict[str, str]
    runs: list[str]

    @classmethod
    def read(cls, path: Path = ROOT / "Dockerfile") -> Dockerfile:
        env, runs = {}, []
        for line in path.read_text().replace("\\\n", " ").splitlines():
            instruction, _, rest = line.strip().partition(" ")
            if instruction == "ENV":
                env |= dict(item.split("=", 1) for item in shlex.split(rest))
            elif instruction == "RUN":
                runs += [command.strip() for command in rest.split("&&")]
        return cls(env, runs)

    def run_containing(self, text: str) -> str:
        (command,) = [run for run in self.runs if text in run]
        return command


def image_environment(**extra: str) -> dict[str, str]:
    """The environment of a build step: the image's ENV and nothing of this machine's
    (no DATABASE_URL, no REDIS_URL: a docker build has none), `python` from our venv."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
            **Dockerfile.read().env, **extra}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.1, what: str = ""):
    """Poll until predicate() is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def production_env(**extra: str) -> dict[str, str]:
    """The variables docker-compose.yml gives the app, pointed at this machine."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"),
            "PYTHONPATH": str(ROOT), "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "production-test-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "portal.example.go.id", **extra}


class Gunicorn:
    """A gunicorn process serving the portal on a free port, as the image's CMD runs it."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 1):
        self.port = free_port()
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "dewan.project.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                 "--access-logfile", "-"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_serving(self, timeout: float = 30) -> None:
        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited early:\n{self.output()}")
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
            except urllib.error.HTTPError:
                return True  # it answers, healthy or not
            except OSError:
                return False
            return True
        wait_for(answers, timeout=timeout, what=f"gunicorn on {self.url}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


@contextlib.contextmanager
def gunicorns(envs: list[dict[str, str]], log_dir: Path):
    """Start one gunicorn per environment (in parallel), wait until all serve, stop them."""
    servers = [Gunicorn(env, log_dir / f"gunicorn-{n}.log") for n, env in enumerate(envs)]
    try:
        for server in servers:
            server.wait_until_serving()
        yield servers
    finally:
        for server in servers:
            server.stop()
