"""What every meetings view shares: the tenant entry point in the regency's time zone."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from dewan.access import Access, regency_access


def tenant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; whatever time zone the view activated is dropped when it returns."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapper


def meeting_access(request: HttpRequest, slug: str, perm: str) -> Access:
    """`regency_access`, then read and show times in the regency's own zone (WIB/WITA/WIT)."""
    access = regency_access(request, slug, perm)
    timezone.activate(access.regency.tzinfo)
    return access


def refuse(request: HttpRequest, error, to: str) -> HttpResponse:
    """Show a service's refusal as a message and go back to the page it concerns."""
    messages.error(request, error.message)
    return redirect(to)
