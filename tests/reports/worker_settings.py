"""Settings of the *slow* test worker: the project's settings plus a module that makes a
report's first render attempt wait, so a test can kill the worker while a render is in
progress, and one that makes the master notice a killed pool process sooner (fast_pool.py).
Used only by tests/reports/test_worker.py through DJANGO_SETTINGS_MODULE of the worker
subprocess."""

from dewan.project.settings import *  # noqa: F403

CELERY_IMPORTS = ["tests.reports.slow_render", "tests.reports.fast_pool"]
