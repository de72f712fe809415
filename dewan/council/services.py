"""Write side of the council register: decrees (SK) and the members they appoint.

Each function validates, writes inside `transaction.atomic()` and raises `DomainError` with a
message in Indonesian. simple-history records who changed what on Decree and CouncilMember.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from dewan.core.errors import DomainError
from dewan.documents.render import RenderedPdf, render_pdf

from .choices import DecreeKind
from .models import CouncilMember, Decree, Regency

DECREE_FIELDS = ("number", "year", "date_signed", "valid_until", "title", "kind", "supersedes")
MEMBER_FIELDS = ("name", "position", "agency", "council_role", "email", "active_from",
                 "active_until", "order")


def _check_decree(decree: Decree) -> None:
    """An amendment or replacement names the decree it supersedes, an earlier one."""
    if decree.year != decree.date_signed.year:
        raise DomainError(_("Tahun SK harus sama dengan tahun tanggal penetapan."))
    earlier = decree.supersedes
    if decree.kind != DecreeKind.ESTABLISHMENT and earlier is None:
        raise DomainError(_("SK perubahan atau penggantian harus menyebut SK yang diganti."))
    if earlier is None:
        return
    if earlier.regency_id != decree.regency_id or earlier.pk == decree.pk:
        raise DomainError(_("SK yang diganti harus SK lain dari daerah yang sama."))
    if earlier.date_signed > decree.date_signed:
        raise DomainError(_("SK yang diganti harus ditetapkan sebelum SK ini."))


@transaction.atomic
def decree_create(*, regency: Regency, data: dict, scan: UploadedFile | None = None,
                  copy_members: bool = False) -> Decree:
    """Register a decree; an amendment may carry over the members of the decree it amends."""
    decree = Decree(regency=regency, **{f: data[f] for f in DECREE_FIELDS if f in data})
    _check_decree(decree)
    if Decree.objects.filter(regency=regency, number=decree.number, year=decree.year).exists():
        raise DomainError(_("SK Nomor %(number)s Tahun %(year)s sudah terdaftar.")
                           % {"number": decree.number, "year": decree.year})
    if scan is not None:
        decree.scan.save(scan.name, scan, save=False)
    decree.save()
    if copy_members and decree.supersedes_id:
        _copy_members(decree.supersedes, decree)
    return decree


def _copy_members(source: Decree, target: Decree) -> None:
    for member in source.members.all():
        CouncilMember.objects.create(
            regency=target.regency, decree=target,
            active_from=target.date_signed,
            **{f: getattr(member, f) for f in MEMBER_FIELDS if f != "active_from"}
            | {"active_until": None, "user": member.user},
        )


@transaction.atomic
def decree_update(*, decree: Decree, data: dict, scan: UploadedFile | None = None) -> Decree:
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    for name in DECREE_FIELDS:
        if name in data:
            setattr(decree, name, data[name])
    _check_decree(decree)
    clash = Decree.objects.filter(regency=decree.regency, number=decree.number,
                                  year=decree.year).exclude(pk=decree.pk)
    if clash.exists():
        raise DomainError(_("SK Nomor %(number)s Tahun %(year)s sudah terdaftar.")
                           % {"number": decree.number, "year": decree.year})
    if scan is not None:
        decree.scan.save(scan.name, scan, save=False)
    decree.save()
    return decree


def _check_member(member: CouncilMember) -> None:
    if member.agency is not None and member.agency.regency_id != member.regency_id:
        raise DomainError(_("Organisasi anggota harus terdaftar di daerah yang sama."))
    if member.active_from and member.active_until and member.active_until < member.active_from:
        raise DomainError(_("Tanggal akhir keanggotaan tidak boleh sebelum tanggal mulai."))


@transaction.atomic
def member_create(*, decree: Decree, data: dict) -> CouncilMember:
    """Appoint a member by the decree (in the decree's regency)."""
    member = CouncilMember(regency=decree.regency, decree=decree,
                           **{f: data[f] for f in MEMBER_FIELDS if f in data})
    _check_member(member)
    member.save()
    return member


@transaction.atomic
def member_update(*, member: CouncilMember, data: dict) -> CouncilMember:
    member = CouncilMember.objects.select_for_update().get(pk=member.pk)
    for name in MEMBER_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    _check_member(member)
    member.save()
    return member


def composition_pdf(*, regency: Regency) -> RenderedPdf:
    """The council's current composition as a one- or two-page PDF.

    Unlike approved minutes this is a printout of live data, not an official snapshot, so it
    is rendered on request (about 0.2 s) and not stored.
    """
    from .selectors import composition

    return render_pdf("dewan/register/pdf/composition.html", composition(regency=regency))


DOCUMENT_SETTINGS_FIELDS = ("letterhead_government", "letterhead_unit", "letterhead_address",
                            "signing_place",
                            "report_number_pattern", "minutes_number_pattern",
                            "report_signatory")


@transaction.atomic
def document_settings_save(*, regency: Regency, data: dict, emblem=None,
                           clear_emblem: bool = False) -> Regency:
    """Save the letterhead, numbering and signatory; a new emblem replaces the old file (which
    is removed once the change is committed)."""
    regency = Regency.objects.select_for_update().get(pk=regency.pk)
    for name in DOCUMENT_SETTINGS_FIELDS:
        if name in data:
            setattr(regency, name, data[name])
    old = regency.emblem.name if regency.emblem else ""
    if emblem is not None:
        regency.emblem.save(f"{regency.slug}-{emblem.name}", emblem, save=False)
    elif clear_emblem:
        regency.emblem = ""
    regency.save()
    if old and old != (regency.emblem.name if regency.emblem else ""):
        storage = regency.emblem.storage
        transaction.on_commit(lambda: storage.delete(old))
    return regency
