"""Periodic evaluation reports (immutable PDF snapshots, and who downloaded them), and the
ministry's evaluation index: the weights of each evaluation year and the regency's and the
assessors' scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dewan.core.forms import show_decimal
from dewan.core.frozen import FrozenWhenFinal
from dewan.council.choices import Perm
from dewan.council.models import Regency
from dewan.council.scoping import ALL, NONE, Action, TenantQuerySet
from programs.choices import QUARTERS

from .choices import (
    FINDING_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    AssessmentSource,
    EvaluationAspect,
    RenderStatus,
    ReportKind,
    ReportStage,
)


class EvaluationSummaryQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.MAKE_EVALUATIONS, Action.CHANGE: Perm.MAKE_EVALUATIONS}


class EvaluationReportQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_EVALUATIONS, Action.CHANGE: Perm.MAKE_EVALUATIONS}


class EvaluationSummary(models.Model):
    """The secretariat's own findings for a period, written before the report is made."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="summaries",
                                verbose_name=_("kabupaten/kota"))
    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS, null=True,
                                               blank=True)
    strengths = models.TextField(_("kekuatan"), blank=True)
    weaknesses = models.TextField(_("kelemahan"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ringkasan evaluasi")
        verbose_name_plural = _("ringkasan evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["regency", "kind", "year", "quarter"],
                                    name="summary_unique_period", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return f"{self.regency} {self.year} {self.quarter or ''}"


class DimensionFinding(models.Model):
    """The secretariat's findings for one smart-city dimension in a period's summary."""

    summary = models.ForeignKey(EvaluationSummary, on_delete=models.CASCADE,
                                related_name="dimension_findings",
                                verbose_name=_("ringkasan evaluasi"))
    dimension = models.ForeignKey("programs.Dimension", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("dimensi"))
    strengths = models.TextField(_("kekuatan"), blank=True)
    weaknesses = models.TextField(_("kelemahan"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)

    class Meta:
        verbose_name = _("temuan per dimensi")
        verbose_name_plural = _("temuan per dimensi")
        ordering = ["dimension__order"]
        constraints = [models.UniqueConstraint(fields=["summary", "dimension"],
                                               name="one_finding_per_dimension")]

    def __str__(self) -> str:
        return f"{self.summary} — {self.dimension}"

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in FINDING_FIELDS)


class EvaluationReport(FrozenWhenFinal):
    """One version of a regency's evaluation report for a period.

    A ready report is a snapshot: its PDF, size, page count, checksum and the inputs it was
    made from never change (in Python and, on PostgreSQL, by a trigger). Making the report
    again creates a new version.
    """

    frozen_fields = ("regency", "kind", "year", "quarter", "version", "status", "pdf", "size",
                     "page_count", "sha256", "inputs", "finished_at", "provisional", "stage",
                     "number", "sequence", "approved_at", "signatory", "draft_pdf",
                     "draft_sha256")

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE,
                                related_name="evaluation_reports",
                                verbose_name=_("kabupaten/kota"))
    kind = models.CharField(_("jenis"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS, null=True,
                                               blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=RenderStatus.choices,
                              default=RenderStatus.QUEUED)
    failure_reason = models.TextField(_("alasan gagal"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/", blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("jumlah halaman"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    inputs = models.JSONField(_("masukan"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("diminta oleh"))
    requested_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai dibuat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai dibuat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # A provisional report covers a period that has not ended; it is watermarked SEMENTARA
    # and can never be approved.
    provisional = models.BooleanField(_("sementara"), default=False)
    stage = models.CharField(_("tahap"), max_length=6, choices=ReportStage.choices,
                             default=ReportStage.DRAFT)
    number = models.CharField(_("nomor"), max_length=80, blank=True)
    sequence = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("disetujui oleh"))
    # The signatory as they were on the approval date: name, position, NIP, council role.
    signatory = models.JSONField(_("penanda tangan"), default=dict, blank=True)
    # The draft that was approved: kept (and downloadable) after the final render.
    draft_pdf = models.FileField(_("PDF draf"), upload_to="reports/%Y/", blank=True)
    draft_sha256 = models.CharField(_("SHA-256 draf"), max_length=64, blank=True)

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan evaluasi")
        verbose_name_plural = _("laporan evaluasi")
        ordering = ["-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "kind", "year", "quarter", "version"],
                                    name="evaluation_report_unique_version",
                                    nulls_distinct=False),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.QUARTERLY) & Q(quarter__isnull=False)
                           & Q(quarter__gte=1) & Q(quarter__lte=4))
                | (Q(kind=ReportKind.ANNUAL) & Q(quarter__isnull=True)),
                name="evaluation_report_quarter_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenderStatus.READY) | (~Q(sha256="") & Q(size__gt=0)),
                name="ready_report_has_pdf",
            ),
            models.CheckConstraint(
                condition=Q(stage=ReportStage.DRAFT)
                | (Q(provisional=False) & ~Q(number="") & Q(approved_at__isnull=False)),
                name="final_report_is_numbered_and_not_provisional",
            ),
            models.UniqueConstraint(fields=["regency", "number"], condition=~Q(number=""),
                                    name="evaluation_report_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.regency} — {self.period_label} (v{self.version})"

    @property
    def period_label(self) -> str:
        if self.kind == ReportKind.ANNUAL:
            return f"{self.year}"
        return f"{self.year}-Q{self.quarter}"

    @property
    def is_final(self) -> bool:
        return self.stage == ReportStage.FINAL

    @property
    def title(self) -> str:
        """"Laporan Evaluasi Triwulanan 2024-Q3" (the verification page's title)."""
        return f"{self._meta.verbose_name.title()} {self.get_kind_display()} {self.period_label}"

    def is_final_values(self, loaded: dict) -> bool:
        return loaded.get("status") == RenderStatus.READY

    def frozen_message(self) -> str:
        from django.utils.translation import gettext

        return gettext("Laporan versi %(version)s sudah selesai dibuat dan tidak dapat diubah; "
                       "buat versi baru bila datanya berubah.") % {"version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.regency.slug, self.pk])


class ReportDownload(models.Model):
    """A record of who downloaded which report, and when."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE,
                               related_name="downloads", verbose_name=_("laporan"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("pengguna"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("unduhan laporan")
        verbose_name_plural = _("unduhan laporan")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} ← {self.report} ({self.at:%Y-%m-%d %H:%M})"


# --- the ministry's evaluation index ----------------------------------------------------------


class EvaluationYear(models.Model):
    """An evaluation round of the ministry and the weights (percent) of its five evaluation
    dimensions; maintained by the administrator, the weights always sum to 100."""

    year = models.PositiveSmallIntegerField(_("tahun evaluasi"), unique=True)
    weight_baseline = models.DecimalField(_("bobot Baseline (%)"), max_digits=5,
                                          decimal_places=2)
    weight_output = models.DecimalField(_("bobot Output (%)"), max_digits=5, decimal_places=2)
    weight_outcome = models.DecimalField(_("bobot Outcome (%)"), max_digits=5, decimal_places=2)
    weight_impact = models.DecimalField(_("bobot Impact (%)"), max_digits=5, decimal_places=2)
    weight_quick_win = models.DecimalField(_("bobot Quick Win (%)"), max_digits=5,
                                           decimal_places=2)
    note = models.CharField(_("catatan"), max_length=300, blank=True,
                            help_text=_("Misalnya dasar penetapan bobot tahun ini."))

    class Meta:
        verbose_name = _("tahun evaluasi")
        verbose_name_plural = _("tahun evaluasi")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_baseline__gte=0, weight_output__gte=0, weight_outcome__gte=0,
                            weight_impact__gte=0, weight_quick_win__gte=0),
                name="evaluation_weights_not_negative"),
            models.CheckConstraint(
                condition=Exact(F("weight_baseline") + F("weight_output") + F("weight_outcome")
                                + F("weight_impact") + F("weight_quick_win"), 100),
                name="evaluation_weights_sum_to_100"),
            models.CheckConstraint(
                condition=Q(weight_baseline__lte=100) & Q(weight_output__lte=100)
                & Q(weight_outcome__lte=100) & Q(weight_impact__lte=100)
                & Q(weight_quick_win__lte=100),
                name="evaluation_weights_at_most_100"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def weights(self) -> dict[str, Decimal]:
        """{aspect: weight in percent}, in the aspects' order."""
        return {aspect: getattr(self, f"weight_{aspect}") for aspect in EvaluationAspect.values}

    def clean(self) -> None:
        total = sum(value for value in self.weights.values() if value is not None)
        if total != 100:
            raise ValidationError(
                _("Jumlah bobot kelima dimensi evaluasi harus 100%%; sekarang %(total)s%%.")
                % {"total": show_decimal(total)})


class IndexAssessmentQuerySet(TenantQuerySet):
    def rule(self, access, action: str):
        """Everyone who reads the evaluation reports reads both assessments; the secretariat
        changes the self-assessment, the ministry's assessors (reviewers) their own."""
        if action == Action.VIEW:
            return ALL if access.can(Perm.VIEW_EVALUATIONS) else NONE
        if action != Action.CHANGE:
            raise ValueError(f"IndexAssessment knows no action {action!r}")
        sources = [source for source, perm in ((AssessmentSource.SELF, Perm.MAKE_EVALUATIONS),
                                               (AssessmentSource.ASSESSOR, Perm.ASSESS_INDEX))
                   if access.can(perm)]
        return Q(source__in=sources) if sources else NONE


class IndexAssessment(models.Model):
    """One side's scores of a regency for an evaluation year: the regency's self-assessment
    or the ministry's assessors' (for earlier years, the published results)."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE,
                                related_name="index_assessments",
                                verbose_name=_("kabupaten/kota"))
    evaluation_year = models.ForeignKey(EvaluationYear, on_delete=models.PROTECT,
                                        related_name="assessments",
                                        verbose_name=_("tahun evaluasi"))
    source = models.CharField(_("penilai"), max_length=8, choices=AssessmentSource.choices)
    # The weighted sum of the five evaluation dimensions' scores (0–5, two decimals); kept
    # current by the service that saves the scores, empty until all five are scored.
    index = models.DecimalField(_("indeks"), max_digits=4, decimal_places=2, null=True,
                                blank=True)
    findings = models.TextField(_("temuan"), blank=True)
    reference = models.CharField(_("sumber hasil"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndexAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian indeks")
        verbose_name_plural = _("penilaian indeks")
        ordering = ["evaluation_year__year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "evaluation_year", "source"],
                                    name="one_assessment_per_side_and_year"),
            models.CheckConstraint(condition=Q(index__gte=SCORE_MIN, index__lte=SCORE_MAX),
                                   name="index_within_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.regency} {self.evaluation_year} ({self.get_source_display()})"


class AssessmentScore(models.Model):
    """A score (0–5) and its justification, for one evaluation dimension (`aspect`) or one
    smart-city dimension (`dimension`), with links to the evidence already in the portal."""

    assessment = models.ForeignKey(IndexAssessment, on_delete=models.CASCADE,
                                   related_name="scores", verbose_name=_("penilaian"))
    aspect = models.CharField(_("dimensi evaluasi"), max_length=10, blank=True,
                              choices=EvaluationAspect.choices)
    dimension = models.ForeignKey("programs.Dimension", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+",
                                  verbose_name=_("dimensi smart city"))
    score = models.DecimalField(_("nilai"), max_digits=3, decimal_places=2, null=True,
                                blank=True)
    justification = models.TextField(_("alasan"), blank=True)
    programs = models.ManyToManyField("programs.Program", blank=True, related_name="+",
                                      verbose_name=_("program"))
    progress_reports = models.ManyToManyField("programs.ProgressReport", blank=True,
                                              related_name="+",
                                              verbose_name=_("laporan progres"))
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="+",
                                      verbose_name=_("rapat"))
    decrees = models.ManyToManyField("dewan.Decree", blank=True, related_name="+",
                                     verbose_name=_("SK"))

    class Meta:
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        constraints = [
            models.CheckConstraint(
                condition=(~Q(aspect="") & Q(dimension__isnull=True))
                | (Q(aspect="") & Q(dimension__isnull=False)),
                name="score_of_one_aspect_or_dimension"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                                   name="score_within_scale"),
            models.UniqueConstraint(fields=["assessment", "aspect"], condition=~Q(aspect=""),
                                    name="one_score_per_aspect"),
            models.UniqueConstraint(fields=["assessment", "dimension"],
                                    name="one_score_per_dimension"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} — {self.aspect or self.dimension}: {self.score}"
