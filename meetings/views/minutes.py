"""The minutes (notulen): draft → circulated → approved, then locked with a stored PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.errors import DomainError
from dewan.core.forms import errors_text
from dewan.core.history import history_entries
from dewan.council.access import Access, regency_access
from dewan.council.choices import Perm
from dewan.council.scoping import Action

from .. import selectors, services
from ..choices import ATTENDED, MinutesStatus
from ..forms import CommentResolveForm, MinutesCommentForm, MinutesForm
from ..models import Meeting, Minutes, MinutesComment
from .common import refuse


def _meeting(access: Access, pk: int, action: str = Action.VIEW) -> Meeting:
    return Meeting.objects.select_related("regency", "chair", "minutes").get_for(access, pk,
                                                                                action)


def _visible_minutes(access: Access, meeting: Meeting) -> Minutes | None:
    """The minutes if this user may read them; a draft does not exist for non-secretariat."""
    minutes = selectors.minutes_of(meeting)
    if minutes is not None and not Minutes.objects.permits(access, Action.VIEW, minutes):
        raise Http404(_("Notulen belum diedarkan."))
    if minutes is None and not Minutes.objects.allows(access, Action.CHANGE):
        raise Http404(_("Notulen belum dibuat."))
    return minutes


@login_required
def minutes_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The minutes, and while they are circulated the attendees' comments: an attendee may
    add one, the secretariat resolves them."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = _meeting(access, pk)
    minutes = _visible_minutes(access, meeting)
    rows = selectors.attendances_of(meeting)
    can_manage = Minutes.objects.allows(access, Action.CHANGE)
    circulated = minutes is not None and minutes.status == MinutesStatus.CIRCULATED
    attendee = any(row.member_id and row.member.user_id == request.user.pk
                   and row.status in ATTENDED for row in rows)
    comments = (selectors.minutes_comments(access=access, minutes=minutes)
                if minutes is not None and minutes.status != MinutesStatus.DRAFT else [])
    return render(request, "meetings/minutes_detail.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "minutes": minutes,
        "agenda": list(meeting.agenda_items.order_by("order", "pk")),
        "rows": rows, "summary": selectors.attendance_summary(rows),
        "can_manage": can_manage, "comments": comments,
        "show_comments": can_manage or attendee,
        "comment_form": MinutesCommentForm() if circulated and attendee else None,
        "resolve_form": CommentResolveForm() if circulated and can_manage else None,
        "unresolved": sum(1 for comment in comments if not comment.is_resolved),
        "started": meeting.start <= timezone.now(),
        # Only those who may read drafts see the text of earlier versions in the history.
        "history": history_entries(minutes, concealed=() if can_manage
                                   else ("discussion", "decisions")) if minutes else [],
    })


@login_required
def minutes_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Write the minutes; refused with a clear message once they are approved."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk, Action.CHANGE)
    minutes = selectors.minutes_of(meeting)
    back = reverse("meetings:minutes", args=[slug, pk])
    if minutes is not None and minutes.is_locked:
        messages.error(request, _("Notulen %(number)s sudah disetujui dan dikunci; perubahan "
                                  "ditolak. PDF yang tersimpan tidak berubah.")
                       % {"number": minutes.number})
        return redirect(back)
    form = MinutesForm(request.POST or None, instance=minutes)
    if request.method == "POST" and form.is_valid():
        was_circulated = minutes is not None and minutes.status == MinutesStatus.CIRCULATED
        try:
            saved = services.minutes_save(meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            return refuse(request, error, back)
        if was_circulated and saved.status == MinutesStatus.DRAFT:
            messages.warning(request, _("Notulen disimpan dan kembali menjadi draf karena "
                                        "teksnya berubah setelah diedarkan. Edarkan lagi agar "
                                        "anggota meninjau teks yang akan disetujui; komentar "
                                        "mereka tetap tersimpan."))
        else:
            messages.success(request, _("Notulen disimpan."))
        return redirect(back)
    return render(request, "meetings/minutes_form.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "form": form,
        "minutes": minutes,
    })


def _transition(request: HttpRequest, slug: str, pk: int, service, done: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk, Action.CHANGE)
    back = reverse("meetings:minutes", args=[slug, pk])
    minutes = selectors.minutes_of(meeting)
    if minutes is None:
        messages.error(request, _("Notulen belum dibuat."))
        return redirect(back)
    try:
        service(minutes)
    except DomainError as error:
        return refuse(request, error, back)
    messages.success(request, done)
    return redirect(back)


@require_POST
@login_required
def minutes_circulate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(request, slug, pk,
                       lambda m: services.minutes_circulate(minutes=m, by=request.user),
                       _("Notulen diedarkan; anggota yang hadir diberi tahu dan dapat "
                         "memberi komentar."))


@login_required
def minutes_approve_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Before the irreversible approval: what it locks, and the comments still open."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk, Action.CHANGE)
    minutes = selectors.minutes_of(meeting)
    back = reverse("meetings:minutes", args=[slug, pk])
    if minutes is None or minutes.status != MinutesStatus.CIRCULATED:
        messages.error(request, _("Notulen harus diedarkan ke peserta sebelum disetujui."))
        return redirect(back)
    return render(request, "meetings/minutes_approve.html", {
        "access": access, "regency": access.regency, "meeting": meeting, "minutes": minutes,
        **selectors.approval_summary(access=access, meeting=meeting, minutes=minutes),
    })


@require_POST
@login_required
def minutes_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Approve, number and lock: only from the confirmation page (its `konfirmasi` field)."""
    if request.POST.get("konfirmasi") != "ya":
        _meeting(regency_access(request, slug, Perm.MANAGE_MEETINGS), pk, Action.CHANGE)
        messages.info(request, _("Periksa apa yang akan dikunci, lalu setujui."))
        return redirect("meetings:minutes_approve_confirm", slug, pk)
    return _transition(request, slug, pk,
                       lambda m: services.minutes_approve(minutes=m, by=request.user),
                       _("Notulen disetujui, diberi nomor dan dikunci. PDF tersimpan; "
                         "peserta diberi tahu."))


