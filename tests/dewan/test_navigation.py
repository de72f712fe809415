"""What every page carries: the current menu item marked, the icon, and a language switch
that names each language in its own language."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def current_items(html: str) -> list[str]:
    """The text of the menu links marked as the current page."""
    nav = html[html.index('id="navUtama"'):]
    nav = nav[:nav.index("</nav>")]
    return [re.sub(r"<[^>]+>", "", link).strip()
            for link in re.findall(r'<a class="nav-link active" aria-current="page"[^>]*>(.*?)</a>',
                                   nav, flags=re.S)]


@pytest.mark.parametrize(("user", "name", "item"), [
    ("secretariat", "home:overview", "Ringkasan"),
    ("secretariat", "meetings:list", "Rapat"),
    ("secretariat", "meetings:followup_list", "Rapat"),
    ("secretariat", "council:decree_list", "Dewan"),
    ("secretariat", "programs:list", "Program"),
    ("secretariat", "programs:verification", "Verifikasi"),
    ("secretariat", "home:dashboard", "Dasbor"),
    ("secretariat", "reports:list", "Laporan Evaluasi"),
    ("opd", "programs:quarter", "Laporan triwulan ini"),
])
def test_the_current_menu_item_is_marked_for_the_page_in_view(world, user, name, item):
    client = world.client_for(getattr(world, user))
    html = client.get(reverse(name, args=[world.regency.slug])).content.decode()
    assert current_items(html) == [item]


def test_a_page_inside_a_section_marks_its_section(world):
    program = ProgramFactory(regency=world.regency, agency=world.agency)
    html = world.client_for(world.secretariat).get(
        reverse("programs:detail", args=[world.regency.slug, program.pk])).content.decode()
    assert current_items(html) == ["Program"]


def test_the_reviewers_national_page_marks_nasional(world):
    html = world.client_for(world.reviewer).get(reverse("national:overview")).content.decode()
    assert current_items(html) == ["Nasional"]


def test_every_page_links_an_icon_that_exists(client):
    html = client.get(reverse("login")).content.decode()
    icons = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/([^"]+)"', html)
    assert "img/favicon.svg" in icons and len(icons) == 3
    for icon in icons:
        assert finders.find(icon), icon


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon-32.png"


def test_each_language_is_named_in_its_own_language(client):
    html = client.get(reverse("login")).content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in html
    assert "Inggris" not in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("login")).content.decode()
    assert '<option value="id" lang="id">Bahasa Indonesia</option>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
