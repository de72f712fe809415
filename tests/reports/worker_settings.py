"""Settings of the *slow* test worker: the project's settings plus a module that makes every
render wait first, so a test can kill the worker while a render is in progress. Used only by
tests/reports/test_worker.py through DJANGO_SETTINGS_MODULE of the worker subprocess."""

from dewan.settings import *  # noqa: F403

CELERY_IMPORTS = ["tests.reports.slow_render"]
