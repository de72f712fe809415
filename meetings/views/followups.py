"""Follow-ups (tindak lanjut): decisions assigned to agencies, reported on by the agencies with
dated notes and evidence, closed by the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.errors import DomainError
from dewan.core.forms import errors_text
from dewan.core.history import history_entries
from dewan.council.access import regency_access
from dewan.council.choices import Perm
from dewan.council.scoping import Action

from .. import selectors, services
from ..choices import CLOSED_FOLLOWUP_STATUSES, FollowUpStatus
from ..filtersets import OPEN, FollowUpFilterSet
from ..forms import FollowUpForm, FollowUpNoteForm, FollowUpReviewForm
from ..models import FollowUp, Meeting
from .common import refuse, warn_bad_filters

PER_PAGE = 50


@login_required
def followup_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The follow-ups the user may see (an OPD its own agency's), filtered by agency, status
    (open ones by default), meeting and text; overdue ones marked."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    data = request.GET.copy()
    data.setdefault("status", OPEN)
    filterset = FollowUpFilterSet(data, access=access,
                                  queryset=selectors.followup_list(access=access))
    warn_bad_filters(request, filterset.form)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    today = access.regency.local_today()
    for followup in page:
        followup.overdue = selectors.is_overdue(followup, today)
    return render(request, "meetings/followup_list.html", {
        "access": access, "regency": access.regency, "page": page, "filterset": filterset,
    })


@login_required
def followup_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turn a decision of the meeting into a follow-up for an agency."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.select_related("regency").get_for(access, pk, Action.CHANGE)
    form = FollowUpForm(request.POST or None, access=access, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_create(meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Tindak lanjut dicatat untuk %(agency)s; OPD-nya "
                                        "diberi tahu.")
                             % {"agency": form.cleaned_data["agency"]})
            return redirect(meeting.get_absolute_url() + "#tindak-lanjut")
    return render(request, "meetings/followup_form.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "form": form,
    }, status=400 if request.method == "POST" else 200)


def _followup(access, pk: int, action: str = Action.VIEW) -> FollowUp:
    return FollowUp.objects.select_related("agency", "meeting", "program", "regency").get_for(
        access, pk, action)


@login_required
def followup_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The follow-up, its history of notes and decisions, and the forms the user may use."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    followup = _followup(access, pk)
    today = access.regency.local_today()
    closed = followup.status in CLOSED_FOLLOWUP_STATUSES
    can_note = FollowUp.objects.permits(access, Action.UPDATE, followup) and not closed
    can_review = FollowUp.objects.permits(access, Action.CHANGE, followup)
    return render(request, "meetings/followup_detail.html", {
        "access": access, "regency": access.regency, "followup": followup,
        "overdue": selectors.is_overdue(followup, today),
        "updates": selectors.followup_updates(followup),
        "note_form": FollowUpNoteForm(today=today, can_propose=not can_review)
        if can_note else None,
        "review_form": FollowUpReviewForm() if can_review else None,
        "can_confirm": followup.status == FollowUpStatus.PROPOSED,
        "can_reopen": followup.status in {FollowUpStatus.PROPOSED, FollowUpStatus.DONE},
        "can_cancel": not closed,
        "history": history_entries(followup),
    })


@require_POST
@login_required
def followup_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The assigned OPD (or the secretariat) adds a dated note, maybe with evidence, maybe
    proposing the follow-up done."""
    access = regency_access(request, slug, Perm.UPDATE_FOLLOWUPS)
    followup = _followup(access, pk, Action.UPDATE)
    form = FollowUpNoteForm(request.POST, request.FILES, today=access.regency.local_today())
    if not form.is_valid():
        messages.error(request, _("Catatan tidak disimpan. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(followup)
    upload = form.cleaned_data["attachment"]
    try:
        services.followup_note_add(
            followup=followup, author=request.user, date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            propose_done=form.cleaned_data.get("propose_done", False),
            attachment=services.Attachment(upload, form.kind.mime) if upload else None)
    except DomainError as error:
        return refuse(request, error, followup.get_absolute_url())
    messages.success(request, _("Diusulkan selesai; sekretariat diberi tahu untuk "
                                "mengonfirmasi.") if form.cleaned_data.get("propose_done")
                     else _("Catatan perkembangan disimpan."))
    return redirect(followup)


@require_POST
@login_required
def followup_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The secretariat confirms a follow-up done, reopens it or cancels it, with a comment."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    followup = _followup(access, pk, Action.CHANGE)
    form = FollowUpReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan tidak disimpan. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(followup)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    service, done = {
        form.CONFIRM: (services.followup_confirm, _("Tindak lanjut dikonfirmasi selesai.")),
        form.REOPEN: (services.followup_reopen, _("Tindak lanjut dibuka kembali.")),
        form.CANCEL: (services.followup_cancel, _("Tindak lanjut dibatalkan.")),
    }[decision]
    try:
        service(followup=followup, by=request.user, comment=comment)
    except DomainError as error:
        return refuse(request, error, followup.get_absolute_url())
    messages.success(request, done + " " + _("OPD-nya diberi tahu."))
    return redirect(followup)


@login_required
def followup_attachment(request: HttpRequest, slug: str, pk: int,
                        update: int) -> FileResponse:
    """An attachment of a follow-up's note, for those who may see the follow-up."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    entry = selectors.followup_update_entry(followup=_followup(access, pk), pk=update)
    return FileResponse(entry.attachment.open("rb"), as_attachment=True,
                        filename=entry.attachment_name or "lampiran")
