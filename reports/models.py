"""Periodic evaluation reports: immutable PDF snapshots, and who downloaded them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dewan.core.frozen import FrozenWhenFinal
from dewan.council.choices import Perm
from dewan.council.models import Regency
from dewan.council.scoping import Action, TenantQuerySet
from programs.choices import QUARTERS

from .choices import FINDING_FIELDS, RenderStatus, ReportKind, ReportStage


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
