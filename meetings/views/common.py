"""What several meetings views share."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def refuse(request: HttpRequest, error, to: str) -> HttpResponse:
    """Show a service's refusal as a message and go back to the page it concerns."""
    messages.error(request, error.message)
    return redirect(to)


def warn_bad_filters(request: HttpRequest, form) -> None:
    """A bad filter value is ignored, and the user is told which one."""
    if form.errors:
        labels = ", ".join(str(form.fields[name].label) for name in form.errors
                           if name in form.fields)
        messages.warning(request, _("Nilai filter berikut tidak dikenal dan diabaikan: "
                                    "%(fields)s.") % {"fields": labels})
