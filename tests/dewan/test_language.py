"""Indonesian first; English only when the user chooses it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Nama pengguna" in response.content.decode()


def test_choosing_english_switches_the_interface(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/akun/masuk/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Username" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx"
    assert client.get(reverse("login"))["Content-Language"] == "id"
