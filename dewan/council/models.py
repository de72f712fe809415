"""The tenant (Regency) and the council register: agencies, decrees, members, role assignments."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import (
    SIGNATORY_CHOICES,
    AgencyKind,
    CouncilRole,
    DecreeKind,
    Perm,
    RegencyKind,
    RegencyTimeZone,
    Role,
)
from .scoping import ALL, NONE, Action, TenantQuerySet, own_agencies


class Regency(models.Model):
    """A kabupaten or kota taking part in the Gerakan Menuju 100 Smart City: the tenant."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    short_name = models.CharField(
        _("nama singkat"), max_length=40, blank=True,
        help_text=_("Nama yang biasa dipakai orang, untuk pencarian: Humbahas, Labura."))
    kind = models.CharField(_("jenis"), max_length=10, choices=RegencyKind.choices)
    province = models.CharField(_("provinsi"), max_length=80)
    kemendagri_code = models.CharField(
        _("kode Kemendagri"), max_length=13, unique=True, help_text=_("Contoh: 12.16")
    )
    time_zone = models.CharField(
        _("zona waktu"), max_length=20, choices=RegencyTimeZone.choices,
        default=RegencyTimeZone.WIB,
    )
    year_joined = models.PositiveSmallIntegerField(_("tahun bergabung"), null=True, blank=True)
    mou_number = models.CharField(_("nomor MoU"), max_length=80, blank=True)
    mou_date = models.DateField(_("tanggal MoU"), null=True, blank=True)
    report_deadline_days = models.PositiveSmallIntegerField(
        _("batas laporan triwulan (hari setelah triwulan berakhir)"), default=10
    )
    minutes_number_pattern = models.CharField(
        _("pola nomor notulen"), max_length=80, default="{seq:03d}/NOT/DSC/{year}",
        help_text=_("Isian: {seq} nomor urut per tahun, {year} tahun, {slug} kode daerah."),
    )
    # The official documents' letterhead and numbering (dewan/council/letterhead.py): empty
    # lines fall back to the regency's name; the emblem is an uploaded PNG or JPEG.
    letterhead_government = models.CharField(
        _("kop: baris pemerintah daerah"), max_length=120, blank=True,
        help_text=_("Contoh: PEMERINTAH KABUPATEN HUMBANG HASUNDUTAN. Kosongkan untuk memakai "
                    "nama daerah."))
    letterhead_unit = models.CharField(
        _("kop: unit sekretariat"), max_length=120, blank=True,
        help_text=_("Contoh: SEKRETARIAT DEWAN SMART CITY. Kosongkan untuk “DEWAN SMART "
                    "CITY”."))
    letterhead_address = models.CharField(
        _("kop: alamat"), max_length=200, blank=True,
        help_text=_("Alamat, telepon, e-mail, kode pos sekretariat, dalam satu baris."))
    signing_place = models.CharField(
        _("tempat penandatanganan"), max_length=80, blank=True,
        help_text=_("Ibu kota daerah pada baris tempat dan tanggal dokumen, misalnya "
                    "Doloksanggul. Kosongkan untuk memakai nama daerah."))
    emblem = models.FileField(_("lambang daerah"), upload_to="regency/emblem/", blank=True,
                              help_text=_("PNG atau JPG, paling besar 1 MB."))
    report_number_pattern = models.CharField(
        _("pola nomor laporan evaluasi"), max_length=80,
        default="050/{seq:03d}/DSC/{year}",
        help_text=_("Gaya tata naskah dinas: kode klasifikasi / nomor urut / unit / tahun. "
                    "Isian: {seq} nomor urut per tahun, {year} tahun, {slug} kode daerah."),
    )
    report_signatory = models.CharField(
        _("penanda tangan laporan evaluasi"), max_length=12, default=CouncilRole.CHAIR,
        choices=SIGNATORY_CHOICES,
        help_text=_("Diambil dari SK dewan yang berlaku pada tanggal persetujuan."))

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """"Kabupaten Batang" in Indonesian; the English catalogue says "Batang Regency"."""
        return gettext("%(kind)s %(name)s") % {"kind": self.get_kind_display(),
                                               "name": self.name}

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_today(self) -> datetime.date:
        """Today's date in the regency's own time zone."""
        return timezone.localtime(timezone.now(), self.tzinfo).date()

    @property
    def document_place(self) -> str:
        """The place on the place-and-date line of the regency's documents."""
        return self.signing_place or self.name

    def get_absolute_url(self) -> str:
        return reverse("home:overview", args=[self.slug])


class AgencyQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_REGENCY}

    def rule(self, access, action: str):
        """ASSIGN: the agencies whose programs the user may create or take over."""
        if action == Action.ASSIGN:
            if access.can(Perm.EDIT_ANY_PROGRAM):
                return ALL
            return own_agencies(access, "pk") if access.can(Perm.EDIT_OWN_PROGRAM) else NONE
        return super().rule(access, action)


