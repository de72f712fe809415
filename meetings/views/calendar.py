"""iCalendar: one meeting's .ics, and the regency's feed (by session or by a personal link).

Calendar applications cannot log in, so each user gets a personal signed feed link. The
signature names the user and the regency and carries a fingerprint of the user's password
hash and calendar-feed key; the user's roles are checked on every fetch. So the link stops
working when the role is withdrawn, when the password changes, and when the user makes the
links anew ("Buat ulang tautan").
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.audit import audit_record
from dewan.core.choices import AuditKind
from dewan.council.access import feed_access, regency_access
from dewan.council.choices import Perm
from dewan.council.models import Regency

from .. import selectors, services
from ..ics import calendar_bytes
from ..models import Meeting

FEED_SALT = "meetings.calendar-feed"


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed_fingerprint(user, key: str) -> str:
    """What ties a link to the user's current password and feed key."""
    return salted_hmac(FEED_SALT, f"{user.password}|{key}", algorithm="sha256").hexdigest()[:32]


def feed_token(user, regency: Regency, key: str | None = None) -> str:
    if key is None:
        key = selectors.calendar_feed_key(user)
    return signing.dumps([user.pk, regency.pk, feed_fingerprint(user, key)], salt=FEED_SALT)


def feed_link(user, regency: Regency, key: str | None = None) -> str:
    return reverse("meetings:feed_token", args=[regency.slug, feed_token(user, regency, key)])


@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    meeting = Meeting.objects.select_related("regency").get_for(access, pk)
    return _ics_response(calendar_bytes([meeting], meeting.title), f"rapat-{meeting.pk}.ics")


@login_required
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_MEETINGS)
    name = f"Rapat Dewan Smart City {access.regency.display_name}"
    return _ics_response(calendar_bytes(selectors.feed_meetings(access=access), name),
                         f"rapat-{access.regency.slug}.ics")


def feed_by_token(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The feed for calendar applications: 404 for a bad, outdated or revoked link or a
    withdrawn role."""
    try:
        user_pk, regency_pk, fingerprint = signing.loads(token, salt=FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError):  # also links of the old format
        raise Http404 from None
    access = feed_access(user_pk=user_pk, regency_pk=regency_pk, slug=slug)
    if access is None or not access.can(Perm.VIEW_MEETINGS):
        raise Http404
    expected = feed_fingerprint(access.user, selectors.calendar_feed_key(access.user))
    if not constant_time_compare(str(fingerprint), expected):
        raise Http404
    name = f"Rapat Dewan Smart City {access.regency.display_name}"
    return _ics_response(calendar_bytes(selectors.feed_meetings(access=access), name),
                         f"rapat-{slug}.ics")


@require_POST
@login_required
def feed_renew(request: HttpRequest, slug: str) -> HttpResponse:
    """Make the user's personal feed links anew: every older link stops working."""
    regency_access(request, slug, Perm.VIEW_MEETINGS)
    services.calendar_feed_key_renew(user=request.user)
    audit_record(AuditKind.CALENDAR_LINK_RENEWED, request=request)
    messages.success(request, _("Tautan kalender pribadi dibuat ulang. Tautan lama tidak "
                                "berlaku lagi: pasang tautan baru di aplikasi kalender Anda."))
    return redirect(reverse("meetings:list", args=[slug]) + "#kalender-pribadi")
