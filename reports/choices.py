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
