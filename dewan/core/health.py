"""/healthz: can this process serve? Asked by the compose health check and load balancers.

It checks what every page needs, each for real: the database (`SELECT 1`), the broker (a
Redis PING, or "eager" when tasks run in-process) and the file storage (a small probe file
written, read back and deleted through `default_storage`, local disk or object storage).
The answer is JSON with each check, 200 when all pass and 503 otherwise.

`HealthCheckMiddleware` stands first in MIDDLEWARE and answers the path itself: probes
arrive as http://127.0.0.1:8000/healthz, a host name ALLOWED_HOSTS rightly refuses, over
plain HTTP that an SSL redirect would bounce, and without a session.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
TIMEOUT_SECONDS = 2


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker: tasks run in-process after the commit
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=TIMEOUT_SECONDS,
                                  socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def check_storage() -> str:
    """Write, read back and delete a probe file: a unique name, so replicas never collide."""
    token = uuid.uuid4().hex.encode()
    name = default_storage.save(f"healthz/{token.decode()}.txt", ContentFile(token))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != token:
                raise OSError("the probe file read back differs from what was written")
    finally:
        default_storage.delete(name)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks() -> dict[str, dict]:
    """Run every check; a failure is reported by its exception's type (details go to the log,
    not to an unauthenticated caller)."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"ok": True, "detail": check()}
        except Exception as exc:
            logger.warning("health check %s failed", name, exc_info=True)
            result = {"ok": False, "detail": type(exc).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return results


def healthz(request: HttpRequest) -> HttpResponse:
    """The checks as JSON: 200 when every one passes, 503 otherwise. No login needed."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", "checks": checks},
                            status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer /healthz before any other middleware: before CommonMiddleware validates the Host
    header, SecurityMiddleware redirects to HTTPS, or a session is loaded."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
