"""Every page as every user: no link a user is shown may answer with a server error.

Each demo role logs in, starts from the home page and follows every link and download it is
shown (`href`, `hx-get`), breadth first, up to a bound. The data is the demo data plus the
awkward cases real life produces (tests/awkward.py): users deleted after they left history
rows, an empty regency, programs without reports, meetings with only guests, very long and
non-ASCII names, commas in people's names. New pages are covered without anyone adding them:
they are reached through the links that lead to them.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from tests.awkward import add_awkward_data

pytestmark = pytest.mark.django_db

# (username, language): the secretariat walks the portal in English too, which catches
# catalogue entries whose placeholders do not match the source.
ROLES = [("sekretariat.humbahas", "id"), ("opd.kominfo.humbahas", "id"),
         ("anggota.humbahas", "id"), ("reviewer.komdigi", "id"), ("reviewer.sumut", "id"),
         ("admin", "id"), ("sekretariat.awkward", "id"), ("sekretariat.humbahas", "en"),
         ("opd.kominfo.humbahas", "en")]
MAX_URLS_PER_ROLE = 500
# The same page with other ids teaches little after a while: at most this many per URL name
# (the awkward rows are linked early, on the pages they belong to).
MAX_PER_URL_NAME = 25
LINK = re.compile(r'(?:href|hx-get)="([^"#]+)')
NOT_FOLLOWED = ("/akun/keluar/", "/i18n/", "/static/", "/admin/logout/", "/media/")


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


def crawl(client: Client, start: list[str]) -> Crawl:
    result, queue, seen, per_name = Crawl(), deque(start), set(start), Counter()
    while queue and len(result.visited) < MAX_URLS_PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        result.visited.append(url)
        result.statuses[response.status_code] += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            result.errors.append(f"{response.status_code} {url} {exc[1]!r}" if exc else url)
            continue
        if response.status_code in (301, 302):
            links = _links(url, f'href="{response["Location"]}"')
        elif "text/html" in response.get("Content-Type", ""):
            links = _links(url, response.content.decode())
        else:
            continue
        for link in links:
            name = _url_name(link)
            if link in seen or name is None or per_name[name] >= MAX_PER_URL_NAME:
                continue
            seen.add(link)
            per_name[name] += 1
            queue.append(link)
    return result


def _links(base: str, html: str) -> list[str]:
    found = []
    for raw in LINK.findall(html):
        url = urljoin(base, raw.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.scheme in ("mailto", "tel") or path.startswith(NOT_FOLLOWED):
            continue
        found.append(path)
    return found


def _url_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


@pytest.fixture
def demo_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("seed_demo", force=True, verbosity=0, stdout=None)
    add_awkward_data()


def test_every_page_as_every_user_answers_without_a_server_error(demo_world):
    users = get_user_model().objects
    report = {}
    errors = []
    for username, language in ROLES:
        client = Client(raise_request_exception=False)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.force_login(users.get(username=username))
        start = ["/", "/admin/"] if username == "admin" else ["/"]
        result = crawl(client, start)
        report[f"{username} ({language})"] = (len(result.visited), dict(result.statuses))
        errors += [f"{username} ({language}): {error}" for error in result.errors]
        assert len(result.visited) >= 10, (username, result.visited)
    print("crawled:", report)
    assert not errors, "\n".join(errors)
