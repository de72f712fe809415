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
