"""Language (Bahasa Indonesia unless the user chose another with the switch) and the
lifetime of a login session."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit_record
from .choices import AuditKind


class ChosenLanguageMiddleware:
    """Activate the language stored by the language switch (Django's language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: officials
    whose browsers are set to English still get the portal in Indonesian, its first
    language, until they choose English themselves.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        # Both are restored when the request is done, so nothing leaks into the next piece of
        # work on this thread. A regency page activates the regency's zone inside.
        with translation.override(language), timezone.override(None):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


LOGIN_AT = "portal_login_at"  # when the user logged in (epoch seconds)
REFRESHED_AT = "portal_refreshed_at"  # when the session's expiry was last pushed forward
# The idle expiry is pushed forward at most this often: a session write per minute of use
# instead of one per request. A session thus ends between 29 and 30 minutes after the last
# request.
REFRESH_EVERY_SECONDS = 60


def remember_login_moment(sender, request, user, **kwargs) -> None:
    """user_logged_in: note the login moment in the (new) session, for the 12-hour cap."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[REFRESHED_AT] = now


class SessionLifetimeMiddleware:
    """End a session 12 hours after its login whatever the activity, and keep an active
    one alive past the 30 idle minutes of SESSION_COOKIE_AGE.

    Django's database sessions expire SESSION_COOKIE_AGE after their last save, so saving is
    what keeps a session alive; a session without the login moment (made before this cap
    existed) is ended too.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT)
            if login_at is None or now - login_at > settings.SESSION_MAX_LIFETIME_SECONDS:
                self.end(request)
            elif now - request.session.get(REFRESHED_AT, 0) >= REFRESH_EVERY_SECONDS:
                request.session[REFRESHED_AT] = int(now)  # saved with a new expiry
        return self.get_response(request)

    @staticmethod
    def end(request: HttpRequest) -> None:
        """Forget the login; the request goes on as an anonymous visitor's, so a page that
        needs a login sends the user to the login page."""
        audit_record(AuditKind.SESSION_ENDED, request=request, user=request.user)
        request.session.flush()
        request.user = AnonymousUser()
        messages.info(request, _("Sesi Anda berakhir karena sudah 12 jam sejak masuk. "
                                 "Silakan masuk lagi."))
