"""A phone is a first-class screen: no main page is wider than the screen, at 390 px (a phone)
or at 1366 px (a laptop). Wide tables scroll inside their own box; buttons wrap.

Every page of the permission table (tests/test_every_url.py) that answers with HTML is opened
in Chromium as the first of secretariat, OPD, reviewer and member it allows, plus the pages
outside the table (the national overview, the login page), on data with long names, long
unbroken words and long links. For each page and width: the document is not wider than the
window, and no button sticks out of the window's right edge. One browser, one context per
user; the session cookie comes from Django's test client, not from the login form.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.choices import MinutesStatus
from meetings.models import Meeting
from programs.models import Program
from tests.everything import make_objects
from tests.factories import CouncilMemberFactory, ProgramFactory
from tests.test_every_url import PERMISSIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)
USERS = ("secretariat", "opd", "reviewer", "member")
LONG = ("Dinas Komunikasi, Informatika, Statistik dan Persandian — Bidang Tata Kelola Data "
        "Terpadu Kabupaten")
UNBROKEN = "Satu-Data-Humbang-Hasundutan-Terintegrasi-SP4N-LAPOR-dan-Sistem-Informasi-Desa"

# What a page may hold that sticks out on purpose: nothing, for now.
OVERFLOW_JS = """(width) => {
  const doc = document.documentElement.scrollWidth;
  const buttons = [...document.querySelectorAll('.btn, button, select')]
    .filter(el => el.offsetParent !== null)
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.width > 0 && box.right > width + 0.5)
    .map(([el, box]) => (el.innerText || el.name || el.tagName).trim().slice(0, 40)
                        + ' @' + Math.round(box.right));
  return {doc, buttons};
}"""


def awkward(world, objects) -> None:
    """Long names and long unbroken words where real data has them."""
    world.regency.name = "Labuhanbatu Utara Humbang Hasundutan"
    world.regency.save()
    for user in (world.secretariat, world.opd, world.reviewer, world.member):
        user.first_name, user.last_name = "Sekretariat Dewan", "Humbang Hasundutan"
        user.save()
    world.agency.name = LONG
    world.agency.save()
    Program.objects.filter(regency=world.regency).update(name=f"{LONG} {UNBROKEN}")
    ProgramFactory(regency=world.regency, agency=world.agency, code="HBH-GOV-2026-ÜBERLANG-01",
                   name=UNBROKEN, start_year=2020, end_year=2035)
    meeting = Meeting.objects.get(pk=objects.values["meeting"])
    meeting.title = f"Rapat Pleno {LONG} {UNBROKEN}"
    meeting.online_link = f"https://zoom.example/j/{UNBROKEN}?pwd={UNBROKEN}"
    meeting.save()
    CouncilMemberFactory(regency=world.regency, decree_id=objects.values_decree,
                         agency=world.agency, name="Dr. Ir. Remus Hasiholan Pardede, M.Si",
                         position=LONG, email=f"{UNBROKEN.lower()}@humbanghasundutankab.go.id")


def pages(world, objects) -> list[tuple[str, str]]:
    """(user, URL) of every page to look at."""
    found = [("reviewer", reverse("national:overview")),
             ("secretariat", reverse("password_change"))]
    for name, rule in sorted(PERMISSIONS.items()):
        if rule is None or rule.method != "get":
            continue
        user = next((u for u in USERS if u in rule.allowed), None)
        if user:
            found.append((user, objects.url(name, world.regency.slug, rule)))
    return found


def html_page(client: Client, url: str) -> bool | None:
    """True for a page; False for a file, a feed, a redirect or a file not there (the draft
    minutes have no PDF); None for a server error."""
    response = client.get(url)
    if response.status_code >= 500:
        return None
    return response.status_code == 200 and "text/html" in response.get("Content-Type", "") \
        and b"<html" in response.content[:400]


def context_for(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="id-ID", viewport={"width": WIDTHS[0], "height": 800})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return client, context


@pytest.fixture
def demo_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    objects = make_objects(world, minutes_status=MinutesStatus.DRAFT)
    objects.values_decree = objects.values["decree"]
    awkward(world, objects)
    # A meeting coming up, so that the overview shows its time.
    Meeting.objects.create(regency=world.regency, title=f"Rapat {UNBROKEN}",
                           start=timezone.now() + datetime.timedelta(days=3),
                           end=timezone.now() + datetime.timedelta(days=3, hours=2),
                           place=LONG)
    return world, objects


def test_no_main_page_is_wider_than_a_phone_or_a_laptop(browser, live_server, demo_world):
    world, objects = demo_world
    problems, looked_at = [], 0
    by_user: dict[str, list[str]] = {}
    for user, url in pages(world, objects):
        by_user.setdefault(user, []).append(url)
    for user, urls in by_user.items():
        client, context = context_for(browser, live_server, getattr(world, user))
        page = context.new_page()
        page.set_default_timeout(15_000)
        for url in urls:
            kind = html_page(client, url)
            if kind is None:
                problems.append(f"{user} {url}: an error page")
            if not kind:
                continue  # a file, a calendar feed, a redirect
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                page.goto(live_server.url + url)
                page.wait_for_load_state("load")
                seen = page.evaluate(OVERFLOW_JS, width)
                looked_at += 1
                if seen["doc"] > width or seen["buttons"]:
                    problems.append(f"{width}px {user} {url}: page {seen['doc']}px, "
                                    f"buttons outside {seen['buttons']}")
        context.close()
    assert looked_at >= 70, looked_at
    assert not problems, "\n".join(problems)


def test_the_favicon_every_page_links_is_served(browser, live_server, world):
    client, context = context_for(browser, live_server, world.secretariat)
    page = context.new_page()
    page.goto(live_server.url + reverse("home:overview", args=[world.regency.slug]))
    icons = page.eval_on_selector_all("link[rel~=icon], link[rel=apple-touch-icon]",
                                      "links => links.map(l => l.href)")
    assert len(icons) == 3
    for icon in icons:
        response = context.request.get(icon)
        assert response.status == 200 and response.headers["content-type"].startswith("image/")
    context.close()
