"""The personal calendar-feed link stops working when the password changes, and the user can
make their links anew ("Buat ulang tautan"), which ends every older one."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from dewan.core.choices import AuditKind
from dewan.core.models import AuditEntry
from meetings.models import CalendarFeedKey
from meetings.views.calendar import FEED_SALT, feed_link

pytestmark = pytest.mark.django_db


def works(link: str) -> bool:
    response = Client().get(link)
    return response.status_code == 200 and b"BEGIN:VEVENT" in response.content


def renew(world, user, client: Client | None = None):
    client = client or world.client_for(user)
    return client.post(reverse("meetings:feed_renew", args=[world.regency.slug]))


def test_the_link_works_until_the_password_changes(world, meeting):
    link = feed_link(world.member, world.regency)
    assert works(link)
    world.member.set_password("Kata-Sandi-Baru-2024")
    world.member.save()
    assert not works(link)
    assert works(feed_link(world.member, world.regency))


def test_the_link_changes_when_the_password_is_changed_through_the_portal(world, meeting):
    client = world.client_for(world.member)
    link = feed_link(world.member, world.regency)
    client.post(reverse("password_change"), {"old_password": "rahasia-uji-123",
                                             "new_password1": "Kata-Sandi-Baru-2024",
                                             "new_password2": "Kata-Sandi-Baru-2024"})
    assert not works(link)


def test_making_the_links_anew_ends_every_older_link_and_shows_the_new_one(world, meeting):
    old = feed_link(world.member, world.regency)
    client = world.client_for(world.member)
    response = renew(world, world.member, client)
    assert response.status_code == 302
    assert response["Location"].endswith("/rapat/#kalender-pribadi")
    assert not works(old)
    page = client.get(response["Location"]).content.decode()
    assert "Tautan kalender pribadi dibuat ulang" in page
    new = feed_link(world.member, world.regency)
    assert new != old and new in page and works(new)
    entry = AuditEntry.objects.get(kind=AuditKind.CALENDAR_LINK_RENEWED)
    assert entry.user == world.member


def test_making_links_anew_twice_ends_the_second_link_too(world, meeting):
    renew(world, world.member)
    second = feed_link(world.member, world.regency)
    renew(world, world.member)
    assert not works(second)
    assert CalendarFeedKey.objects.filter(user=world.member).count() == 1


def test_one_users_new_links_leave_another_users_links_working(world, meeting):
    others = feed_link(world.secretariat, world.regency)
    renew(world, world.member)
    assert works(others)


def test_the_meeting_list_shows_the_renew_button_and_reading_it_makes_no_key(world, meeting):
    page = world.client_for(world.member).get(
        reverse("meetings:list", args=[world.regency.slug])).content.decode()
    assert "Buat ulang tautan" in page
    assert reverse("meetings:feed_renew", args=[world.regency.slug]) in page
    assert not CalendarFeedKey.objects.exists()


def test_renewing_needs_a_post(world):
    url = reverse("meetings:feed_renew", args=[world.regency.slug])
    assert world.client_for(world.member).get(url).status_code == 405


def test_a_link_of_the_former_format_or_with_a_forged_fingerprint_is_a_404(world, meeting):
    old_format = signing.dumps([world.member.pk, world.regency.pk], salt=FEED_SALT)
    forged = signing.dumps([world.member.pk, world.regency.pk, "0" * 32], salt=FEED_SALT)
    for token in (old_format, forged):
        url = reverse("meetings:feed_token", args=[world.regency.slug, token])
        assert Client().get(url).status_code == 404
