"""The audit log: logins, failed logins, lockouts, logouts, password changes and resets, and
refused accesses to a regency or one of its rows, for the administrator to read.

`audit_record(...)` is the one way in. Inside a request (`AuditMiddleware`) the entries are
kept on the request and written in one INSERT once the view is done, outside any transaction
the view opened: a refusal raised inside `transaction.atomic()` rolls that block back, and
its audit entry must not go with it. Outside a request they are written at once. Writing the
log never breaks what the user is doing: a failure is logged and forgotten.
"""

from __future__ import annotations

import ipaddress
import logging
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.http import HttpRequest

from .choices import AuditKind
from .models import AuditEntry

logger = logging.getLogger(__name__)


@dataclass
class _RequestScope:
    """The request being answered and the entries it has recorded so far."""

    request: HttpRequest
    entries: list[AuditEntry] = field(default_factory=list)


_scope: ContextVar[_RequestScope | None] = ContextVar("audit_scope", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as axes sees it (X-Forwarded-For only behind the configured
    proxies), or None when there is none or it is not an IP address."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        raw = get_client_ip_address(request)
        return str(ipaddress.ip_address(raw)) if raw else None
    except (ValueError, TypeError):
        return None


def audit_record(kind: AuditKind | str, *, request: HttpRequest | None = None, user=None,
                 username: str = "", status: int | None = None, detail: str = "") -> None:
    """Record one event. `request` defaults to the request being answered; `user` to its
    user when logged in. Never raises."""
    try:
        scope = _scope.get()
        request = request if request is not None else scope.request if scope else None
        entry = _entry(kind, request, user, username, status, detail)
    except Exception:  # the log must never break the request
        logger.exception("audit entry %s could not be built", kind)
        return
    if scope is not None and scope.request is request:
        scope.entries.append(entry)
    else:
        _write([entry])


def _entry(kind, request, user, username, status, detail) -> AuditEntry:
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    return AuditEntry(
        kind=kind, user_id=getattr(user, "pk", None), username=(username or "")[:150],
        ip_address=client_ip(request), path=(request.path if request else "")[:500],
        status=status, detail=(detail or "")[:500],
    )


def _write(entries: list[AuditEntry]) -> None:
    if not entries:
        return
    try:
        with transaction.atomic():  # a savepoint: a failed INSERT leaves the caller's work be
            AuditEntry.objects.bulk_create(entries)
    except DatabaseError:
        logger.exception("%d audit entries could not be written", len(entries))


def audit_denied(*, status: int, detail: str, user=None) -> None:
    """A refused access to a regency or a row of it (403 or 404), for the request being
    answered."""
    audit_record(AuditKind.DENIED, user=user, status=status, detail=detail)


class AuditMiddleware:
    """Collect the request's audit entries and write them once the response is made."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _scope.set(_RequestScope(request))
        try:
            response = self.get_response(request)
        finally:
            scope = _scope.get()
            _scope.reset(token)
            _write(scope.entries)
        return response


def _on_login(sender, request, user, **kwargs) -> None:
    audit_record(AuditKind.LOGIN, request=request, user=user)


def _on_logout(sender, request, user, **kwargs) -> None:
    audit_record(AuditKind.LOGOUT, request=request, user=user)


def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_record(AuditKind.LOGIN_FAILED, request=request,
                 username=str(credentials.get("username") or ""))


def _on_locked_out(sender, request=None, username=None, **kwargs) -> None:
    audit_record(AuditKind.LOCKED_OUT, request=request, username=str(username or ""),
                 status=429)


def connect_signals() -> None:
    """Called once from the app's ready(): Django's login signals and axes' lockout."""
    from axes.signals import user_locked_out
    from django.contrib.auth import signals

    signals.user_logged_in.connect(_on_login, dispatch_uid="audit-login")
    signals.user_logged_out.connect(_on_logout, dispatch_uid="audit-logout")
    signals.user_login_failed.connect(_on_login_failed, dispatch_uid="audit-login-failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="audit-locked-out")
