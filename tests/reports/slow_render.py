"""Imported by the slow test worker only (worker_settings.CELERY_IMPORTS): every report render
sleeps SLOW_RENDER_SECONDS before it starts, which leaves time to kill the worker mid-render."""

import os
import time

from reports import services

_render = services.render_report_pdf


def _slow_render_report_pdf(**kwargs):
    time.sleep(float(os.environ.get("SLOW_RENDER_SECONDS", "30")))
    return _render(**kwargs)


services.render_report_pdf = _slow_render_report_pdf
