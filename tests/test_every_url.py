"""Every URL of the project in the permission matrix, like NetBox's ViewTestCases.

`PERMISSIONS` names, for each URL pattern, who may use it. `test_every_url_pattern_is_in_the_
permission_table` lists the project's URL patterns and fails when one has no entry, so a new
page cannot be added without saying who may open it; `test_the_permission_matrix_of` then puts
every entry through every kind of user (tests/matrix.py): allowed users get their page, the
users named "hidden" a 404 (the object does not exist for them), everyone else in the regency
a 403, users of another regency and users without a role a 404, anonymous visitors the login
page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from meetings.choices import MinutesStatus
from tests.everything import Objects, make_objects
from tests.matrix import assert_matrix

EVERYONE = frozenset({"secretariat", "opd", "other_opd", "member", "reviewer"})
SECRETARIAT = frozenset({"secretariat"})
EDITORS = frozenset({"secretariat", "opd", "other_opd"})
# A POST may be refused by the domain after the permission check (the state is wrong for it):
# the matrix is about who gets through the door.
POST_OK = (200, 302, 400, 404, 409)


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    hidden: frozenset[str] = frozenset()
    args: tuple[str, ...] = ()  # names of objects of `Objects` after the regency slug
    method: str = "get"
    data: dict = field(default_factory=dict)


def post(allowed, *args, hidden=frozenset(), data=None) -> Rule:
    return Rule(frozenset(allowed), frozenset(hidden), args, "post", data or {})


def get(allowed, *args, hidden=frozenset()) -> Rule:
    return Rule(frozenset(allowed), frozenset(hidden), args)


PERMISSIONS: dict[str, Rule | None] = {
    # Not tenant pages: the matrix does not apply (reason given).
    "home": None,  # every logged-in user; sends each to their own page (tests/dewan)
    "login": None, "logout": None,  # authentication itself
    "password_change": None, "password_change_done": None,  # the user's own account
    # Forgotten password by e-mail: for visitors who cannot log in (tests/dewan/test_passwords.py)
    "password_reset": None, "password_reset_done": None,
    "password_reset_confirm": None, "password_reset_complete": None,
    "set_language": None,  # Django's language switch, no data
    "meetings:feed_token": None,  # signed personal link, no session (tests/meetings)
    "national:overview": None,  # reviewers across regencies (tests/reports/test_pages.py)
    # Reviewers' downloads across regencies (tests/reports/test_national_downloads.py)
    "national:export": None, "national:reports_zip": None,
    "healthz": None,  # no login, any host: the probes' health check (tests/production)
    # Public verification of issued documents, no login (tests/dewan/test_verification.py)
    "verification:start": None, "verification:document": None,
    "favicon": None,  # a redirect to the static icon, for everyone (tests/dewan/test_navigation.py)
    # Per-user pages outside any regency: each user sees only their own notifications
    # (another user's is a 404, marking read is a POST; tests/dewan/test_notifications.py).
    "notifications:inbox": None, "notifications:read": None,
    "notifications:read_all": None, "notifications:preferences": None,
    # The regency's home pages
    "home:overview": get(EVERYONE),
    "home:tasks": get(EVERYONE),
    "home:dashboard": get(EVERYONE),
    # Council register
    "council:composition": get(EVERYONE),
    "council:composition_pdf": get(EVERYONE),
    "council:documents": get(SECRETARIAT),
    "council:decree_list": get(EVERYONE),
    "council:decree_create": get(SECRETARIAT),
    "council:decree_detail": get(EVERYONE, "decree"),
    "council:decree_edit": get(SECRETARIAT, "decree"),
    "council:decree_scan": get(EVERYONE, "decree"),
    "council:member_create": get(SECRETARIAT, "decree"),
    "council:member_detail": get(EVERYONE, "member"),
    "council:member_edit": get(SECRETARIAT, "member"),
    # Meetings
    "meetings:list": get(EVERYONE),
    "meetings:create": get(SECRETARIAT),
    "meetings:feed": get(EVERYONE),
    "meetings:feed_renew": post(EVERYONE),  # the user's own links (tests/meetings/test_feed_links)
    "meetings:followup_list": get(EVERYONE),
    "meetings:followup_detail": get(EVERYONE - {"other_opd"}, "followup",
                                    hidden={"other_opd"}),
    "meetings:followup_update": post({"secretariat", "opd"}, "followup", hidden={"other_opd"},
                                     data={"date": "2025-01-02", "text": "Berjalan"}),
    "meetings:followup_review": post(SECRETARIAT, "followup",
                                     data={"decision": "buka", "comment": "Bukti kurang"}),
    "meetings:followup_attachment": get(EVERYONE - {"other_opd"}, "followup", "followup_note",
                                        hidden={"other_opd"}),
    "meetings:detail": get(EVERYONE, "meeting"),
    "meetings:edit": get(SECRETARIAT, "meeting"),
    "meetings:ics": get(EVERYONE, "meeting"),
    "meetings:invite": post(SECRETARIAT, "meeting"),
    "meetings:invite_retry": post(SECRETARIAT, "meeting"),
    "meetings:agenda_add": post(SECRETARIAT, "meeting", data={"title": "Penutup"}),
    "meetings:agenda_remove": post(SECRETARIAT, "meeting", "agenda_item"),
    "meetings:agenda_move": post(SECRETARIAT, "meeting", "agenda_item", "down"),
    "meetings:attendance": get(EVERYONE, "meeting"),
    "meetings:guest_add": post(SECRETARIAT, "meeting", data={"name": "Tamu"}),
    "meetings:attendance_prefill": post(SECRETARIAT, "meeting"),
    "meetings:attendance_remove": post(SECRETARIAT, "meeting", "attendance"),
    "meetings:minutes": get(EVERYONE, "meeting"),
    "meetings:minutes_edit": get(SECRETARIAT, "meeting"),
    "meetings:minutes_circulate": post(SECRETARIAT, "meeting"),
    "meetings:minutes_approve": post(SECRETARIAT, "meeting"),
    "meetings:minutes_approve_confirm": get(SECRETARIAT, "meeting"),
    # Only the members who attended comment (world.member's account attended).
    "meetings:minutes_comment": post({"member"}, "meeting", data={"text": "Koreksi"}),
    "meetings:minutes_comment_resolve": post(SECRETARIAT, "meeting", "minutes_comment",
                                             data={"note": "Diperbaiki"}),
    "meetings:minutes_pdf": get(EVERYONE, "meeting"),
    "meetings:followup_create": get(SECRETARIAT, "meeting"),
    "meetings:attachment_add": post(SECRETARIAT, "meeting"),
    "meetings:attachment_download": get(EVERYONE, "meeting", "attachment"),
    "meetings:attachment_remove": post(SECRETARIAT, "meeting", "attachment"),
    # Programs and progress
    "programs:list": get(EVERYONE),
    "programs:create": get(EDITORS),
    "programs:export": get(EVERYONE),
    "programs:import": get(EDITORS),
    "programs:import_template": get(EDITORS),
    "programs:detail": get(EVERYONE, "program"),
    "programs:edit": get({"secretariat", "opd"}, "program"),
    "programs:indicators": get({"secretariat", "opd"}, "program"),
    "programs:report_new": get({"opd"}, "fresh_program", "year", "quarter"),
    "programs:quarter": get({"opd", "other_opd"}),
    "programs:report_detail": get({"secretariat", "opd", "reviewer"}, "report",
                                  hidden={"other_opd", "member"}),
    "programs:report_edit": get({"opd"}, "draft_report", hidden={"other_opd"}),
    "programs:report_verify": post(SECRETARIAT, "report"),
    "programs:report_return": post(SECRETARIAT, "report"),
    "programs:evidence": get({"secretariat", "opd", "reviewer"}, "report", "evidence",
                             hidden={"other_opd", "member"}),
    "programs:report_export": get(EVERYONE),
    "programs:verification": get(SECRETARIAT),
    "programs:periods": get(SECRETARIAT),
    # Evaluation reports
    "reports:list": get({"secretariat", "member", "reviewer"}),
    "reports:request": post(SECRETARIAT, data={"period": "2024-Q3"}),
    "reports:summary": get(SECRETARIAT, "period_code"),
    "reports:detail": get({"secretariat", "member", "reviewer"}, "evaluation"),
    "reports:status": get({"secretariat", "member", "reviewer"}, "evaluation"),
    "reports:download": get({"secretariat", "member", "reviewer"}, "evaluation"),
    # Only the council's chair or secretary with an account (none of the matrix's users:
    # tests/reports/test_final_versions.py approves as one).
    "reports:approve": post(set(), "evaluation", data={"confirm": "1"}),
    "national:regency": get({"secretariat", "member", "reviewer"}),
    # The ministry's evaluation index: read by whoever reads the reports; the self-assessment
    # scored by the secretariat, the assessors' side by reviewers.
    "reports:index": get({"secretariat", "member", "reviewer"}),
    "reports:index_year": get({"secretariat", "member", "reviewer"}, "index_year"),
    "reports:assessment": get(SECRETARIAT, "index_year", "self_source"),
}


def project_url_names() -> set[str]:
    """Every named URL pattern of the project (Django's admin left out)."""
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = pattern.namespace
                full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_is_in_the_permission_table():
    names = project_url_names()
    missing = sorted(names - PERMISSIONS.keys())
    assert not missing, f"URL patterns without a permission-matrix entry: {missing}"
    assert not sorted(PERMISSIONS.keys() - names), "entries for URLs that no longer exist"


@pytest.fixture
def objects(world, settings, tmp_path) -> Objects:
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_objects(world, minutes_status=MinutesStatus.APPROVED)


@pytest.mark.parametrize("name", sorted(n for n, rule in PERMISSIONS.items() if rule))
def test_the_permission_matrix_of(name, world, objects):
    rule = PERMISSIONS[name]
    assert_matrix(world, objects.url(name, world.regency.slug, rule), allowed=rule.allowed,
                  hidden=rule.hidden, method=rule.method, data=rule.data,
                  ok_status=POST_OK if rule.method == "post" else (200, 302))


# Pages whose reading is itself recorded, by design.
WRITES_ON_READ = {"reports:download": "every download of a report is logged"}


@pytest.mark.parametrize("name", sorted(n for n, rule in PERMISSIONS.items()
                                        if rule and rule.method == "get"
                                        and n not in WRITES_ON_READ))
def test_reading_a_page_never_writes(name, world, objects):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rule = PERMISSIONS[name]
    url = objects.url(name, world.regency.slug, rule)
    for user in sorted(rule.allowed):
        client = world.client_for(getattr(world, user))
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        writes = [q["sql"] for q in queries if domain_write(q["sql"])]
        assert not writes, f"{user} GET {url} wrote: {writes}"


# Bookkeeping a request may write whatever page it reads: the session (its idle expiry is
# pushed forward while the user is active) and django-axes' records of logins.
BOOKKEEPING_TABLES = ("django_session", "axes_")


def domain_write(sql: str) -> bool:
    """Whether the statement writes to a table other than the bookkeeping ones."""
    match = re.match(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', sql, re.I)
    if match is None:
        return sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    return not match.group(1).lower().startswith(BOOKKEEPING_TABLES)


@pytest.mark.parametrize("sql, writes", [
    ('UPDATE "django_session" SET "session_data" = %s', False),
    ('INSERT INTO "axes_accesslog" ("user_agent") VALUES (%s)', False),
    ('INSERT INTO "programs_reportingperiod" ("year") VALUES (%s)', True),
    ('UPDATE "meetings_meeting" SET "title" = %s', True),
    ('DELETE FROM "dewan_decree" WHERE "id" = %s', True),
    ('SELECT "django_session"."session_key" FROM "django_session"', False),
])
def test_only_writes_to_domain_tables_count_as_writes(sql, writes):
    assert domain_write(sql) is writes
