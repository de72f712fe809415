"""Imported by the slow test worker only (worker_settings.CELERY_IMPORTS): a report's *first*
render attempt waits SLOW_RENDER_SECONDS, which leaves time to kill the worker mid-render;
a taken-over render (attempt 2 and later) runs at full speed.

Where the first attempt waits alternates with the report's version, so the kills land at
different points of the render: odd versions wait before rendering, even versions render the
PDF (a kill on sight of RENDERING lands inside WeasyPrint) and wait before it is stored."""

import os
import time

from reports import rendering

_render = rendering.render_report_pdf


def _pause() -> None:
    time.sleep(float(os.environ.get("SLOW_RENDER_SECONDS", "30")))


def _slow_render_report_pdf(**kwargs):
    report = kwargs["report"]
    if report.attempts > 1:
        return _render(**kwargs)
    if report.version % 2:
        _pause()
        return _render(**kwargs)
    rendered = _render(**kwargs)
    _pause()
    return rendered


rendering.render_report_pdf = _slow_render_report_pdf
