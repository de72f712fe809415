"""Meeting attachments: slides, photos, documents. Checked by content; downloaded as files."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.choices import Perm

from .. import services
from ..forms import AttachmentForm
from ..models import Meeting, MeetingAttachment
from .common import meeting_access, tenant_view


@require_POST
@tenant_view
def attachment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    back = meeting.get_absolute_url() + "#lampiran"
    if not form.is_valid():
        for error in form.errors.get("file", []) or [_("Pilih berkas yang akan diunggah.")]:
            messages.error(request, error)
        return redirect(back)
    services.attachment_add(meeting=meeting, upload=form.cleaned_data["file"],
                            content_type=form.kind.mime, title=form.cleaned_data["title"],
                            by=request.user)
    messages.success(request, _("Lampiran diunggah."))
    return redirect(back)


def _attachment(access, pk: int, attachment: int) -> MeetingAttachment:
    queryset = MeetingAttachment.objects.for_access(access).filter(meeting_id=pk)
    return get_object_or_404(queryset, pk=attachment)


@tenant_view
def attachment_download(request: HttpRequest, slug: str, pk: int, attachment: int
                        ) -> FileResponse:
    """Always as a download (never rendered inline), with the type found at upload."""
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    item = _attachment(access, pk, attachment)
    return FileResponse(item.file.open("rb"), as_attachment=True,
                        filename=item.original_name, content_type=item.content_type)


@require_POST
@tenant_view
def attachment_remove(request: HttpRequest, slug: str, pk: int, attachment: int
                      ) -> HttpResponse:
    access = meeting_access(request, slug, Perm.MANAGE_MEETINGS)
    item = _attachment(access, pk, attachment)
    services.attachment_remove(attachment=item)
    messages.success(request, _("Lampiran %(name)s dihapus.") % {"name": item})
    return redirect(item.meeting.get_absolute_url() + "#lampiran")
