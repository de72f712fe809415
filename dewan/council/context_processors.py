"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from django.http import HttpRequest

from .access import access_for, assignments_for, is_reviewer
from .choices import Perm

# The menu item a page belongs to: by its URL name, else by its app's namespace.
NAV_BY_NAME = {
    "home:tasks": "tasks", "home:overview": "overview", "home:dashboard": "dashboard",
    "programs:quarter": "quarter", "programs:report_new": "quarter",
    "programs:report_edit": "quarter", "programs:verification": "verification",
}
NAV_BY_NAMESPACE = {"national": "national", "council": "council", "meetings": "meetings",
                    "programs": "programs", "reports": "reports"}


def nav_section(request: HttpRequest) -> str:
    """Which menu item to mark as the current page ("" for none)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return NAV_BY_NAME.get(match.view_name) or NAV_BY_NAMESPACE.get(match.namespace, "")


def navigation(request: HttpRequest) -> dict:
    """The regency in view (set by `regency_access`, else the user's first) and its rights."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "access", None)
    if access is None:
        own = [a.regency for a in assignments_for(user) if a.regency_id]
        access = access_for(user, own[0]) if own else None
    perms = access.perms if access else frozenset()
    return {
        "nav_regency": access.regency if access else None,
        "nav_perms": {p.name: (p.value in perms) for p in Perm},
        "nav_is_reviewer": is_reviewer(user),
        "nav_section": nav_section(request),
    }
