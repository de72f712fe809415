"""Smart-city programs of the masterplan and their quarterly progress reports."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dewan.core.calendar import Period
from dewan.core.calendar import quarter as quarter_period
from dewan.council.choices import Perm
from dewan.council.models import Agency, Regency
from dewan.council.scoping import ALL, NONE, Action, TenantQuerySet, own_agencies

from .choices import (
    LEGAL_LEVELS_ABOVE_AGENCY,
    QUARTERS,
    FundingSource,
    Horizon,
    LegalBasisLevel,
    ProgramKind,
    ProgramReach,
    ProgramStatus,
    ReportStatus,
)


class Dimension(models.Model):
    """One of the six smart-city dimensions (fixed reference data, see choices.DIMENSIONS)."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=40)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("dimensi smart city")
        verbose_name_plural = _("dimensi smart city")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Element(models.Model):
    """One of the three elements of a dimension (fixed reference data)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="elements",
                                  verbose_name=_("dimensi"))
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=80)
    name_en = models.CharField(_("nama (Inggris)"), max_length=80)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("elemen dimensi")
        verbose_name_plural = _("elemen dimensi")
        ordering = ["dimension__order", "order"]

    def __str__(self) -> str:
        return f"{self.dimension.name}: {self.name}"


class ProgramQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_PROGRAMS}

    def rule(self, access, action: str):
        """CHANGE: the secretariat any program, an OPD its agency's; REPORT: an OPD its
        agency's programs."""
        if action == Action.CHANGE:
            if access.can(Perm.EDIT_ANY_PROGRAM):
                return ALL
            return own_agencies(access) if access.can(Perm.EDIT_OWN_PROGRAM) else NONE
        if action == Action.REPORT:
            return own_agencies(access) if access.can(Perm.REPORT_PROGRESS) else NONE
        return super().rule(access, action)


class Program(models.Model):
    """A masterplan program owned by one agency: an application, service, regulation, ..."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="programs",
                                verbose_name=_("kabupaten/kota"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="programs",
                               verbose_name=_("OPD pelaksana"))
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama program"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    dimensions = models.ManyToManyField(Dimension, related_name="programs",
                                        verbose_name=_("dimensi"))
    elements = models.ManyToManyField(Element, related_name="programs", blank=True,
                                      verbose_name=_("elemen"))
    kind = models.CharField(_("jenis"), max_length=14, choices=ProgramKind.choices)
    horizon = models.CharField(_("jangka waktu"), max_length=10, choices=Horizon.choices)
    status = models.CharField(_("status"), max_length=10, choices=ProgramStatus.choices,
                              default=ProgramStatus.PLANNED)
    start_year = models.PositiveSmallIntegerField(_("tahun mulai"))
    end_year = models.PositiveSmallIntegerField(_("tahun selesai"))
    planned_budget = models.BigIntegerField(_("pagu anggaran (Rp)"), default=0)
    funding_source = models.CharField(_("sumber dana"), max_length=8,
                                      choices=FundingSource.choices, default=FundingSource.APBD)
    reach = models.CharField(_("cakupan pengguna"), max_length=10, choices=ProgramReach.choices,
                             default=ProgramReach.INTERNAL)
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    legal_basis_level = models.CharField(_("tingkat dasar hukum"), max_length=10, blank=True,
                                         choices=LegalBasisLevel.choices)
    partners = models.CharField(_("mitra"), max_length=300, blank=True)
    # Optimistic lock: every save bumps it; a save carrying an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[])

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["code"]
        # The national figures' fingerprint reads the latest change (programs/progress.py).
        indexes = [models.Index(fields=["updated_at"], name="program_updated_at")]
        constraints = [
            models.UniqueConstraint(fields=["regency", "code"], name="program_unique_code"),
            models.CheckConstraint(condition=Q(planned_budget__gte=0),
                                   name="program_budget_not_negative"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")),
                                   name="program_end_year_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.regency.slug, self.pk])

    @property
    def needs_higher_legal_basis(self) -> bool:
        """Seed 002: an application used by several OPDs needs a Perbup/Perkada or higher.

        An application internal to one agency may rest on a head-of-agency regulation.
        """
        shared = self.reach in {ProgramReach.SHARED, ProgramReach.PUBLIC}
        return shared and self.legal_basis_level not in LEGAL_LEVELS_ABOVE_AGENCY

    def active_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class Indicator(models.Model):
    """A measurable indicator of a program (targets per year in IndicatorTarget)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("program"))
    name = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=40)
    baseline = models.DecimalField(_("nilai dasar"), max_digits=14, decimal_places=2,
                                   null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorTarget(models.Model):
    """The target value of an indicator for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indikator"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.target}"


class ReportingPeriodQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_PROGRAMS, Action.CHANGE: Perm.VERIFY_PROGRESS}


class ReportingPeriod(models.Model):
    """A quarter in which a regency's OPDs report progress, with its deadline."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE,
                                related_name="reporting_periods",
                                verbose_name=_("kabupaten/kota"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS)
    deadline = models.DateField(_("batas pelaporan"))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "year", "quarter"],
                                    name="reporting_period_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                                   name="reporting_period_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def period(self) -> Period:
        return quarter_period(self.year, self.quarter)

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def end_date(self) -> datetime.date:
        return self.period.end


