"""iCalendar: one meeting's .ics, and the regency's feed (by session or by a personal link).

Calendar applications cannot log in, so each user gets a personal signed feed link. The
signature names the user and the regency; the user's roles are checked on every fetch, so the
link stops working when the role is withdrawn.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from dewan.access import access_for
from dewan.choices import Perm
from dewan.models import Regency

from ..ics import calendar_bytes
from ..models import Meeting
from .common import meeting_access, tenant_view

FEED_SALT = "meetings.calendar-feed"


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed_token(user, regency: Regency) -> str:
    return signing.dumps([user.pk, regency.pk], salt=FEED_SALT)


def feed_link(user, regency: Regency) -> str:
    return reverse("meetings:feed_token", args=[regency.slug, feed_token(user, regency)])


def _feed_meetings(regency: Regency):
    return Meeting.objects.filter(regency=regency).select_related("regency").order_by("start")


@tenant_view
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = get_object_or_404(Meeting.objects.for_access(access).select_related("regency"),
                                pk=pk)
    return _ics_response(calendar_bytes([meeting], meeting.title), f"rapat-{meeting.pk}.ics")


@tenant_view
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    access = meeting_access(request, slug, Perm.VIEW_MEETINGS)
    name = f"Rapat Dewan Smart City {access.regency.display_name}"
    return _ics_response(calendar_bytes(_feed_meetings(access.regency), name),
                         f"rapat-{access.regency.slug}.ics")


def feed_by_token(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The feed for calendar applications: 404 for a bad link or a withdrawn role."""
    try:
        user_pk, regency_pk = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        raise Http404 from None
    regency = get_object_or_404(Regency, pk=regency_pk, slug=slug)
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    access = access_for(user, regency) if user else None
    if access is None or not access.can(Perm.VIEW_MEETINGS):
        raise Http404
    name = f"Rapat Dewan Smart City {regency.display_name}"
    return _ics_response(calendar_bytes(_feed_meetings(regency), name), f"rapat-{slug}.ics")
