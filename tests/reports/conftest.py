"""Fixtures of the report tests: files in a temporary media root, Celery eager unless a test
starts a real worker."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users of `world` get a password; the production hasher costs ~0.2 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_ready_report():
    """Make a report synchronously (the task's own code, in-process) and return it ready."""

    def make(regency, period="2024-Q3"):
        from dewan.core.calendar import Period
        from reports.services import report_request
        from reports.tasks import render_evaluation_report

        report = report_request(regency=regency, period=Period.parse(period), enqueue=False)
        assert render_evaluation_report.apply(args=[report.pk]).get() == "ready"
        report.refresh_from_db()
        return report

    return make


@pytest.fixture
def make_final_report(make_ready_report):
    """Make a report, have the council's secretary approve it and render its final version
    (in-process); return the final version. The regency gets a decree in force and a
    secretary with an account when it has none."""

    def make(regency, period="2024-Q3"):
        from reports.services import report_approve
        from reports.tasks import render_evaluation_report

        approver = council_approver(regency)
        draft = make_ready_report(regency, period)
        final = report_approve(report=draft, by=approver, enqueue=False)
        assert render_evaluation_report.apply(args=[final.pk]).get() == "ready"
        final.refresh_from_db()
        return final

    return make


def council_approver(regency):
    """The user seated as the council's secretary under the decree in force (made if none)."""
    from dewan.council.choices import CouncilRole
    from dewan.council.selectors import decree_in_force, member_in_role
    from tests.factories import CouncilMemberFactory, DecreeFactory, UserFactory

    member = member_in_role(regency=regency, role=CouncilRole.SECRETARY)
    if member is None:
        decree = decree_in_force(regency=regency) or DecreeFactory(regency=regency)
        member = CouncilMemberFactory(regency=regency, decree=decree,
                                      council_role=CouncilRole.SECRETARY)
    if member.user is None:
        member.user = UserFactory()
        member.save(update_fields=["user"])
    if member_in_role(regency=regency, role=regency.report_signatory) is None:
        CouncilMemberFactory(regency=regency, decree=member.decree,
                             council_role=regency.report_signatory)
    return member.user
