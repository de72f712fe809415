"""Who is told of progress reports: the secretariat of a submission, the agency of a return
(with the comment) or a verification; the agency of a near deadline, in the portal too. A
returned report of an earlier quarter is not hidden behind the period picker."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from dewan.core.models import Notification, NotificationPreference
from programs.choices import ReportStatus
from programs.periods import period_ensure
from programs.reminders import reminders_send
from tests.programs.conftest import attach, make_report
from tests.programs.factories import pdf

pytestmark = pytest.mark.django_db


def _told(kind: str) -> list[tuple[object, str]]:
    return [(n.user, n.title) for n in Notification.objects.filter(kind=kind)]


def test_submitting_tells_the_regencys_secretariat(world, program, period):
    client = world.client_for(world.opd)
    client.post(reverse("programs:report_new", args=[world.regency.slug, program.pk,
                                                     period.year, period.quarter]),
                {"physical_progress": "40", "budget_realised": "0", "action": "submit",
                 "evidence": pdf()})
    [(user, title)] = _told("programs.report_submitted")
    assert user == world.secretariat
    assert "KOM-01" in title and "Kominfo" in title
    assert _told("programs.report_returned") == []


def test_a_refused_submission_tells_nobody(world, program, period):
    client = world.client_for(world.opd)
    response = client.post(reverse("programs:report_new", args=[world.regency.slug, program.pk,
                                                                period.year, period.quarter]),
                           {"physical_progress": "40", "budget_realised": "0",
                            "action": "submit"})  # no evidence: refused, rolled back
    assert response.status_code == 400
    assert not Notification.objects.exists()


def test_returning_tells_the_agency_with_the_comment_and_links_to_the_form(world, program,
                                                                           period):
    report = make_report(program, period, ReportStatus.SUBMITTED)
    attach(report)
    world.client_for(world.secretariat).post(
        reverse("programs:report_return", args=[world.regency.slug, report.pk]),
        {"version": report.version, "comment": "Lampirkan foto lokasi."})
    [notice] = Notification.objects.filter(kind="programs.report_returned")
    assert notice.user == world.opd
    assert "Lampirkan foto lokasi." in notice.body
    assert notice.link == reverse("programs:report_edit", args=[world.regency.slug, report.pk])


def test_verifying_tells_the_agency_only(world, program, other_program, period):
    report = make_report(program, period, ReportStatus.SUBMITTED)
    world.client_for(world.secretariat).post(
        reverse("programs:report_verify", args=[world.regency.slug, report.pk]),
        {"version": report.version})
    assert [user for user, _title in _told("programs.report_verified")] == [world.opd]


def test_a_returned_report_of_the_previous_quarter_shows_on_this_quarters_page(world, program,
                                                                               period):
    earlier = period_ensure(regency=world.regency, period=period.period.previous())
    make_report(program, earlier, ReportStatus.RETURNED,
                review_comment="Realisasi anggaran belum sesuai SP2D.")
    page = world.client_for(world.opd).get(reverse("programs:quarter",
                                                   args=[world.regency.slug]))
    text = page.content.decode()
    box = text.split("returned-elsewhere", 1)[1].split("quarter-table", 1)[0]
    assert "Realisasi anggaran belum sesuai SP2D." in box and "KOM-01" in box
    assert world.client_for(world.other_opd).get(reverse(
        "programs:quarter", args=[world.regency.slug])).content.decode().count(
        "Realisasi anggaran belum sesuai SP2D.") == 0


def test_the_deadline_reminder_is_also_an_in_app_notification(world, program):
    day = datetime.date(2025, 7, 5)
    assert reminders_send(regency_id=world.regency.pk, today=day) == 1
    [notice] = Notification.objects.filter(kind="programs.deadline")
    assert notice.user == world.opd and "KOM-01" in notice.body
    assert notice.link.endswith("?periode=2025-Q2")
    assert notice.email_status == ""  # the reminder letter is the e-mail


def test_a_user_who_switched_the_deadline_email_off_gets_no_letter(world, program):
    from django.core import mail

    NotificationPreference.objects.create(user=world.opd, kind="programs.deadline",
                                          email=False)
    assert reminders_send(regency_id=world.regency.pk, today=datetime.date(2025, 7, 5)) == 1
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.opd, kind="programs.deadline").exists()


def test_notices_are_written_in_indonesian_whatever_the_language_of_the_actor(world, program,
                                                                            period):
    from django.utils import translation

    from programs import services

    report = make_report(program, period, ReportStatus.SUBMITTED)
    with translation.override("en"), transaction.atomic():
        services.report_return(report_id=report.pk, expected_version=report.version,
                               actor=world.secretariat, comment="Kurang foto.")
    notice = Notification.objects.get()
    assert "dikembalikan" in notice.title and "Catatan sekretariat" in notice.body