class ProgressReportQuerySet(TenantQuerySet):
    def rule(self, access, action: str):
        """VIEW: drafts stay with their agency; the secretariat and reviewers see what the
        agencies have sent, council members what is verified. CHANGE: the agency's own
        reports. VERIFY: the secretariat, on sent reports."""
        own = own_agencies(access, "program__agency_id")
        sent = ~Q(status=ReportStatus.DRAFT)
        if action == Action.VIEW:
            if access.can(Perm.VIEW_ALL_REPORTS):
                return sent | own if own else sent
            if access.can(Perm.REPORT_PROGRESS):
                return own
            return Q(status=ReportStatus.VERIFIED) if access.can(Perm.VIEW_PROGRAMS) else NONE
        if action == Action.CHANGE:
            return own if access.can(Perm.REPORT_PROGRESS) else NONE
        if action == Action.VERIFY:
            return sent if access.can(Perm.VERIFY_PROGRESS) else NONE
        raise ValueError(f"ProgressReport knows no action {action!r}")


class ProgressReport(models.Model):
    """One program's progress in one quarter, with evidence; verified by the secretariat."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE,
                                related_name="progress_reports",
                                verbose_name=_("kabupaten/kota"))
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS)
    physical_progress = models.DecimalField(
        _("progres fisik (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    progress_decrease_reason = models.TextField(_("alasan progres turun"), blank=True)
    budget_realised = models.BigIntegerField(_("realisasi anggaran (Rp)"), default=0)
    over_budget_reason = models.TextField(_("alasan realisasi melebihi pagu"), blank=True)
    achievements = models.TextField(_("capaian"), blank=True)
    obstacles = models.TextField(_("kendala"), blank=True)
    next_steps = models.TextField(_("rencana tindak lanjut"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    review_comment = models.TextField(_("catatan sekretariat"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("diverifikasi oleh"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan progres")
        verbose_name_plural = _("laporan progres")
        ordering = ["-year", "-quarter", "program__code"]
        # The national figures' fingerprint reads the latest change (programs/progress.py).
        indexes = [models.Index(fields=["updated_at"], name="progress_report_updated_at")]
        constraints = [
            models.UniqueConstraint(fields=["program", "year", "quarter"],
                                    name="progress_report_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                                   name="progress_report_quarter_1_4"),
            models.CheckConstraint(
                condition=Q(physical_progress__gte=0) & Q(physical_progress__lte=100),
                name="progress_report_progress_0_100",
            ),
            models.CheckConstraint(condition=Q(budget_realised__gte=0),
                                   name="progress_report_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} {self.year}-Q{self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("programs:report_detail", args=[self.regency.slug, self.pk])


class IndicatorValue(models.Model):
    """The value an indicator reached, as reported in one progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="indicator_values", verbose_name=_("laporan"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indikator"))
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"],
                                    name="indicator_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value}"


class EvidenceFile(models.Model):
    """A supporting document (data dukung) attached to a progress report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="evidence", verbose_name=_("laporan"))
    file = models.FileField(_("berkas"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ProgressReportEvent(models.Model):
    """One state change of a progress report: who, when, from what to what, and why."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="events", verbose_name=_("laporan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("oleh"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    from_status = models.CharField(_("dari"), max_length=14, choices=ReportStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("menjadi"), max_length=14, choices=ReportStatus.choices)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat laporan progres")
        verbose_name_plural = _("riwayat laporan progres")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status or '-'} → {self.to_status}"


class ReminderLog(models.Model):
    """A deadline reminder sent to an agency for a period: sent at most once."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE,
                               related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pengingat laporan")
        verbose_name_plural = _("pengingat laporan")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period} → {self.agency}"