@require_POST
@login_required
def minutes_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An attendee comments on circulated minutes."""
    access = regency_access(request, slug, Perm.READ_CIRCULATED_MINUTES)
    meeting = _meeting(access, pk)
    minutes = _visible_minutes(access, meeting)
    back = reverse("meetings:minutes", args=[slug, pk]) + "#komentar"
    if minutes is None or not selectors.is_attendee(meeting=meeting, user=request.user):
        raise PermissionDenied
    form = MinutesCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Komentar tidak disimpan. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(back)
    try:
        services.minutes_comment_add(minutes=minutes, author=request.user,
                                     text=form.cleaned_data["text"])
    except DomainError as error:
        return refuse(request, error, back)
    messages.success(request, _("Komentar dikirim ke sekretariat."))
    return redirect(back)


@require_POST
@login_required
def minutes_comment_resolve(request: HttpRequest, slug: str, pk: int,
                            comment: int) -> HttpResponse:
    """The secretariat marks a comment handled, with a note."""
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = _meeting(access, pk, Action.CHANGE)
    found = MinutesComment.objects.select_related("minutes").get_for(access, comment,
                                                                     Action.CHANGE)
    back = reverse("meetings:minutes", args=[slug, pk]) + "#komentar"
    if found.minutes.meeting_id != meeting.pk:
        raise Http404
    form = CommentResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindak lanjut komentar tidak disimpan. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(back)
    try:
        services.minutes_comment_resolve(comment=found, by=request.user,
                                         note=form.cleaned_data["note"])
    except DomainError as error:
        return refuse(request, error, back)
    messages.success(request, _("Komentar ditandai sudah ditindaklanjuti."))
    return redirect(back)


@login_required
def minutes_pdf(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The stored PDF of approved minutes, exactly as it was stored at approval."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = _meeting(access, pk)
    minutes = _visible_minutes(access, meeting)
    if minutes is None or not minutes.is_locked or not minutes.pdf:
        raise Http404(_("PDF notulen tersedia setelah notulen disetujui."))
    filename = "Notulen-" + minutes.number.replace("/", "-") + ".pdf"
    return FileResponse(minutes.pdf.open("rb"), as_attachment=True, filename=filename,
                        content_type="application/pdf")
