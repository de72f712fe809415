"""Meeting attachments: slides, photos, documents. Checked by content; downloaded as files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.forms import errors_text
from dewan.council.access import regency_access
from dewan.council.choices import Perm
from dewan.council.scoping import Action

from .. import selectors, services
from ..forms import AttachmentForm
from ..models import Meeting


@require_POST
@login_required
def attachment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = Meeting.objects.get_for(access, pk, Action.CHANGE)
    form = AttachmentForm(request.POST, request.FILES)
    back = meeting.get_absolute_url() + "#lampiran"
    if not form.is_valid():
        messages.error(request, _("Lampiran tidak diunggah. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect(back)
    services.attachment_add(meeting=meeting, upload=form.cleaned_data["file"],
                            content_type=form.kind.mime, title=form.cleaned_data["title"],
                            by=request.user)
    messages.success(request, _("Lampiran diunggah."))
    return redirect(back)


@login_required
def attachment_download(request: HttpRequest, slug: str, pk: int, attachment: int
                        ) -> FileResponse:
    """Always as a download (never rendered inline), with the type found at upload."""
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    item = selectors.attachment(access=access, meeting_pk=pk, pk=attachment)
    return FileResponse(item.file.open("rb"), as_attachment=True,
                        filename=item.original_name, content_type=item.content_type)


@require_POST
@login_required
def attachment_remove(request: HttpRequest, slug: str, pk: int, attachment: int
                      ) -> HttpResponse:
    access = regency_access(request, slug, Perm.MANAGE_MEETINGS)
    item = selectors.attachment(access=access, meeting_pk=pk, pk=attachment,
                                action=Action.CHANGE)
    services.attachment_remove(attachment=item)
    messages.success(request, _("Lampiran %(name)s dihapus.") % {"name": item})
    return redirect(item.meeting.get_absolute_url() + "#lampiran")
