"""A real Celery worker process on Redis makes the reports: end to end, once, even when killed."""

from __future__ import annotations

import os
import signal

import pytest
import redis
from pypdf import PdfReader

from dewan.celery import app as celery_app
from reports.choices import RenderStatus
from reports.models import EvaluationReport
from reports.periods import Period
from reports.services import report_request
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
