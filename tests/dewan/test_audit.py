"""The audit log: logins, failures, lockouts, logouts and refused accesses to a regency or a
row of it, read-only for the administrator; a failure to write it never breaks a request."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from dewan.core.audit import audit_record
from dewan.core.choices import AuditKind
from dewan.core.models import AuditEntry
from tests.factories import DecreeFactory, FollowUpFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def kinds() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("kind", flat=True))


def post_login(client: Client, username: str, password: str, ip: str = "203.0.113.5"):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def test_a_login_a_failed_login_and_a_logout_are_recorded_with_user_and_address():
    user = UserFactory(username="sekretariat")
    client = Client()
    post_login(client, "sekretariat", "salah")
    post_login(client, "sekretariat", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.5")
    assert kinds() == [AuditKind.LOGIN_FAILED, AuditKind.LOGIN, AuditKind.LOGOUT]
    failed, login, logout = AuditEntry.objects.order_by("pk")
    assert (failed.username, failed.user, failed.ip_address, failed.path) == (
        "sekretariat", None, "203.0.113.5", "/akun/masuk/")
    assert (login.user, login.ip_address) == (user, "203.0.113.5")
    assert (logout.user, logout.path) == (user, "/akun/keluar/")


def test_a_lockout_is_recorded_with_each_refused_attempt():
    UserFactory(username="sekretariat")
    client = Client()
    for n in range(5):
        post_login(client, "sekretariat", f"salah-{n}")
    post_login(client, "sekretariat", PASSWORD)
    # the fifth failure locks; the right password during the lock is a refused attempt
    assert Counter(kinds()) == {AuditKind.LOGIN_FAILED: 6, AuditKind.LOCKED_OUT: 2}
    lockout = AuditEntry.objects.filter(kind=AuditKind.LOCKED_OUT).first()
    assert (lockout.username, lockout.status, lockout.ip_address) == (
        "sekretariat", 429, "203.0.113.5")


def test_a_regency_without_a_role_there_is_recorded_as_refused(world):
    url = reverse("meetings:list", args=[world.regency.slug])
    assert world.client_for(world.outsider_secretariat).get(url).status_code == 404
    entry = AuditEntry.objects.get(kind=AuditKind.DENIED)
    assert (entry.user, entry.status, entry.path, entry.ip_address) == (
        world.outsider_secretariat, 404, url, "127.0.0.1")
    assert "humbang-uji" in entry.detail


def test_a_missing_right_is_recorded_as_refused(world):
    url = reverse("meetings:create", args=[world.regency.slug])
    assert world.client_for(world.member).get(url).status_code == 403
    entry = AuditEntry.objects.get(kind=AuditKind.DENIED)
    assert (entry.user, entry.status, entry.path) == (world.member, 403, url)
    assert entry.detail == "hak manage_meetings di humbang-uji"


def test_another_agencys_row_is_recorded_as_refused_with_what_was_asked(world):
    followup = FollowUpFactory(meeting=MeetingFactory(regency=world.regency),
                               agency=world.agency)
    url = reverse("meetings:followup_detail", args=[world.regency.slug, followup.pk])
    assert world.client_for(world.other_opd).get(url).status_code == 404
    entry = AuditEntry.objects.get(kind=AuditKind.DENIED)
    assert entry.user == world.other_opd and entry.status == 404
    assert entry.detail == f"meetings.FollowUp #{followup.pk} (view) di humbang-uji"


def test_a_row_the_user_may_see_but_not_change_is_recorded_as_a_403(world):
    decree = DecreeFactory(regency=world.regency)
    url = reverse("council:decree_edit", args=[world.regency.slug, decree.pk])
    assert world.client_for(world.member).get(url).status_code == 403
    assert AuditEntry.objects.get(kind=AuditKind.DENIED).status == 403


def test_pages_the_user_may_open_record_nothing(world):
    world.client_for(world.secretariat).get(reverse("meetings:list", args=[world.regency.slug]))
    assert not AuditEntry.objects.filter(kind=AuditKind.DENIED).exists()


def test_an_anonymous_visitor_sent_to_the_login_page_is_not_a_refusal(world):
    Client().get(reverse("meetings:list", args=[world.regency.slug]))
    assert not AuditEntry.objects.exists()


def test_a_refusal_inside_a_transaction_that_rolls_back_is_still_recorded(world, rf):
    from dewan.core.audit import AuditMiddleware

    def view(request):
        try:
            with transaction.atomic():
                audit_record(AuditKind.DENIED, request=request, status=403, detail="uji")
                raise RuntimeError("the view's work fails")
        except RuntimeError:
            pass
        from django.http import HttpResponse
        return HttpResponse()

    request = rf.get("/r/humbang-uji/")
    request.user = world.member
    AuditMiddleware(view)(request)
    assert AuditEntry.objects.get().detail == "uji"


def test_a_failing_audit_write_breaks_neither_a_login_nor_a_refusal(world, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("audit table is gone")

    monkeypatch.setattr(AuditEntry.objects, "bulk_create", broken)
    client = Client()
    assert post_login(client, "sekretariat", PASSWORD).status_code == 302
    url = reverse("meetings:create", args=[world.regency.slug])
    assert world.client_for(world.member).get(url).status_code == 403


def test_the_administrator_reads_the_log_but_cannot_add_change_or_delete(world):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    post_login(Client(), "sekretariat", "salah")
    entry = AuditEntry.objects.get()
    client = world.client_for(admin)
    listing = client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200 and "sekretariat" in listing.content.decode()
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"username": "lain"}).status_code == 403
    delete_url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.username == "sekretariat"
