"""Account pages around Django's own views: the lockout answer, and password changes and
resets that leave a line in the audit log."""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from dewan.core.audit import audit_record
from dewan.core.choices import AuditKind

from .auth_forms import LoginForm


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime.datetime:
    """When the lock that refused this login ends.

    Axes keeps one row per username, address and browser with its failure count and the time
    of the last failure, and counts the rows of the last 15 minutes. The lock ends when the
    newest rows that together reach the limit fall out of that window. Both the username and
    the address may be locked; the later end is the one that matters.
    """
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request) or datetime.timedelta(0)
    ends = []
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request,
                                                                            credentials):
        failures = 0
        for attempt in attempts.order_by("-attempt_time"):
            failures += attempt.failures_since_start
            if failures >= settings.AXES_FAILURE_LIMIT:
                ends.append(attempt.attempt_time + cool_off)
                break
    return max(ends, default=timezone.now() + cool_off)


def lockout_message(ends: datetime.datetime) -> str:
    """The sentence that tells a locked-out user when to try again, in the portal's time."""
    local = timezone.localtime(ends)
    minutes = max(1, math.ceil((ends - timezone.now()).total_seconds() / 60))
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, masuk dengan nama pengguna "
        "ini atau dari alamat jaringan ini dikunci sampai pukul %(time)s %(zone)s (dalam "
        "%(minutes)s menit). Jika Anda lupa kata sandi, gunakan \u201cLupa kata sandi?\u201d."
    ) % {"time": time_format(local, "H:i"), "zone": local.tzname(), "minutes": minutes}


def _saying(form: Form, message: str) -> Form:
    """An unbound login form that shows `message` above its fields; nothing is
    authenticated again to produce it."""
    form.cleaned_data = {}
    form.add_error(None, message)
    return form


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """Axes' AXES_LOCKOUT_CALLABLE: the login page again, with HTTP 429 and the time the
    lock ends; the admin's own login page for the admin."""
    message = lockout_message(lockout_ends_at(request, credentials))
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    initial = {"username": username}
    next_url = request.POST.get("next", "")
    if request.path == reverse("admin:login"):
        form = _saying(AdminAuthenticationForm(request, initial=initial), message)
        context = {**admin.site.each_context(request), "title": _("Masuk"), "subtitle": None,
                   "app_path": request.get_full_path(), "form": form, "next": next_url}
        return render(request, "admin/login.html", context, status=429)
    form = _saying(LoginForm(request, initial=initial), message)
    return render(request, "registration/login.html",
                  {"form": form, "next": next_url, "locked_out": True}, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, recorded in the audit log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(AuditKind.PASSWORD_CHANGED, request=self.request, user=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """The "forgot password" form: a reset link by e-mail, in Indonesian. The page says the
    same whether or not the address is known, so it tells no one who has an account."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        # Links in e-mails point at the portal's public address, not at whatever Host the
        # request carried.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        audit_record(AuditKind.PASSWORD_RESET_REQUESTED, request=self.request,
                     detail=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link, recorded in the audit log."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(AuditKind.PASSWORD_RESET, request=self.request, user=form.user)
        return response
