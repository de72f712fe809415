"""Sessions: a new id at login, gone when the browser closes, after 30 idle minutes and 12
hours after the login whatever the activity."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dewan.core.choices import AuditKind
from dewan.core.middleware import LOGIN_AT, REFRESHED_AT
from dewan.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


def log_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def change_session(client: Client, **values) -> None:
    session = client.session
    session.update(values)
    session.save()


def overview(world) -> str:
    return reverse("home:overview", args=[world.regency.slug])


def test_logging_in_gives_a_new_session_id_and_the_old_one_is_gone():
    UserFactory(username="sekretariat")
    client = Client()
    change_session(client, sebelum_masuk=True)  # a visitor's session, e.g. a planted id
    before = client.cookies["sessionid"].value
    assert log_in(client, "sekretariat").status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()["_auth_user_id"]


def test_the_session_cookie_ends_when_the_browser_closes():
    UserFactory(username="sekretariat")
    response = log_in(Client(), "sekretariat")
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] is True


def test_a_session_expires_30_minutes_after_the_last_request():
    UserFactory(username="sekretariat")
    client = Client()
    log_in(client, "sekretariat")
    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_an_idle_session_that_expired_no_longer_opens_pages(world):
    client = world.client_for(world.secretariat)
    assert client.get(overview(world)).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(overview(world))
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_activity_pushes_the_idle_expiry_forward(world):
    client = world.client_for(world.secretariat)
    change_session(client, **{REFRESHED_AT: int(time.time()) - 61})
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get(overview(world)).status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29)


def test_requests_within_a_minute_do_not_write_the_session(world):
    client = world.client_for(world.secretariat)
    with CaptureQueriesContext(connection) as queries:
        client.get(overview(world))
    assert not [q for q in queries if "django_session" in q["sql"]
                and q["sql"].lstrip().upper().startswith("UPDATE")]


def test_a_session_ends_12_hours_after_the_login_whatever_the_activity(world):
    client = world.client_for(world.secretariat)
    change_session(client, **{LOGIN_AT: int(time.time()) - 12 * 3600 - 1,
                              REFRESHED_AT: int(time.time())})
    response = client.get(overview(world), follow=True)
    assert response.redirect_chain[0][0].startswith("/akun/masuk/")
    assert "sudah 12 jam sejak masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(kind=AuditKind.SESSION_ENDED)
    assert entry.user == world.secretariat and entry.path == overview(world)


def test_a_session_of_almost_12_hours_still_works(world):
    client = world.client_for(world.secretariat)
    change_session(client, **{LOGIN_AT: int(time.time()) - 12 * 3600 + 60})
    assert client.get(overview(world)).status_code == 200


def test_a_session_without_a_login_moment_is_ended(world):
    client = world.client_for(world.secretariat)
    session = client.session
    del session[LOGIN_AT]
    session.save()
    assert client.get(overview(world)).status_code == 302
