"""The busiest regency pages kept whole per user (dewan/council/pages.py): served again only
while nothing they show has changed, for the same user with the same rights, in the same
language; drawn again at once after any write, and always drawn without a shared cache."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dewan.council.models import RoleAssignment
from meetings import services as meeting_services
from programs.choices import ReportStatus
from reports import services as report_services
from reports.choices import RenderStatus
from tests.factories import (
    AgendaItemFactory,
    EvaluationReportFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
)
from tests.programs.factories import this_period

# session, user, and the user's roles with the bell's count and the regency in the URL
KEPT_PAGE_QUERIES = 3


@pytest.fixture
def keeping(shared_cache, settings):
    settings.KEEP_PAGES = True
    return shared_cache


def _urls(world) -> dict[str, tuple[object, str]]:
    slug = world.regency.slug
    meeting = MeetingFactory(regency=world.regency, title="Rapat Koordinasi Dewan Smart City")
    return {
        "program list": (world.secretariat, reverse("programs:list", args=[slug])),
        "verification queue": (world.secretariat, reverse("programs:verification", args=[slug])),
        "regency overview": (world.member, reverse("home:overview", args=[slug])),
        "dashboard": (world.opd, reverse("home:dashboard", args=[slug])),
        "meeting detail": (world.secretariat, reverse("meetings:detail", args=[slug, meeting.pk])),
        "national regency page": (world.reviewer, reverse("national:regency", args=[slug])),
    }


def _program_list(world) -> tuple[Client, str]:
    """The secretariat's browser and the program list's address."""
    return world.client_for(world.secretariat), reverse("programs:list",
                                                        args=[world.regency.slug])


def _get(client: Client, url: str, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["program list", "verification queue", "regency overview",
                                  "dashboard", "meeting detail", "national regency page"])
def test_a_page_seen_again_is_served_kept_in_three_queries(world, keeping, page):
    ProgramFactory(regency=world.regency, agency=world.agency, name="Satu Data Humbahas")
    user, url = _urls(world)[page]
    client = world.client_for(user)
    drawn, drawn_queries = _get(client, url)
    kept, kept_queries = _get(client, url)
    assert drawn.context is not None and kept.context is None  # no view ran the second time
    assert kept.content == drawn.content
    assert kept["Content-Type"] == drawn["Content-Type"]
    assert kept_queries == KEPT_PAGE_QUERIES < drawn_queries


@pytest.mark.django_db
def test_a_change_in_the_regency_is_shown_at_once_and_one_elsewhere_keeps_the_page(
        world, keeping):
    program = ProgramFactory(regency=world.regency, agency=world.agency, name="Satu Data")
    elsewhere = ProgramFactory(regency=world.other_regency, name="Program daerah lain")
    client, url = _program_list(world)
    _get(client, url)

    elsewhere.name = "Program daerah lain, diubah"
    elsewhere.save()
    response, queries = _get(client, url)
    assert queries == KEPT_PAGE_QUERIES  # another regency's write: still the kept page

    program.name = "Satu Data Kabupaten — Tahap II"
    program.save()
    response, queries = _get(client, url)
    assert "Satu Data Kabupaten — Tahap II" in response.content.decode()
    assert queries > KEPT_PAGE_QUERIES


def _name(user) -> str:
    from django.utils.html import escape

    return escape(user.get_full_name() or user.username)


@pytest.mark.django_db
def test_each_user_has_their_own_page_and_a_withdrawn_role_is_a_404_at_once(world, keeping):
    url = reverse("programs:list", args=[world.regency.slug])
    secretariat, member = world.client_for(world.secretariat), world.client_for(world.member)
    for _ in range(2):
        mine, theirs = secretariat.get(url).content.decode(), member.get(url).content.decode()
        assert "Tambah program" in mine and _name(world.secretariat) in mine
        assert "Tambah program" not in theirs and _name(world.member) in theirs

    RoleAssignment.objects.filter(user=world.secretariat).delete()
    assert secretariat.get(url).status_code == 404


@pytest.mark.django_db
def test_a_bulk_write_in_a_regency_request_and_a_workers_update_are_shown(world, keeping):
    meeting = MeetingFactory(regency=world.regency, title="Rapat Pleno")
    AgendaItemFactory(meeting=meeting, title="Agenda pertama", order=1)
    AgendaItemFactory(meeting=meeting, title="Agenda kedua", order=2)
    client = world.client_for(world.secretariat)
    url = reverse("meetings:detail", args=[world.regency.slug, meeting.pk])

    def agenda() -> list[str]:
        page = client.get(url).content.decode()
        return re.findall(r"Agenda (pertama|kedua)", page)

    assert agenda()[:2] == ["pertama", "kedua"]
    meeting_services.agenda_item_move(item=meeting.agenda_items.get(order=2), up=True)
    assert agenda()[:2] == ["kedua", "pertama"]

    report = EvaluationReportFactory(regency=world.regency, status=RenderStatus.RENDERING,
                                     attempts=1)
    national = world.client_for(world.reviewer)
    page = reverse("national:regency", args=[world.regency.slug])
    assert "Gagal" not in national.get(page).content.decode()
    report_services.report_fail(report_id=report.pk, token=1, reason="WeasyPrint berhenti")
    assert "Gagal" in national.get(page).content.decode()


@pytest.mark.django_db
def test_the_kept_page_follows_the_language_chosen(world, keeping):
    client, url = _program_list(world)
    assert "Tambah program" in client.get(url).content.decode()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Add program" in client.get(url).content.decode()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    assert "Tambah program" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_message_is_shown_once_and_a_page_that_warned_is_not_kept(world, keeping):
    period = this_period(world.regency)
    program = ProgramFactory(regency=world.regency, agency=world.agency)
    report = ProgressReportFactory(program=program, year=period.year, quarter=period.quarter,
                                   status=ReportStatus.SUBMITTED)
    client = world.client_for(world.secretariat)
    queue = reverse("programs:verification", args=[world.regency.slug])
    client.get(queue)
    client.get(queue)  # kept
    response = client.post(reverse("programs:report_verify",
                                   args=[world.regency.slug, report.pk]),
                           {"version": report.version}, follow=True)
    first = response.content.decode()
    assert 'class="alert' in first
    again = client.get(queue).content.decode()
    assert 'class="alert' not in again

    bad = reverse("programs:list", args=[world.regency.slug]) + "?status=bukan-status"
    warned = [client.get(bad) for _ in range(2)]
    assert all(response.context is not None for response in warned)  # drawn each time
    assert all("alert" in response.content.decode() for response in warned)


@pytest.mark.django_db
def test_the_forms_of_a_kept_page_carry_a_token_that_is_accepted(world, keeping):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretariat)
    url = reverse("programs:list", args=[world.regency.slug])
    client.get(url)
    kept, queries = _get(client, url)
    assert queries == KEPT_PAGE_QUERIES
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      kept.content.decode()).group(1)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # a stale token would be a 403


@pytest.mark.django_db
def test_the_clock_moves_the_page_on(world, keeping):
    client, url = _program_list(world)
    _get(client, url)
    assert _get(client, url)[1] == KEPT_PAGE_QUERIES
    import time

    later = time.time() + 301
    with mock.patch("dewan.council.pages.time.time", return_value=later):
        assert _get(client, url)[1] > KEPT_PAGE_QUERIES


@pytest.mark.django_db
def test_without_a_shared_cache_every_page_is_drawn(world, settings):
    settings.KEEP_PAGES = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client, url = _program_list(world)
    assert all(client.get(url).context is not None for _ in range(2))


@pytest.mark.django_db
def test_with_the_cache_away_pages_are_drawn(world, settings):
    settings.KEEP_PAGES = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2,
                                               "socket_timeout": 0.2}}}
    ProgramFactory(regency=world.regency, agency=world.agency, name="Ruang Kendali Dāerah")
    client, url = _program_list(world)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response.context is not None
        assert "Ruang Kendali Dāerah" in response.content.decode()


@pytest.mark.django_db
def test_the_bell_of_a_kept_page_counts_a_new_notification(world, keeping):
    from dewan.core.models import Notification

    client, url = _program_list(world)
    client.get(url)
    assert "portal-bell-count" not in client.get(url).content.decode()
    Notification.objects.create(user=world.secretariat, regency=world.regency, kind="uji",
                                title="Laporan kuartal menunggu verifikasi")
    assert "portal-bell-count" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_roles_read_with_the_page_are_the_roles_of_the_model(world, rf):
    """`who_asks` reads the roles in SQL of its own: the same rows, regencies and agencies
    as the ORM's `assignments_for`."""
    from dewan.council.pages import who_asks

    RoleAssignment.objects.create(user=world.opd, role="anggota", regency=world.other_regency)
    world.regency.mou_date = datetime.date(2024, 3, 15)
    world.regency.save()
    request = rf.get("/")
    request.user = world.opd
    who, regency_id = who_asks(request, world.regency.slug)
    assert regency_id == world.regency.pk
    read = request.user._role_assignments_cache
    expected = list(RoleAssignment.objects.filter(user=world.opd).order_by("pk")
                    .select_related("regency", "agency"))

    def values(row) -> list:  # every column, as the ORM reads it (types, time zones)
        return [] if row is None else [(f.attname, getattr(row, f.attname))
                                       for f in row._meta.concrete_fields]

    assert [values(a) + values(a.regency) + values(a.agency) for a in read] == [
        values(a) + values(a.regency) + values(a.agency) for a in expected]
    assert read[0].agency.short_name == "Kominfo" and read[1].agency is None
    assert who_asks(request, "tidak-ada")[1] is None


