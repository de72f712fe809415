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


def test_a_request_leaves_no_language_or_time_zone_behind(world):
    from django.utils import timezone, translation

    before_language, before_zone = translation.get_language(), timezone.get_current_timezone()
    client = world.client_for(world.secretariat)
    client.cookies["django_language"] = "en"
    world.regency.time_zone = "Asia/Jayapura"
    world.regency.save()
    assert client.get(reverse("home:overview", args=[world.regency.slug])).status_code == 200
    assert translation.get_language() == before_language
    assert timezone.get_current_timezone() == before_zone
