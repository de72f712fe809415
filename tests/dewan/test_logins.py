"""Logins: 5 failures lock the username and the address for 15 minutes (django-axes, kept in
the database), in the portal and in the admin, with a page that says when to try again."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
LOGIN = "/akun/masuk/"


def attempt(client: Client, username: str, password: str, *, ip: str = "127.0.0.1",
            url: str = LOGIN, **headers):
    return client.post(url, {"username": username, "password": password},
                       REMOTE_ADDR=ip, **headers)


def fail_five_times(username: str, *, ip: str = "127.0.0.1", url: str = LOGIN):
    client = Client()
    responses = [attempt(client, username, f"salah-{n}", ip=ip, url=url) for n in range(5)]
    return responses


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_four_wrong_passwords_then_the_right_one_logs_in():
    UserFactory(username="sekretariat")
    client = Client()
    for n in range(4):
        assert attempt(client, "sekretariat", f"salah-{n}").status_code == 200
    assert attempt(client, "sekretariat", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_fifth_wrong_password_locks_and_then_even_the_right_one_is_refused():
    UserFactory(username="sekretariat")
    responses = fail_five_times("sekretariat")
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    client = Client()
    response = attempt(client, "sekretariat", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_locked_username_stays_locked_from_another_address():
    UserFactory(username="sekretariat")
    fail_five_times("sekretariat", ip="203.0.113.1")
    client = Client()
    assert attempt(client, "sekretariat", PASSWORD, ip="198.51.100.9").status_code == 429
    assert not logged_in(client)


def test_the_locked_address_stays_locked_for_another_username():
    UserFactory(username="anggota")
    client = Client()
    for n in range(5):
        attempt(client, f"tebakan-{n}", "salah", ip="203.0.113.1")
    assert attempt(client, "anggota", PASSWORD, ip="203.0.113.1").status_code == 429
    assert attempt(client, "anggota", PASSWORD, ip="198.51.100.9").status_code == 302


def test_the_lockout_page_is_the_login_form_saying_in_indonesian_when_to_try_again():
    UserFactory(username="sekretariat")
    response = fail_five_times("sekretariat")[-1]
    text = response.content.decode()
    ends = timezone.localtime(AccessAttempt.objects.get().attempt_time
                              + datetime.timedelta(minutes=15))
    assert f"dikunci sampai pukul {ends:%H:%M} WIB (dalam 15 menit)" in text
    assert 'name="username"' in text and 'value="sekretariat"' in text
    assert "Lupa kata sandi?" in text
    assert response.templates[0].name == "registration/login.html"


def test_the_lock_ends_after_15_minutes():
    UserFactory(username="sekretariat")
    fail_five_times("sekretariat")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    client = Client()
    assert attempt(client, "sekretariat", PASSWORD).status_code == 302
    assert logged_in(client)


def test_trying_during_the_lock_does_not_push_its_end_further():
    UserFactory(username="sekretariat")
    fail_five_times("sekretariat")
    first = AccessAttempt.objects.get().attempt_time
    for _ in range(3):
        attempt(Client(), "sekretariat", "salah-lagi")
    assert AccessAttempt.objects.get().attempt_time == first


def test_the_failures_are_counted_in_the_database_so_every_process_sees_them():
    UserFactory(username="sekretariat")
    fail_five_times("sekretariat")
    row = AccessAttempt.objects.get()
    assert (row.username, row.ip_address, row.failures_since_start) == (
        "sekretariat", "127.0.0.1", 5)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


def test_the_admin_login_is_locked_too_and_says_so_on_its_own_page():
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    responses = fail_five_times("admin", url=admin_login)
    assert responses[-1].status_code == 429
    assert "dikunci sampai pukul" in responses[-1].content.decode()
    assert responses[-1].templates[0].name == "admin/login.html"
    client = Client()
    assert attempt(client, "admin", PASSWORD, url=admin_login).status_code == 429
    assert not logged_in(client)


def test_without_a_proxy_a_forged_x_forwarded_for_is_ignored():
    UserFactory(username="sekretariat")
    attempt(Client(), "sekretariat", "salah", ip="203.0.113.1",
            HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.1"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings):
    # What DJANGO_REVERSE_PROXIES=1 sets (test_one_reverse_proxy_is_the_production_default).
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    UserFactory(username="sekretariat")
    attempt(Client(), "sekretariat", "salah", ip="10.0.0.2",
            HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    attempt(Client(), "sekretariat", "salah", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.7", "203.0.113.8"}


def _settings_in_a_fresh_process(env: dict, expression: str) -> str:
    code = f"from django.conf import settings as s; print({expression})"
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "dewan.project.settings"}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, check=True,
                          capture_output=True, text=True, cwd=settings.BASE_DIR).stdout.strip()


def test_one_reverse_proxy_is_the_production_default_and_none_in_development():
    expression = "s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT"
    production = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60}
    assert _settings_in_a_fresh_process(production, expression) == (
        "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 0")
    assert _settings_in_a_fresh_process({}, expression) == "('REMOTE_ADDR',) None"
    two = {**production, "DJANGO_REVERSE_PROXIES": "2"}
    assert _settings_in_a_fresh_process(two, expression).endswith(" 1")


def test_a_test_client_force_login_still_works(world):
    response = world.client_for(world.secretariat).get(
        reverse("home:overview", args=[world.regency.slug]))
    assert response.status_code == 200


def test_a_lockout_is_announced_with_a_lock_end_in_the_future():
    UserFactory(username="sekretariat")
    text = fail_five_times("sekretariat")[-1].content.decode()
    hour, minute = map(int, re.search(r"pukul (\d\d):(\d\d)", text).groups())
    now = timezone.localtime()
    minutes_ahead = (hour * 60 + minute - now.hour * 60 - now.minute) % (24 * 60)
    assert 14 <= minutes_ahead <= 15
