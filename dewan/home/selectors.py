"""Read side of the cross-app pages: each app answers for its own figures."""

from __future__ import annotations

from dewan.council.access import Access
from dewan.council.choices import Perm, Role
from dewan.council.selectors import decree_in_force, decree_warning, overview_for
from meetings import selectors as meetings
from programs import selectors as programs
from reports import selectors as reports


def overview(*, access: Access) -> dict:
    """The figures on a regency's home page."""
    return {**overview_for(access=access), **meetings.overview_panel(access=access),
            **programs.overview_panel(access=access)}


def dashboard(*, access: Access, period) -> dict:
    """The regency dashboard: the programs' figures of the period and the overdue follow-ups
    the user may see."""
    return {**programs.dashboard(access=access, period=period),
            "overdue_followups": meetings.overdue_followups(access=access)}


def tasks(*, access: Access) -> dict:
    """"Tugas saya": what waits for this user in the regency, one part per role they hold
    (a user with several roles gets several parts). Each app answers for its own lists."""
    found = {}
    if access.can(Perm.REPORT_PROGRESS):
        found["opd"] = {**programs.opd_tasks(access=access),
                        "followups": meetings.agency_followup_tasks(access=access)}
    if access.can(Perm.MANAGE_MEETINGS) or access.can(Perm.VERIFY_PROGRESS):
        today = access.regency.local_today()
        decree = decree_in_force(regency=access.regency, on=today)
        found["secretariat"] = {
            "reports": programs.reports_to_verify(access=access),
            **meetings.secretariat_meeting_tasks(access=access),
            "decree": decree, "decree_warning": decree_warning(decree, on=today),
        }
    if Role.MEMBER in access.roles:
        found["member"] = {"minutes": meetings.minutes_to_review(access=access)}
    if Role.REVIEWER in access.roles:
        found["reviewer"] = reports.unread_ready_reports(
            user=access.user, regencies=[access.regency])
    return found

