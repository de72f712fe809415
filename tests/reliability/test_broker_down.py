"""The broker may be down: with the test's own redis-server killed, the secretariat's requests
are saved and answered at once, their tasks wait in the outbox, and once Redis is back the
outbox sweeper (beat) sends them and a real worker does the work. Also: invitations the mail
server refuses for a passing reason are retried by the worker with a growing countdown.

Needs PostgreSQL (the worker shares the test database) and the `redis-server` binary; the
machine's Redis (REDIS_URL) is not used. Figures: docs/reliability.md.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from dewan.core.models import OutboxMessage
from dewan.council.models import CouncilMember
from meetings.choices import DeliveryStatus
from meetings.models import InvitationDelivery
from reports.choices import RenderStatus
from reports.models import EvaluationReport
from tests.redis_server import RedisServer, celery_broker
from tests.reports.factories import build_year_of_work
from tests.reports.worker import celery_worker, require_postgres, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ADDRESSED = {
    "Drs. Hotman Lumban Gaol, M.Pd": "hotman@example.go.id",
    "Dr. Ratna Sari Dewi, S.Kom., M.T.": "ratna@example.go.id",
    'Ir. Ronald "Ucok" Sihombing': "ronald@example.go.id",
}


@pytest.fixture
def own_redis(tmp_path):
    require_postgres()
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def meeting(world):
    """A held meeting of a council whose first three members have addresses."""
    work = build_year_of_work(world.regency, programs=3, quarters=3, meetings=1)
    members = CouncilMember.objects.filter(regency=world.regency).order_by("order")
    for member, (name, address) in zip(members, ADDRESSED.items(), strict=False):
        member.name, member.email = name, address
        member.save()
    return work.meetings[0]


def worker_env(smtp_server, **more) -> dict:
    return {"DJANGO_SETTINGS_MODULE": "tests.reliability.worker_settings",
            "SWEEP_SECONDS": "1", "OUTBOX_GRACE_SECONDS": "1",
            "EMAIL_HOST": smtp_server.host, "EMAIL_PORT": str(smtp_server.port),
            "EMAIL_USE_TLS": "0", **more}


def timed_post(client, url, data=None):
    started = time.monotonic()
    response = client.post(url, data or {})
    return response, time.monotonic() - started


def shown_messages(client, url) -> list[str]:
    return [str(m) for m in client.get(url).context["messages"]]


def deliveries(meeting) -> dict[str, str]:
    return dict(InvitationDelivery.objects.filter(meeting=meeting)
                .values_list("address", "status"))


def test_with_redis_down_requests_are_saved_answered_and_delivered_once_it_is_back(
        world, meeting, own_redis, smtp_server, tmp_path, capsys):
    client = world.client_for(world.secretariat)
    slug = world.regency.slug
    with celery_broker(own_redis.url), \
            celery_worker(tmp_path, broker_url=own_redis.url, beat=True,
                          env=worker_env(smtp_server)) as worker:
        own_redis.stop()

        response, report_seconds = timed_post(client, reverse("reports:request", args=[slug]),
                                              {"period": "2024-Q3"})
        assert response.status_code == 302
        report = EvaluationReport.objects.get(regency=world.regency)
        assert report.status == RenderStatus.QUEUED
        assert response["Location"] == report.get_absolute_url()
        assert shown_messages(client, response["Location"]) == [
            "Laporan 2024-Q3 versi 1 masuk antrean."]

        invite_url = reverse("meetings:invite", args=[slug, meeting.pk])
        response, invite_seconds = timed_post(client, invite_url)
        assert response.status_code == 302
        assert set(deliveries(meeting).values()) == {DeliveryStatus.PENDING}
        assert shown_messages(client, response["Location"]) == [
            "Undangan masuk antrean dan akan dikirim ke 3 penerima, dengan lampiran "
            "kalender (.ics)."]

        kept = OutboxMessage.objects.order_by("pk")
        assert [(m.task, m.args) for m in kept] == [
            ("reports.tasks.render_evaluation_report", [report.pk]),
            ("meetings.send_invitations", [meeting.pk])]
        assert all(m.attempts == 1 and m.last_error for m in kept)

        own_redis.start()
        back = time.monotonic()
        wait_for(lambda: not OutboxMessage.objects.exists(), timeout=90,
                 what=f"outbox swept\n{worker.output()[-3000:]}")
        swept_seconds = time.monotonic() - back
        wait_for(lambda: set(deliveries(meeting).values()) == {DeliveryStatus.SENT},
                 timeout=90, what=f"invitations sent\n{worker.output()[-3000:]}")
        invited_seconds = time.monotonic() - back
        wait_for(lambda: EvaluationReport.objects.get(pk=report.pk).status
                 == RenderStatus.READY, timeout=90,
                 what=f"report ready\n{worker.output()[-3000:]}")
        ready_seconds = time.monotonic() - back

        # The report being ready is also news for the secretariat (an e-mail notice).
        wait_for(lambda: world.secretariat.email in
                 {a for r in smtp_server.received for a in r.rcpt_tos},
                 timeout=90, what=f"report-ready notice\n{worker.output()[-3000:]}")

    assert EvaluationReport.objects.filter(regency=world.regency).count() == 1
    received = {r.rcpt_tos[0]: r.message for r in smtp_server.received}
    assert sorted(received) == sorted([*ADDRESSED.values(), world.secretariat.email])
    assert "laporan evaluasi" in received[world.secretariat.email]["Subject"]
    for name, address in ADDRESSED.items():
        [to] = received[address]["To"].addresses
        assert (to.display_name, to.addr_spec) == (name, address)
    with capsys.disabled():
        print(f"\n[broker down] POST make report {report_seconds:.2f} s, POST invitations "
              f"{invite_seconds:.2f} s; after Redis came back: outbox empty "
              f"{swept_seconds:.1f} s, invitations accepted {invited_seconds:.1f} s, "
              f"report ready {ready_seconds:.1f} s")


def test_invitations_refused_for_a_passing_reason_are_retried_by_the_worker_with_backoff(
        world, meeting, own_redis, smtp_server, tmp_path):
    smtp_server.refuse("ratna@example.go.id", "451 4.7.1 Greylisted, coba lagi nanti",
                       times=2)
    client = world.client_for(world.secretariat)
    with celery_broker(own_redis.url), \
            celery_worker(tmp_path, broker_url=own_redis.url,
                          env=worker_env(smtp_server, INVITATION_RETRY_SECONDS="1")) as worker:
        response = client.post(reverse("meetings:invite", args=[world.regency.slug,
                                                                meeting.pk]))
        assert response.status_code == 302
        wait_for(lambda: set(deliveries(meeting).values()) == {DeliveryStatus.SENT},
                 timeout=60, what=f"every invitation accepted\n{worker.output()[-3000:]}")
        log = worker.output()
    retried = InvitationDelivery.objects.get(meeting=meeting, address="ratna@example.go.id")
    assert retried.attempts == 3
    assert "Retry in 1s" in log and "Retry in 2s" in log  # the countdown doubles
    assert sorted(a for r in smtp_server.received for a in r.rcpt_tos) == sorted(
        ADDRESSED.values())  # those accepted the first time got it once