class Agency(models.Model):
    """An OPD of the regency, or an outside organisation that sits on the council."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="agencies",
                                verbose_name=_("kabupaten/kota"))
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=AgencyKind.choices,
                            default=AgencyKind.OPD)
    head_name = models.CharField(_("nama pimpinan"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "name"], name="agency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class DecreeQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_COUNCIL, Action.CHANGE: Perm.MANAGE_COUNCIL}

    def in_force(self, on: datetime.date) -> DecreeQuerySet:
        """Decrees signed by `on`, not lapsed and not superseded by a decree signed by `on`."""
        superseded = Decree.objects.filter(supersedes=models.OuterRef("pk"), date_signed__lte=on)
        return (
            self.filter(date_signed__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .exclude(models.Exists(superseded))
        )


class Decree(models.Model):
    """A regent's decree (SK Bupati/Wali Kota) that forms or changes the council."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="decrees",
                                verbose_name=_("kabupaten/kota"))
    number = models.CharField(_("nomor"), max_length=60)
    year = models.PositiveSmallIntegerField(_("tahun"))
    date_signed = models.DateField(_("tanggal ditetapkan"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    title = models.CharField(_("tentang"), max_length=300)
    kind = models.CharField(_("jenis"), max_length=12, choices=DecreeKind.choices,
                            default=DecreeKind.ESTABLISHMENT)
    scan = models.FileField(_("pindaian SK (PDF)"), upload_to="decrees/%Y/", blank=True)
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="superseded_by", verbose_name=_("menggantikan"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = DecreeQuerySet.as_manager()

    class Meta:
        verbose_name = _("SK Dewan Smart City")
        verbose_name_plural = _("SK Dewan Smart City")
        ordering = ["-date_signed", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "number", "year"],
                                    name="decree_unique_number_per_year"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("date_signed")),
                name="decree_valid_until_after_signing",
            ),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100),
                                   name="decree_year_plausible"),
        ]

    def __str__(self) -> str:
        return gettext("SK Nomor %(number)s Tahun %(year)s") % {"number": self.number,
                                                                 "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("council:decree_detail", args=[self.regency.slug, self.pk])


class CouncilMemberQuerySet(TenantQuerySet):
    permissions = {Action.VIEW: Perm.VIEW_COUNCIL, Action.CHANGE: Perm.MANAGE_COUNCIL}

    def active_on(self, on: datetime.date) -> CouncilMemberQuerySet:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=on)
        )


# NIP (Nomor Induk Pegawai): a civil servant's number, 18 digits.
nip_validator = RegexValidator(r"^\d{18}$", _("NIP terdiri atas 18 angka, tanpa spasi."))


class CouncilMember(models.Model):
    """A person appointed to the council by a decree, with a role and an organisation."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="members",
                                verbose_name=_("kabupaten/kota"))
    decree = models.ForeignKey(Decree, on_delete=models.PROTECT, related_name="members",
                               verbose_name=_("SK"))
    name = models.CharField(_("nama dan gelar"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator],
                           help_text=_("Untuk aparatur sipil negara: dicetak di bawah tanda "
                                       "tangan pada notulen dan laporan evaluasi."))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="members", verbose_name=_("organisasi"))
    council_role = models.CharField(_("kedudukan dalam dewan"), max_length=12,
                                    choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="council_memberships",
                             verbose_name=_("akun"))
    active_from = models.DateField(_("aktif sejak"), null=True, blank=True)
    active_until = models.DateField(_("aktif sampai"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    history = HistoricalRecords()

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("anggota dewan")
        verbose_name_plural = _("anggota dewan")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="member_active_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_council_role_display()})"


class RoleAssignment(models.Model):
    """What a user may do, and where: one row per role in one regency (or nationally)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="role_assignments", verbose_name=_("pengguna"))
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="role_assignments", verbose_name=_("kabupaten/kota"),
                                help_text=_("Kosong hanya untuk reviewer nasional."))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="role_assignments", verbose_name=_("instansi"),
                               help_text=_("Wajib untuk peran OPD."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.REVIEWER) | Q(regency__isnull=False),
                name="role_needs_regency_unless_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.OPD) | Q(agency__isnull=False),
                name="opd_role_needs_agency",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.OPD) | Q(agency__isnull=True),
                name="only_opd_role_has_agency",
            ),
            models.UniqueConstraint(fields=["user", "role", "regency", "agency"],
                                    name="role_assignment_unique",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        where = self.agency or self.regency or _("nasional")
        return f"{self.user} — {self.get_role_display()} ({where})"
