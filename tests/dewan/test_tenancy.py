"""Tenancy rules of the foundation pages: login redirect, 404 elsewhere, 403 without right."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix import assert_matrix

pytestmark = pytest.mark.django_db


def test_regency_overview_is_open_to_every_role_of_the_regency(world):
    url = reverse("home:overview", args=[world.regency.slug])
    assert_matrix(world, url, allowed={"secretariat", "opd", "other_opd", "member", "reviewer"})


def test_meeting_list_follows_the_matrix(world):
    url = reverse("meetings:list", args=[world.regency.slug])
    assert_matrix(world, url, allowed={"secretariat", "opd", "other_opd", "member", "reviewer"})


def test_program_list_follows_the_matrix(world):
    url = reverse("programs:list", args=[world.regency.slug])
    assert_matrix(world, url, allowed={"secretariat", "opd", "other_opd", "member", "reviewer"})


def test_evaluation_report_list_is_for_secretariat_council_members_and_reviewers(world):
    url = reverse("reports:list", args=[world.regency.slug])
    assert_matrix(world, url, allowed={"secretariat", "member", "reviewer"})


def test_unknown_regency_is_a_404_even_for_a_national_reviewer(world):
    response = world.client_for(world.reviewer).get("/r/tidak-ada/")
    assert response.status_code == 404


def test_regional_reviewer_sees_only_assigned_regencies(world):
    from dewan.council.choices import Role
    from tests.factories import RoleAssignmentFactory, UserFactory

    regional = UserFactory(username="reviewer-wilayah")
    RoleAssignmentFactory(user=regional, role=Role.REVIEWER, regency=world.regency)
    client = world.client_for(regional)
    assert client.get(reverse("home:overview", args=[world.regency.slug])).status_code == 200
    assert client.get(reverse("home:overview", args=[world.other_regency.slug])).status_code == 404


def test_national_overview_is_only_for_reviewers(world):
    url = reverse("national:overview")
    assert world.client_for(world.reviewer).get(url).status_code == 200
    assert world.client_for(world.secretariat).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_home_sends_each_role_to_its_own_page(world):
    regency_url = reverse("home:tasks", args=[world.regency.slug])
    for user in (world.secretariat, world.opd, world.member):
        assert world.client_for(user).get("/")["Location"] == regency_url
    assert world.client_for(world.reviewer).get("/")["Location"] == reverse("national:overview")


def test_user_without_roles_is_told_so(world):
    response = world.client_for(world.no_role).get("/")
    assert response.status_code == 200
    assert "belum memiliki peran" in response.content.decode()


def test_regency_pages_show_times_in_the_regency_zone(world):
    import datetime
    import re

    from tests.factories import MeetingFactory

    world.regency.time_zone = "Asia/Jayapura"  # WIT, two hours ahead of Jakarta
    world.regency.save()
    start = datetime.datetime(2024, 9, 12, 1, 0, tzinfo=datetime.UTC)  # 10.00 WIT
    MeetingFactory(regency=world.regency, start=start, end=start + datetime.timedelta(hours=1))
    page = world.client_for(world.secretariat).get(
        reverse("meetings:list", args=[world.regency.slug])).content.decode()
    assert re.search(r"\b10[.:]00", page) and not re.search(r"\b08[.:]00", page)


def test_uploaded_files_are_not_served_from_the_media_url(world, settings, tmp_path):
    """Downloads go through views that check the regency and role; /media/ serves nothing."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "decrees").mkdir()
    (tmp_path / "decrees" / "sk.pdf").write_bytes(b"%PDF-1.4 secret")
    response = world.client_for(world.secretariat).get("/media/decrees/sk.pdf")
    assert response.status_code == 404
