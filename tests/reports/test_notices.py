"""An evaluation report made ready tells the regency's secretariat and its own reviewers (not
every national reviewer: they find unread reports at the top of their national page)."""

from __future__ import annotations

from unittest import mock

import pytest

from dewan.core.calendar import Period
from dewan.core.models import Notification
from dewan.council.choices import Role
from reports import rendering, services
from reports.tasks import render_evaluation_report
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.reports.conftest import council_approver

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_reviewer(world):
    user = UserFactory(username="reviewer-sumut")
    RoleAssignmentFactory(user=user, role=Role.REVIEWER, regency=world.regency)
    return user


def test_a_ready_draft_tells_the_secretariat_and_the_approvers_not_the_reviewers(
        world, regional_reviewer, make_ready_report):
    approver = council_approver(world.regency)
    report = make_ready_report(world.regency, "2024-Q3")
    told = Notification.objects.filter(kind="reports.report_ready")
    assert {n.user for n in told} == {world.secretariat, approver}
    notice = told.first()
    assert "Draf" in notice.title and "Triwulan III Tahun 2024" in notice.title
    assert notice.link == report.get_absolute_url() and notice.regency == world.regency


def test_a_final_report_tells_the_secretariat_and_the_regencys_reviewers(
        world, regional_reviewer, make_final_report):
    report = make_final_report(world.regency, "2024-Q3")
    told = Notification.objects.filter(kind="reports.report_ready", title__contains="final")
    assert {n.user for n in told} == {world.secretariat, regional_reviewer}
    assert world.reviewer not in {n.user for n in told}  # national: no message per report
    notice = told.first()
    assert report.number in notice.body and notice.link == report.get_absolute_url()


def test_a_failed_render_tells_nobody(world, regional_reviewer):
    report = services.report_request(regency=world.regency, period=Period.parse("2024-Q3"),
                                     enqueue=False)
    with mock.patch.object(rendering, "render_report_pdf", side_effect=ValueError("rusak")):
        assert render_evaluation_report.apply(args=[report.pk]).get() == "failed"
    assert not Notification.objects.exists()


def test_a_render_that_lost_its_claim_tells_nobody(world):
    report = services.report_request(regency=world.regency, period=Period.parse("2024-Q3"),
                                     enqueue=False)
    stale = services.report_claim(report_id=report.pk)
    services.report_claim(report_id=report.pk, takeover=True)
    assert services.report_render(report_id=report.pk, token=stale) is False
    assert not Notification.objects.exists()
