"""A Redis that is there but never answers (a network partition, a hung server) must not hold
a user's request: the broker's socket timeouts end the publish, the task waits in the outbox.
Nothing of the portal reads the Django cache, so a dead cache Redis leaves pages working.

No worker and no redis-server needed: the silent broker is a socket that accepts and says
nothing. Figures: docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time

import pytest
from django.urls import reverse

from dewan.core.models import OutboxMessage
from reports.choices import RenderStatus
from reports.models import EvaluationReport
from tests.redis_server import RedisServer, celery_broker
from tests.smtp import free_port

# Far above the settings' bound (about 2 s); a request that hangs is cut here and fails.
HANG_LIMIT_SECONDS = 15


@contextlib.contextmanager
def silent_server():
    """A TCP server that accepts connections and never answers; yields its port."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)
    listener.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@contextlib.contextmanager
def fail_if_longer_than(seconds: int):
    def hung(signum, frame):
        raise AssertionError(f"the request hung for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.django_db(transaction=True)
def test_a_silent_broker_does_not_hold_the_request_and_the_task_waits_in_the_outbox(
        world, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = world.client_for(world.secretariat)
    url = reverse("reports:request", args=[world.regency.slug])
    with silent_server() as port, celery_broker(f"redis://127.0.0.1:{port}/0"), \
            fail_if_longer_than(HANG_LIMIT_SECONDS):
        started = time.monotonic()
        response = client.post(url, {"period": "2024-Q3"})
        seconds = time.monotonic() - started
    assert response.status_code == 302
    report = EvaluationReport.objects.get(regency=world.regency)
    assert report.status == RenderStatus.QUEUED
    [kept] = OutboxMessage.objects.all()
    assert (kept.task, kept.args, kept.attempts) == (
        "reports.tasks.render_evaluation_report", [report.pk], 1)
    assert "Timeout" in kept.last_error
    with capsys.disabled():
        print(f"\n[silent broker] POST make report answered in {seconds:.2f} s")


@pytest.mark.django_db(transaction=True)
def test_a_frozen_broker_holds_requests_a_few_seconds_and_their_tasks_wait_in_the_outbox(
        world, settings, tmp_path, capsys):
    """Redis hangs (SIGSTOP) while the web process holds a pooled connection to it: the first
    publish waits on that connection, retries once on a new one, and gives up."""
    settings.MEDIA_ROOT = tmp_path / "media"
    server = RedisServer(tmp_path)
    server.start()
    client = world.client_for(world.secretariat)
    url = reverse("reports:request", args=[world.regency.slug])
    seconds = []
    try:
        with celery_broker(server.url) as app, fail_if_longer_than(HANG_LIMIT_SECONDS):
            app.send_task("core.send_outbox")  # a pooled connection, as in a running server
            server.freeze()
            for period in ("2024-Q2", "2024-Q3"):
                started = time.monotonic()
                assert client.post(url, {"period": period}).status_code == 302
                seconds.append(time.monotonic() - started)
    finally:
        server.stop()
    assert EvaluationReport.objects.filter(regency=world.regency).count() == 2
    assert OutboxMessage.objects.filter(attempts=1).count() == 2
    with capsys.disabled():
        print(f"\n[frozen broker] POST make report answered in {seconds[0]:.2f} s (pooled "
              f"connection), then {seconds[1]:.2f} s")


@pytest.mark.django_db
def test_pages_answer_when_the_cache_redis_is_away(world, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nobody listens
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    from tests.factories import ProgramFactory

    program = ProgramFactory(regency=world.regency, agency=world.agency,
                             name="Jaringan Desa Pakkat, Tahap Ⅱ")
    client = world.client_for(world.secretariat)
    slug = world.regency.slug
    for url in ["/", reverse("home:dashboard", args=[slug]),
                reverse("meetings:list", args=[slug]), reverse("programs:list", args=[slug]),
                reverse("reports:list", args=[slug])]:
        assert client.get(url, follow=True).status_code == 200, url
    # The program list keeps its rows in the cache: with the cache away they are drawn.
    assert program.name in client.get(reverse("programs:list", args=[slug])).content.decode()
    # The national overview keeps its heavy figures in the cache: with the cache away it
    # computes them and answers all the same.
    assert world.client_for(world.reviewer).get(reverse("national:overview")).status_code == 200
