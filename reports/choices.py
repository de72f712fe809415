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


class EvaluationAspect(models.TextChoices):
    """The ministry's five evaluation dimensions of a region (scored 0–5 each); the index is
    their weighted sum with the weights of the evaluation year (`EvaluationYear`)."""

    BASELINE = "baseline", _("Baseline")
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")
    QUICK_WIN = "quick_win", _("Quick Win")


class AssessmentSource(models.TextChoices):
    """Who scored: the regency itself, or the ministry's assessors (whose scores, entered for
    earlier years from the published results, are the official ones)."""

    SELF = "mandiri", _("Penilaian mandiri")
    ASSESSOR = "asesor", _("Penilaian asesor")


SCORE_MIN, SCORE_MAX = 0, 5
