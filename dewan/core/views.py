"""A user's notifications: the inbox, marking read, and the e-mail preferences.

Per-user pages, outside any regency: each user sees only their own messages (another user's
message is a 404). Marking read is a POST; reading the inbox never writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .notification_forms import NotificationPreferencesForm

PER_PAGE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's messages, newest first (only the unread ones with ?belum=1)."""
    unread_only = request.GET.get("belum") == "1"
    page = Paginator(notifications.inbox_for(request.user, unread_only=unread_only),
                     PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "unread_only": unread_only})


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one message read; with `buka=1` go on to the page it is about."""
    notification = notifications.notification_of(request.user, pk)
    notifications.mark_read(user=request.user, notification_id=notification.pk)
    if request.POST.get("buka") == "1" and _safe(request, notification.link):
        return redirect(notification.link)
    return redirect(_back(request))


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_read(user=request.user)
    messages.success(request, _("%(count)s pemberitahuan ditandai sudah dibaca.")
                     % {"count": count})
    return redirect(_back(request))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """E-mail on or off for each kind of notification (in-app messages always arrive)."""
    current = notifications.email_preferences(request.user)
    # Every box unticked is an empty POST: still a submitted form.
    form = NotificationPreferencesForm(request.POST if request.method == "POST" else None,
                                       kinds=notifications.kinds(), current=current)
    if request.method == "POST" and form.is_valid():
        notifications.email_preferences_save(user=request.user, wanted=form.wanted())
        messages.success(request, _("Pengaturan e-mail pemberitahuan disimpan."))
        return redirect("notifications:preferences")
    return render(request, "core/preferences.html", {"form": form,
                                                     "has_email": bool(request.user.email)})


def _safe(request: HttpRequest, link: str) -> bool:
    return link.startswith("/") and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def _back(request: HttpRequest) -> str:
    """Back to the inbox page the user was on (a path of ours only)."""
    inbox_path = reverse("notifications:inbox")
    target = request.POST.get("next", "")
    if target.startswith(inbox_path) and _safe(request, target):
        return target
    return inbox_path
