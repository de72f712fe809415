"""How reports are made: claimed once, fenced, versioned, retried, scheduled."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from dewan.core.calendar import Period, PeriodError, last_closed_quarter
from dewan.core.errors import DomainError
from dewan.project.celery import app as celery_app
from programs.models import ReportingPeriod
from reports import rendering, services
from reports.choices import MAX_RENDER_ATTEMPTS, RenderStatus, ReportKind
from reports.models import EvaluationReport
from reports.tasks import render_evaluation_report
from tests.factories import EvaluationReportFactory, RegencyFactory
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db

Q3 = Period.parse("2024-Q3")


@pytest.fixture
def regency():
    regency = RegencyFactory(name="Labuhanbatu Utara", slug="labura")
    build_year_of_work(regency, programs=3, quarters=3, meetings=1)
    return regency


def test_periods_parse_and_describe_themselves():
    assert Period.parse("2024-Q3") == Period(ReportKind.QUARTERLY, 2024, 3)
    assert Period.parse("2024").kind == ReportKind.ANNUAL
    assert Period.parse("2024-Q4").end == datetime.date(2024, 12, 31)
    assert Period.parse("2024-Q1").label == "Triwulan I Tahun 2024"
    assert last_closed_quarter(datetime.date(2025, 1, 15)) == Period.parse("2024-Q4")
    assert last_closed_quarter(datetime.date(2025, 8, 1)) == Period.parse("2025-Q2")
    for bad in ("2024-Q5", "24", "2024-3", ""):
        with pytest.raises(PeriodError):
            Period.parse(bad)


def test_the_task_is_sent_only_after_the_request_commits(regency,
                                                       django_capture_on_commit_callbacks):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with mock.patch.object(celery_app, "send_task") as send:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                report = services.report_request(regency=regency, period=Q3)
                send.assert_not_called()
            for callback in callbacks:  # the task's sending, and the pages' version moving
                callback()
    finally:
        celery_app.conf.task_always_eager = eager
    send.assert_called_once_with(render_evaluation_report.name, args=[report.pk])


def test_a_second_delivery_of_a_made_report_does_nothing(regency, make_ready_report):
    report = make_ready_report(regency)
    assert render_evaluation_report.apply(args=[report.pk]).get() == "skipped"
    redelivered = render_evaluation_report.apply(args=[report.pk],
                                                 delivery_info={"redelivered": True})
    assert redelivered.get() == "skipped"
    again = EvaluationReport.objects.get(pk=report.pk)
    assert (again.attempts, again.sha256, again.pdf.name) == (1, report.sha256, report.pdf.name)


def test_a_rendering_report_is_left_alone_unless_redelivered_or_past_its_lease(regency):
    report = services.report_request(regency=regency, period=Q3, enqueue=False)
    assert services.report_claim(report_id=report.pk) == 1
    assert services.report_claim(report_id=report.pk) is None  # a duplicate message
    assert services.report_claim(report_id=report.pk, takeover=True) == 2  # its holder died
    EvaluationReport.objects.filter(pk=report.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=1))
    assert services.report_claim(report_id=report.pk) == 3  # a dead render, message lost


def test_a_render_that_lost_its_claim_cannot_overwrite_the_report(regency, media_root):
    report = services.report_request(regency=regency, period=Q3, enqueue=False)
    stale = services.report_claim(report_id=report.pk)
    fresh = services.report_claim(report_id=report.pk, takeover=True)
    assert services.report_render(report_id=report.pk, token=stale) is False
    assert services.report_render(report_id=report.pk, token=fresh) is True
    report.refresh_from_db()
    assert report.status == RenderStatus.READY and report.attempts == fresh
    assert len(list((media_root / "reports" / "2024").iterdir())) == 1


def test_a_report_whose_worker_keeps_dying_is_given_up(regency):
    report = services.report_request(regency=regency, period=Q3, enqueue=False)
    EvaluationReport.objects.filter(pk=report.pk).update(status=RenderStatus.RENDERING,
                                                         attempts=MAX_RENDER_ATTEMPTS)
    assert services.report_claim(report_id=report.pk, takeover=True) is None
    report.refresh_from_db()
    assert report.status == RenderStatus.FAILED and "berulang" in report.failure_reason


def test_transient_failures_are_retried_then_the_report_is_made(regency, eager_celery):
    report = services.report_request(regency=regency, period=Q3, enqueue=False)
    real = rendering.render_report_pdf
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    # Run in-process, Celery's retry re-runs the task at once (in a worker: after a backoff).
    celery_app.conf.task_eager_propagates = False
    try:
        with mock.patch.object(rendering, "render_report_pdf", flaky):
            render_evaluation_report.apply(args=[report.pk])
    finally:
        celery_app.conf.task_eager_propagates = True
    report.refresh_from_db()
    assert len(calls) == 3 and report.status == RenderStatus.READY and report.attempts == 3


def test_a_broken_render_fails_with_its_reason(regency):
    report = services.report_request(regency=regency, period=Q3, enqueue=False)
    with mock.patch.object(rendering, "render_report_pdf", side_effect=ValueError("rusak")):
        assert render_evaluation_report.apply(args=[report.pk]).get() == "failed"
    report.refresh_from_db()
    assert report.status == RenderStatus.FAILED and report.failure_reason == "ValueError: rusak"


def test_making_again_adds_a_version_but_not_while_one_is_in_flight(regency,
                                                                    make_ready_report):
    first = make_ready_report(regency)
    second = services.report_request(regency=regency, period=Q3, enqueue=False)
    assert second.version == 2
    assert services.report_request(regency=regency, period=Q3, enqueue=False) == second
    assert services.report_request(regency=regency, period=Q3, only_if_missing=True) is None
    first.refresh_from_db()
    assert first.status == RenderStatus.READY


def test_a_period_that_has_not_started_cannot_be_asked_for(regency):
    future = Period(ReportKind.QUARTERLY, regency.local_today().year + 1, 1)
    with pytest.raises(DomainError):
        services.report_request(regency=regency, period=future)


def test_schedule_makes_last_quarter_after_its_deadline_once(regency):
    ReportingPeriod.objects.create(regency=regency, year=2024, quarter=3,
                                   deadline=datetime.date(2024, 10, 10))
    before = datetime.datetime(2024, 10, 10, 12, tzinfo=regency.tzinfo)
    after = datetime.datetime(2024, 10, 11, 3, tzinfo=regency.tzinfo)
    with mock.patch.object(services, "_send_render"):
        assert services.reports_request_due(now=before) == []
        made = services.reports_request_due(now=after)
        assert [(r.regency, r.period_label) for r in made] == [(regency, "2024-Q3")]
        assert services.reports_request_due(now=after) == []  # daily runs are harmless


def test_schedule_makes_the_annual_report_in_january(regency):
    january = datetime.datetime(2025, 1, 20, 3, tzinfo=regency.tzinfo)
    with mock.patch.object(services, "_send_render"):
        made = services.reports_request_due(now=january)
    assert sorted(r.period_label for r in made) == ["2024", "2024-Q4"]


def test_the_stale_sweeper_sends_lost_reports_again(regency):
    old = timezone.now() - datetime.timedelta(hours=2)
    lost = EvaluationReportFactory(regency=regency, status=RenderStatus.RENDERING,
                                   started_at=old, attempts=1)
    EvaluationReportFactory(regency=regency, quarter=2)  # just queued, not stale
    with mock.patch.object(services, "_send_render") as send:
        assert services.reports_requeue_stale() == [lost.pk]
    send.assert_called_once_with(lost.pk)


def test_the_beat_schedule_lives_in_the_database():
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"reports.tasks.make_due_reports", "reports.tasks.requeue_stale_reports"} <= tasks
