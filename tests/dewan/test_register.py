"""The council register: decrees with their scans, supersession, members, composition PDF."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from dewan.council.choices import CouncilRole, DecreeKind
from dewan.council.models import CouncilMember, Decree
from dewan.council.selectors import decree_in_force, members_in_force
from tests.factories import CouncilMemberFactory, DecreeFactory
from tests.matrix import assert_matrix

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVERYONE = {"secretariat", "opd", "other_opd", "member", "reviewer"}


def _scan(name="sk-66.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _decree_post(**overrides):
    data = {"number": "66", "year": "2024", "date_signed": "2024-03-04", "valid_until": "",
            "title": "Pembentukan Dewan Smart City", "kind": DecreeKind.ESTABLISHMENT,
            "supersedes": "", "scan": _scan()}
    data.update(overrides)
    return data


@pytest.fixture
def decree(world):
    decree = DecreeFactory(regency=world.regency, number="66", year=2024,
                           date_signed=datetime.date(2024, 3, 4))
    CouncilMemberFactory(regency=world.regency, decree=decree, agency=world.agency,
                         name="Chiristison Rudianto Marbun", council_role=CouncilRole.CHAIR,
                         position="Sekretaris Daerah", order=1)
    return decree


def test_every_register_page_follows_the_permission_matrix(world, decree):
    slug = world.regency.slug
    member = decree.members.get()
    decree.scan.save("sk.pdf", _scan(), save=True)
    for name, args in [("composition", []), ("composition_pdf", []), ("decree_list", []),
                       ("decree_detail", [decree.pk]), ("decree_scan", [decree.pk]),
                       ("member_detail", [member.pk])]:
        assert_matrix(world, reverse(f"council:{name}", args=[slug, *args]), allowed=EVERYONE)
    for name, args in [("decree_create", []), ("decree_edit", [decree.pk]),
                       ("member_create", [decree.pk]), ("member_edit", [member.pk])]:
        assert_matrix(world, reverse(f"council:{name}", args=[slug, *args]),
                      allowed={"secretariat"})


def test_another_regencys_decree_is_not_found(world, decree):
    url = reverse("council:decree_detail", args=[world.other_regency.slug, decree.pk])
    response = world.client_for(world.outsider_secretariat).get(url)
    assert response.status_code == 404


def test_secretariat_registers_a_decree_with_its_scanned_pdf(world):
    client = world.client_for(world.secretariat)
    response = client.post(reverse("council:decree_create", args=[world.regency.slug]),
                           _decree_post())
    decree = Decree.objects.get(regency=world.regency, number="66")
    assert response.status_code == 302
    assert decree.scan.read() == PDF_BYTES
    download = client.get(reverse("council:decree_scan", args=[world.regency.slug, decree.pk]))
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_scan_that_is_not_a_pdf_is_refused_and_nothing_is_saved(world):
    client = world.client_for(world.secretariat)
    fake = _scan("sk.pdf", b"MZ\x90\x00 this is an executable, not a PDF")
    response = client.post(reverse("council:decree_create", args=[world.regency.slug]),
                           _decree_post(scan=fake))
    assert response.status_code == 200
    assert "bukan jenis yang diizinkan (PDF)" in response.content.decode()
    assert not Decree.objects.filter(regency=world.regency).exists()


def test_a_scan_over_ten_megabytes_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client = world.client_for(world.secretariat)
    response = client.post(reverse("council:decree_create", args=[world.regency.slug]),
                           _decree_post(scan=_scan(content=PDF_BYTES + b"0" * 2048)))
    assert "batasnya" in response.content.decode()
    assert not Decree.objects.exists()


def test_an_amendment_supersedes_the_earlier_decree_and_carries_its_members(world, decree):
    client = world.client_for(world.secretariat)
    response = client.post(reverse("council:decree_create", args=[world.regency.slug]),
                           _decree_post(number="12", year="2025", date_signed="2025-01-10",
                                        kind=DecreeKind.AMENDMENT, supersedes=decree.pk,
                                        copy_members="on", title="Perubahan SK 66/2024"))
    assert response.status_code == 302
    amendment = Decree.objects.get(number="12")
    on = datetime.date(2025, 2, 1)
    assert decree_in_force(regency=world.regency, on=on) == amendment
    assert decree_in_force(regency=world.regency, on=datetime.date(2024, 6, 1)) == decree
    assert [m.name for m in members_in_force(regency=world.regency, on=on)] == [
        "Chiristison Rudianto Marbun"]
    page = client.get(reverse("council:decree_detail", args=[world.regency.slug, decree.pk]))
    assert "Digantikan oleh" in page.content.decode() and "SK Nomor 12 Tahun 2025" in (
        page.content.decode())


def test_an_amendment_must_name_the_decree_it_supersedes(world, decree):
    client = world.client_for(world.secretariat)
    response = client.post(reverse("council:decree_create", args=[world.regency.slug]),
                           _decree_post(number="12", year="2025", date_signed="2025-01-10",
                                        kind=DecreeKind.AMENDMENT))
    assert "harus menyebut SK yang diganti" in response.content.decode()
    assert not Decree.objects.filter(number="12").exists()


def test_members_are_added_by_decree_with_role_organisation_and_dates(world, decree):
    client = world.client_for(world.secretariat)
    url = reverse("council:member_create", args=[world.regency.slug, decree.pk])
    response = client.post(url, {"name": "Fitrah Rahmat Kautsar", "position": "Tenaga Ahli",
                                 "agency": world.other_agency.pk, "council_role": "narasumber",
                                 "email": "", "active_from": "2024-03-04",
                                 "active_until": "2024-01-01", "order": 5})
    assert "tidak boleh sebelum" in response.content.decode()
    response = client.post(url, {"name": "Fitrah Rahmat Kautsar", "position": "Tenaga Ahli",
                                 "agency": world.other_agency.pk, "council_role": "narasumber",
                                 "email": "", "active_from": "2024-03-04", "active_until": "",
                                 "order": 5})
    assert response.status_code == 302
    member = CouncilMember.objects.get(name="Fitrah Rahmat Kautsar")
    assert member.decree == decree and member.council_role == CouncilRole.RESOURCE_PERSON


def test_the_composition_page_warns_when_no_decree_is_in_force(world):
    response = world.client_for(world.member).get(
        reverse("council:composition", args=[world.regency.slug]))
    assert "Belum ada SK Dewan Smart City yang berlaku" in response.content.decode()


def test_the_composition_page_warns_when_the_decree_is_about_to_lapse(world, decree):
    decree.valid_until = world.regency.local_today() + datetime.timedelta(days=20)
    decree.save()
    response = world.client_for(world.member).get(
        reverse("council:composition", args=[world.regency.slug]))
    assert "akan berakhir pada" in response.content.decode()


def test_the_composition_pdf_lists_the_members_in_force(world, decree):
    response = world.client_for(world.reviewer).get(
        reverse("council:composition_pdf", args=[world.regency.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "SUSUNAN DEWAN SMART CITY" in text
    assert "Chiristison Rudianto Marbun" in text and "SK Nomor 66 Tahun 2024" in text


def test_changes_to_a_member_are_recorded_and_shown_with_who_and_what(world, decree):
    member = decree.members.get()
    client = world.client_for(world.secretariat)
    client.post(reverse("council:member_edit", args=[world.regency.slug, member.pk]),
                {"name": member.name, "position": "Sekda (Plt)", "agency": world.agency.pk,
                 "council_role": "ketua", "email": "", "active_from": "", "active_until": "",
                 "order": 1})
    page = client.get(reverse("council:member_detail", args=[world.regency.slug, member.pk]))
    html = page.content.decode()
    assert "Riwayat perubahan" in html and "Sekda (Plt)" in html
    assert world.secretariat.get_full_name() in html


def test_decree_list_query_count_does_not_grow_with_decrees(world, django_assert_num_queries):
    client = world.client_for(world.secretariat)
    url = reverse("council:decree_list", args=[world.regency.slug])
    DecreeFactory(regency=world.regency, year=2020, date_signed=datetime.date(2020, 1, 1))
    client.get(url)
    with django_assert_num_queries(QUERIES_DECREE_LIST):
        client.get(url)
    for year in range(1990, 2019):
        DecreeFactory(regency=world.regency, year=year, date_signed=datetime.date(year, 1, 1))
    with django_assert_num_queries(QUERIES_DECREE_LIST):
        client.get(url)


def test_composition_query_count_does_not_grow_with_members(world, decree,
                                                            django_assert_num_queries):
    client = world.client_for(world.secretariat)
    url = reverse("council:composition", args=[world.regency.slug])
    client.get(url)
    with django_assert_num_queries(QUERIES_COMPOSITION):
        client.get(url)
    for number in range(29):
        CouncilMemberFactory(regency=world.regency, decree=decree, name=f"Anggota {number}")
    with django_assert_num_queries(QUERIES_COMPOSITION):
        client.get(url)


# with the notification bell; one fewer since the regency comes with the user's roles
QUERIES_DECREE_LIST = 7
QUERIES_COMPOSITION = 6
