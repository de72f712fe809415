"""Language: Bahasa Indonesia unless the user chose another language with the switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


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
