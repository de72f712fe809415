"""Fixtures of the report tests: files in a temporary media root, Celery eager unless a test
starts a real worker."""

from __future__ import annotations

import pytest

from dewan.celery import app as celery_app


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager_celery():
    """Run tasks in-process (as on the embedded defaults), whatever REDIS_URL says."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
