"""Council register pages: decrees (SK), members, the composition in force and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dewan.core.errors import DomainError
from dewan.core.history import history_entries

from . import selectors, services
from .access import Access, regency_access
from .choices import Perm
from .forms import DecreeForm, DocumentSettingsForm, MemberForm
from .letterhead import letterhead_of
from .models import CouncilMember, Decree
from .scoping import Action


def _context(access: Access, **extra) -> dict:
    return {"access": access, "regency": access.regency,
            "can_manage": access.can(Perm.MANAGE_COUNCIL), **extra}


@login_required
def composition(request: HttpRequest, slug: str) -> HttpResponse:
    """The council in force today: decree, members by role and organisation."""
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    return render(request, "dewan/register/composition.html",
                  _context(access, **selectors.composition(regency=access.regency)))


@login_required
def composition_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    rendered = services.composition_pdf(regency=access.regency)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    filename = f"susunan-dewan-smart-city-{access.regency.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def decree_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    return render(request, "dewan/register/decree_list.html",
                  _context(access, decrees=selectors.decree_list(access=access)))


@login_required
def decree_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_COUNCIL)
    form = DecreeForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decree = services.decree_create(regency=access.regency, data=data,
                                            scan=form.new_scan(),
                                            copy_members=data.get("copy_members", False))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(decree)s didaftarkan.") % {"decree": decree})
            return redirect("council:decree_detail", slug, decree.pk)
    return render(request, "dewan/register/decree_form.html", _context(access, form=form))


def _decree(access: Access, pk: int, action: str = Action.VIEW) -> Decree:
    return Decree.objects.select_related("supersedes").prefetch_related(
        "superseded_by").get_for(access, pk, action)


@login_required
def decree_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_COUNCIL)
    decree = _decree(access, pk, Action.CHANGE)
    form = DecreeForm(request.POST or None, request.FILES or None, instance=decree,
                      access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.decree_update(decree=decree, data=form.cleaned_data, scan=form.new_scan())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Perubahan SK disimpan."))
            return redirect("council:decree_detail", slug, decree.pk)
    return render(request, "dewan/register/decree_form.html",
                  _context(access, form=form, decree=decree))


@login_required
def decree_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A decree: its standing (in force, superseded, lapsed), its members, its history."""
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    decree = _decree(access, pk)
    today = access.regency.local_today()
    in_force = selectors.decree_in_force(regency=access.regency, on=today)
    members = selectors.members_of_decree(decree)
    return render(request, "dewan/register/decree_detail.html", _context(
        access, decree=decree, members=members, in_force=in_force,
        status=selectors.decree_status(decree, in_force=in_force, today=today),
        history=history_entries(decree),
    ))


@login_required
def decree_scan(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    decree = _decree(access, pk)
    if not decree.scan:
        raise Http404(_("SK ini belum memiliki pindaian."))
    filename = f"SK-{decree.number}-{decree.year}.pdf".replace("/", "-")
    return FileResponse(decree.scan.open("rb"), as_attachment=True, filename=filename,
                        content_type="application/pdf")


@login_required
def member_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_COUNCIL)
    decree = _decree(access, pk, Action.CHANGE)
    form = MemberForm(request.POST or None, access=access,
                      initial={"active_from": decree.date_signed})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(decree=decree, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s ditambahkan.") % {"name": member.name})
            return redirect("council:decree_detail", slug, decree.pk)
    return render(request, "dewan/register/member_form.html",
                  _context(access, form=form, decree=decree))


def _member(access: Access, pk: int, action: str = Action.VIEW) -> CouncilMember:
    return CouncilMember.objects.select_related("decree", "agency").get_for(access, pk, action)


@login_required
def member_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_COUNCIL)
    member = _member(access, pk)
    return render(request, "dewan/register/member_detail.html", _context(
        access, member=member, history=history_entries(member)))


@login_required
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_COUNCIL)
    member = _member(access, pk, Action.CHANGE)
    form = MemberForm(request.POST or None, instance=member, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Perubahan anggota disimpan."))
            return redirect("council:member_detail", slug, member.pk)
    return render(request, "dewan/register/member_form.html",
                  _context(access, form=form, decree=member.decree, member=member))


@login_required
def document_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The letterhead, emblem, numbering patterns and report signatory of the regency."""
    access = regency_access(request, slug, Perm.MANAGE_COUNCIL)
    form = DocumentSettingsForm(request.POST or None, request.FILES or None,
                                instance=access.regency)
    if request.method == "POST" and form.is_valid():
        emblem = form.cleaned_data.get("emblem")
        services.document_settings_save(
            regency=access.regency, data=form.cleaned_data,
            emblem=emblem if emblem and hasattr(emblem, "content_type") else None,
            clear_emblem=emblem is False)
        messages.success(request, _("Pengaturan dokumen resmi disimpan."))
        return redirect("council:documents", slug)
    if form.is_bound:  # a refused form's values never reach the preview
        access.regency.refresh_from_db()
    signatory = selectors.member_in_role(regency=access.regency,
                                         role=access.regency.report_signatory)
    return render(request, "dewan/register/document_settings.html",
                  _context(access, form=form, tab="documents", signatory=signatory,
                           letterhead=letterhead_of(access.regency)))
