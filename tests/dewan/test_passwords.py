"""Passwords: at least 12 characters with Django's validators; a forgotten one is reset by
e-mail in Indonesian; changes and resets are written to the audit log."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from dewan.core.choices import AuditKind
from dewan.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
NEW_PASSWORD = "Sawah-Humbang-2024"


def change(client: Client, new: str):
    return client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize("weak, reason", [
    ("Pendek-123", "setidaknya 12 karakter"),  # 10 characters
    ("sekretariat-2024", "terlalu mirip"),  # the username
    ("123456789012345", "seluruhnya terdiri dari angka"),
    ("password1234", "terlalu umum"),
])
def test_a_weak_new_password_is_refused_with_the_reason_in_indonesian(world, weak, reason):
    response = change(world.client_for(world.secretariat), weak)
    assert response.status_code == 200
    assert reason in response.content.decode()
    world.secretariat.refresh_from_db()
    assert world.secretariat.check_password(PASSWORD)


def test_a_password_of_12_characters_is_accepted_and_the_change_is_audited(world):
    client = world.client_for(world.secretariat)
    assert change(client, "Kopi-Toba-12").status_code == 302
    world.secretariat.refresh_from_db()
    assert world.secretariat.check_password("Kopi-Toba-12")
    entry = AuditEntry.objects.get(kind=AuditKind.PASSWORD_CHANGED)
    assert entry.user == world.secretariat and entry.ip_address == "127.0.0.1"


def test_the_login_page_links_to_the_forgotten_password_page():
    text = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in text and "Lupa kata sandi?" in text


def reset_link(message) -> str:
    return re.search(r"http://[^\s]+/akun/sandi/atur/[^\s]+/", message.body).group(0)


def test_a_forgotten_password_is_reset_through_an_indonesian_e_mail(settings):
    settings.SITE_URL = "http://portal.example.go.id"
    user = UserFactory(username="sekretariat", email="sekretariat@example.go.id")
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "sekretariat@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "Periksa e-mail Anda" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["sekretariat@example.go.id"]
    assert message.subject == "Atur ulang kata sandi Portal Dewan Smart City"
    assert "Nama pengguna Anda: sekretariat" in message.body
    link = reset_link(message)
    assert link.startswith("http://portal.example.go.id/akun/sandi/atur/")

    form_page = client.get(link.removeprefix("http://portal.example.go.id"), follow=True)
    assert "Buat kata sandi baru" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    kinds = list(AuditEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [AuditKind.PASSWORD_RESET_REQUESTED, AuditKind.PASSWORD_RESET]


def test_a_reset_link_works_only_once(settings):
    UserFactory(username="sekretariat", email="sekretariat@example.go.id")
    client = Client()
    client.post(reverse("password_reset"), {"email": "sekretariat@example.go.id"})
    path = reset_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    set_url = client.get(f"/{path}", follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(f"/{path}", follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in again


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail():
    response = Client().post(reverse("password_reset"), {"email": "siapa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