QUERY_NAMES = ["page", "q", "status", "dimensi", "elemen", "opd", "jangka", "jenis", "tahun",
               "periode", "agency", "meeting", "sort", "x"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["program list", "verification queue", "regency overview",
                                  "dashboard", "meeting detail", "national regency page"])
def test_any_query_string_is_answered_and_kept_as_drawn(world, keeping, page):
    """Query strings fuzzed with Hypothesis: never a server error, and the page asked again is
    the page drawn for that very query string."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    ProgramFactory(regency=world.regency, agency=world.agency, name="Peta Digital Kecamatan")
    user, url = _urls(world)[page]
    client = world.client_for(user)
    values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)

    @hypothesis_settings(max_examples=25, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(QUERY_NAMES), values, max_size=4))
    def ask(query):
        drawn = client.get(url, query)
        assert drawn.status_code < 500
        if drawn.status_code == 200 and drawn.context is not None:
            again = client.get(url, query)
            assert again.status_code == 200
            if not _warned(drawn):
                assert again.context is None and again.content == drawn.content

    ask()


def _warned(response) -> bool:
    """The page told of a bad filter: drawn each time, never kept."""
    return 'class="alert' in response.content.decode()


@pytest.mark.django_db
def test_a_migrate_or_a_flush_voids_every_kept_page(world, keeping):
    """After a migrate (or a restore) any data may have changed: the global version moves."""
    from dewan.core import versions
    from reports.apps import ensure_reference_data

    client, url = _program_list(world)
    client.get(url)
    before = versions.current(versions.GLOBAL)
    ensure_reference_data(sender=None)
    assert versions.current(versions.GLOBAL) != before
    assert _get(client, url)[1] > KEPT_PAGE_QUERIES
