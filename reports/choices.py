"""Constants of the periodic evaluation reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUARTERLY = "triwulan", _("Triwulanan")
    ANNUAL = "tahunan", _("Tahunan")


class RenderStatus(models.TextChoices):
    QUEUED = "antre", _("Dalam antrean")
    RENDERING = "diproses", _("Sedang dibuat")
    READY = "siap", _("Siap")
    FAILED = "gagal", _("Gagal")


# The ministry's five evaluation dimensions (DOMAIN.md).
EVALUATION_DIMENSIONS = [
    ("baseline", _("Baseline")),
    ("output", _("Output")),
    ("outcome", _("Outcome")),
    ("impact", _("Impact")),
    ("quick_win", _("Quick Win")),
]


# A render not finished this long after it started is presumed dead: its row may be claimed
# again (by the stale-report sweeper or a later delivery). Far above a real render's time.
RENDER_LEASE_SECONDS = 15 * 60
# A report whose worker keeps dying (e.g. killed for memory every time) is not retried forever.
MAX_RENDER_ATTEMPTS = 5
# Transient failures (database or storage briefly away) are retried this many times.
MAX_TRANSIENT_RETRIES = 3
