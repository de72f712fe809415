"""Reminders: OPD heads whose reports are still missing get one e-mail per period, some days
before the deadline."""

import datetime

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from dewan.council.choices import Role
from dewan.project.celery import app as celery_app
from programs import tasks
from programs.choices import REMINDER_DAYS_BEFORE, ReportStatus
from programs.models import ReminderLog
from programs.periods import current_period
from programs.reminders import reminders_send
from programs.schedules import REMINDER_TASK, REMINDER_TASK_NAME
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.programs.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def days_before(world):
    """A day inside the reminder window of the regency's then-current period."""
    day = datetime.date(2025, 7, 5)  # Q2 2025 ends 30 June, deadline 10 July
    assert (current_period(world.regency, day).deadline - day).days <= REMINDER_DAYS_BEFORE
    return day


def test_opd_heads_with_missing_reports_are_reminded_once(world, program, other_program,
                                                         days_before):
    period = current_period(world.regency, days_before)
    make_report(other_program, period, ReportStatus.SUBMITTED)
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 1
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 0
    assert reminders_send(regency_id=world.regency.pk,
                          today=days_before + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.opd.email]
    assert "Triwulan II 2025" in message.subject and "10 Juli 2025" in message.subject
    assert "KOM-01 — Aplikasi layanan terpadu" in message.body
    assert "/r/humbang-uji/program/triwulan-ini/" in message.body
    assert ReminderLog.objects.get().agency == world.agency


def test_drafts_and_returned_reports_still_count_as_missing(world, program, days_before):
    period = current_period(world.regency, days_before)
    make_report(program, period, ReportStatus.RETURNED)
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 1


def test_no_reminder_long_before_or_after_the_deadline(world, program):
    for day in (datetime.date(2025, 6, 1), datetime.date(2025, 7, 11)):
        assert reminders_send(regency_id=world.regency.pk, today=day) == 0
    assert mail.outbox == []


def test_every_opd_user_of_the_agency_and_its_address_receive_it(world, program, days_before):
    operator = UserFactory(username="operator", email="operator@kominfo.go.id")
    RoleAssignmentFactory(user=operator, role=Role.OPD, regency=world.regency,
                          agency=world.agency)
    world.agency.email = "kominfo@humbang.go.id"
    world.agency.save()
    reminders_send(regency_id=world.regency.pk, today=days_before)
    # one message each: an address the server refuses cannot hide the others' delivery
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.opd.email, "operator@kominfo.go.id", "kominfo@humbang.go.id"])


def test_a_reminder_no_address_accepted_leaves_no_log_so_the_next_run_tries_again(
        world, program, days_before, smtp_server):
    smtp_server.refuse(world.opd.email, "451 4.3.0 Coba lagi nanti")
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 0
    assert not ReminderLog.objects.exists()
    smtp_server.accept_all()
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [[world.opd.email]]
    assert "Triwulan II 2025" in smtp_server.received[0].message["Subject"]


def test_one_refused_address_does_not_stop_the_others_and_the_log_says_who_got_it(
        world, program, days_before, smtp_server):
    world.agency.email = "tidak-ada@humbang.go.id"
    world.agency.save()
    smtp_server.refuse("tidak-ada@humbang.go.id", "550 5.1.1 User unknown")
    assert reminders_send(regency_id=world.regency.pk, today=days_before) == 1
    assert [r.rcpt_tos for r in smtp_server.received] == [[world.opd.email]]
    assert ReminderLog.objects.get().recipients == world.opd.email


def test_the_beat_task_reminds_every_regency(world, program, monkeypatch, days_before,
                                            django_capture_on_commit_callbacks):
    monkeypatch.setattr("dewan.council.models.Regency.local_today", lambda self: days_before)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # run in-process
    with django_capture_on_commit_callbacks(execute=True):  # the per-regency tasks
        assert tasks.send_report_reminders.delay().get() == 2  # one task per regency
    assert len(mail.outbox) == 1


def test_the_reminder_is_in_the_beat_schedule():
    task = PeriodicTask.objects.get(name=REMINDER_TASK_NAME)
    assert task.task == REMINDER_TASK and task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
