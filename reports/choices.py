"""Constants of the periodic evaluation reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dewan.core import calendar


class ReportKind(models.TextChoices):
    QUARTERLY = calendar.QUARTERLY, _("Triwulanan")
    ANNUAL = calendar.ANNUAL, _("Tahunan")


# What the secretariat writes for a period, overall (EvaluationSummary) and per dimension
# (DimensionFinding): the fields of both, in the order they are shown and printed.
FINDING_FIELDS = ("strengths", "weaknesses", "recommendations")


class RenderStatus(models.TextChoices):
    QUEUED = "antre", _("Dalam antrean")
    RENDERING = "diproses", _("Sedang dibuat")
    READY = "siap", _("Siap")
    FAILED = "gagal", _("Gagal")


class ReportStage(models.TextChoices):
    """A version is a draft until the council's chair or secretary approves it; approval
    numbers it and renders the final document (with its QR code)."""

    DRAFT = "draf", _("Draf")
    FINAL = "final", _("Final")


# A report whose worker keeps dying (e.g. killed for memory every time) is not retried forever.
MAX_RENDER_ATTEMPTS = 5
# Transient failures (database or storage briefly away) are retried this many times.
MAX_TRANSIENT_RETRIES = 3
