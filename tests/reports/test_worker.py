"""A real Celery worker process on Redis makes the reports: end to end, once, even when killed."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import time

import pytest
import redis
from pypdf import PdfReader

from dewan.core.calendar import Period
from dewan.project.celery import app as celery_app
from reports.choices import RenderStatus
from reports.models import EvaluationReport
from reports.services import report_request, reports_requeue_stale
from reports.tasks import render_evaluation_report
from tests.factories import RegencyFactory
from tests.reports.factories import build_year_of_work
from tests.reports.worker import celery_worker, purge_broker, require_redis, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Q3 = Period.parse("2024-Q3")


@pytest.fixture
def broker():
    url = require_redis()
    purge_broker(url)
    yield redis.Redis.from_url(url)
    purge_broker(url)


def status_of(report) -> str:
    report.refresh_from_db()
    return report.status


def pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_worker_makes_the_report_end_to_end_and_ignores_repeated_deliveries(broker, tmp_path):
    regency = RegencyFactory(name="Humbang Hasundutan", slug="humbang-hasundutan")
    build_year_of_work(regency, programs=7, quarters=3, meetings=3)
    with celery_worker(tmp_path) as worker:
        report = report_request(regency=regency, period=Q3)  # sent on commit
        wait_for(lambda: status_of(report) == RenderStatus.READY, what="ready report")
        text = pdf_text(report)
        assert "Kabupaten Humbang Hasundutan" in text
        assert "Triwulan III Tahun 2024" in text
        assert "Jumlah: 7 program" in text
        assert report.page_count == len(PdfReader(report.pdf.path).pages)
        first = (report.sha256, report.pdf.name, report.attempts)

        render_evaluation_report.delay(report.pk)
        render_evaluation_report.delay(report.pk)
        wait_for(lambda: worker.output().count("nothing to claim") == 2, timeout=30,
                 what="both repeated deliveries handled")
    report.refresh_from_db()
    assert (report.sha256, report.pdf.name, report.attempts) == first
    assert EvaluationReport.objects.filter(regency=regency).count() == 1
    assert len(os.listdir(os.path.dirname(report.pdf.path))) == 1


def test_a_worker_killed_mid_render_still_ends_with_exactly_one_ready_report(broker, tmp_path):
    regency = RegencyFactory(name="Deli Serdang", slug="deli-serdang")
    build_year_of_work(regency, programs=5, quarters=3, meetings=2)
    with celery_worker(tmp_path, slow_seconds=60) as slow:
        report = report_request(regency=regency, period=Q3)
        wait_for(lambda: status_of(report) == RenderStatus.RENDERING, what="render started")
        # Stop the slow worker from taking new messages, then kill its pool process mid-render:
        # acks_late + reject_on_worker_lost put the message back, marked redelivered.
        celery_app.control.cancel_consumer("reports", destination=[slow.name], reply=True)
        os.kill(slow.child_pid(), signal.SIGKILL)
        wait_for(lambda: broker.llen("reports") == 1, timeout=20, what="message requeued")
        assert status_of(report) == RenderStatus.RENDERING  # the dead render left it so
        with celery_worker(tmp_path):
            wait_for(lambda: status_of(report) == RenderStatus.READY, what="report taken over")
    reports = EvaluationReport.objects.filter(regency=regency, year=2024, quarter=3)
    assert [(r.status, r.version, r.attempts) for r in reports] == [(RenderStatus.READY, 1, 2)]
    assert "Deli Serdang" in pdf_text(reports[0])
    assert len(os.listdir(os.path.dirname(reports[0].pdf.path))) == 1


KILLS = 20
WHOLE_WORKER_EVERY = 5  # every 5th kill takes the whole worker, not just its pool process


def test_twenty_requests_each_killed_mid_render_end_with_one_ready_report_each(
        broker, tmp_path, settings, capsys):
    """20 kills in a row, one per request (a new version of the report each time).

    Most kills are a SIGKILL of the pool process on sight of RENDERING: the master starts a
    new one and the requeued, redelivered message is taken over. Every 5th kill is the whole
    worker (its process group): its message stays unacknowledged in Redis, so a new worker
    is started and the stale-report sweeper (run here as beat would, once the render lease
    has passed) sends the row again. Each request ends READY exactly once, on its second
    attempt, with one stored file; nothing is left in the queue.

    One request is killed once, not 20 times: a row whose worker dies MAX_RENDER_ATTEMPTS
    times is failed on purpose (reports/choices.py).
    """
    settings.REPORTS_RENDER_LEASE_SECONDS = 1
    lease = {"REPORTS_RENDER_LEASE_SECONDS": "1"}
    regency = RegencyFactory(name="Toba", slug="toba")
    build_year_of_work(regency, programs=3, quarters=3, meetings=1)
    cycles, victims, whole = [], set(), 0
    with contextlib.ExitStack() as workers:
        worker = workers.enter_context(celery_worker(tmp_path, slow_seconds=30, env=lease))
        for n in range(1, KILLS + 1):
            started = time.monotonic()
            report = report_request(regency=regency, period=Q3)
            assert report.version == n
            wait_for(lambda r=report: status_of(r) == RenderStatus.RENDERING, timeout=30,
                     interval=0.02, what=f"render {n} started\n{worker.output()[-2000:]}")
            if n % WHOLE_WORKER_EVERY:
                victim = worker.child_pid()
                os.kill(victim, signal.SIGKILL)
            else:
                victim = worker.process.pid
                os.killpg(victim, signal.SIGKILL)
                worker.process.wait(timeout=10)
                whole += 1
                worker = workers.enter_context(celery_worker(tmp_path, slow_seconds=30,
                                                             env=lease))
                wait_for(lambda r=report: reports_requeue_stale() == [r.pk], timeout=30,
                         what=f"report {n} past its lease and sent again")
            victims.add(victim)
            wait_for(lambda r=report: status_of(r) == RenderStatus.READY, timeout=60,
                     interval=0.05, what=f"report {n} taken over\n{worker.output()[-2000:]}")
            cycles.append(time.monotonic() - started)
        assert worker.process.poll() is None
    reports = list(EvaluationReport.objects.filter(regency=regency).order_by("version"))
    assert [(r.version, r.status, r.attempts) for r in reports] == [
        (n, RenderStatus.READY, 2) for n in range(1, KILLS + 1)]
    assert len(victims) == KILLS  # a fresh process every time
    stored = sorted(os.listdir(os.path.dirname(reports[0].pdf.path)))
    assert stored == sorted(os.path.basename(r.pdf.name) for r in reports)
    assert broker.llen("reports") == 0
    # What remains unacknowledged is the dead workers' messages: redelivered later, each finds
    # its report READY and does nothing (test_worker_makes_the_report_end_to_end...).
    assert broker.hlen("unacked") <= whole
    with capsys.disabled():
        print(f"\n[kill loop] {KILLS} requests, {KILLS} kills mid-render ({KILLS - whole} pool "
              f"processes, {whole} whole workers): {len(reports)} ready reports, none failed "
              f"or made twice; request to ready median {statistics.median(cycles):.1f} s, "
              f"max {max(cycles):.1f} s, total {sum(cycles):.0f} s")
