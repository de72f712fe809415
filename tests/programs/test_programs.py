"""Programs: list with filters and pagination, create and edit, and the legal-basis check."""

import pytest
from django.urls import reverse

from programs.choices import LegalBasisLevel, ProgramReach, ProgramStatus
from programs.models import Dimension, Element, Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def list_url(world, **params):
    from urllib.parse import urlencode

    base = reverse("programs:list", args=[world.regency.slug])
    return f"{base}?{urlencode(params)}" if params else base


def program_post(world, **overrides):
    governance = Dimension.objects.get(code="governance")
    data = {
        "code": "KOM-09", "name": "Satu Data Humbahas", "agency": world.agency.pk,
        "description": "Portal data terpadu.", "dimensions": [governance.pk],
        "elements": [Element.objects.get(code="pelayanan_publik").pk],
        "kind": "aplikasi", "horizon": "pendek", "status": "berjalan",
        "start_year": 2025, "end_year": 2026, "planned_budget": "1.250.000",
        "funding_source": "apbd", "reach": "internal", "legal_basis_level": "",
        "legal_basis": "", "partners": "IT Del",
    }
    data.update(overrides)
    return data


# --- list ---------------------------------------------------------------------------------

def test_list_filters_by_dimension_agency_status_and_text(world):
    living = Dimension.objects.get(code="living")
    ProgramFactory(regency=world.regency, agency=world.agency, name="Aplikasi Satu Data")
    ProgramFactory(regency=world.regency, agency=world.other_agency, name="Puskesmas Pintar",
                   dimensions=[living], status=ProgramStatus.RUNNING)
    client = world.client_for(world.member)

    def names(**params):
        return [p.name for p in client.get(list_url(world, **params)).context["programs"]]

    assert names(dimension="living") == ["Puskesmas Pintar"]
    assert names(agency=world.agency.pk) == ["Aplikasi Satu Data"]
    assert names(status="berjalan") == ["Puskesmas Pintar"]
    assert names(q="satu data") == ["Aplikasi Satu Data"]


def test_list_filters_by_element_kind_horizon_and_running_year(world):
    health = Element.objects.get(code="kesehatan")
    wanted = ProgramFactory(regency=world.regency, agency=world.agency, kind="infrastruktur",
                            horizon="panjang", start_year=2024, end_year=2030)
    wanted.elements.set([health])
    ProgramFactory(regency=world.regency, agency=world.agency, start_year=2019, end_year=2020)
    client = world.client_for(world.secretariat)
    for params in ({"element": "kesehatan"}, {"kind": "infrastruktur"},
                   {"horizon": "panjang"}, {"year": 2027}):
        programs = list(client.get(list_url(world, **params)).context["programs"])
        assert programs == [wanted], params


def test_a_bad_filter_value_is_ignored_with_a_message_not_an_error(world):
    ProgramFactory(regency=world.regency, agency=world.agency)
    response = world.client_for(world.opd).get(
        list_url(world, dimension="tidak-ada", year="dua ribu", status="x", page="abc"))
    assert response.status_code == 200
    assert len(response.context["programs"]) == 1
    assert "tidak dikenal dan diabaikan" in response.content.decode()


def test_list_is_paginated_by_25(world):
    ProgramFactory.create_batch(30, regency=world.regency, agency=world.agency)
    client = world.client_for(world.member)
    assert len(client.get(list_url(world)).context["programs"]) == 25
    assert len(client.get(list_url(world, page=2)).context["programs"]) == 5


def test_the_rows_kept_are_the_rows_drawn_and_a_change_is_drawn_again(world):
    """The list's rows are kept as HTML under a digest of what they show (dewan.core.fragments):
    a page of kept rows equals the page drawn afresh, a changed program is drawn again, and a
    row kept in Indonesian is not shown to a user who reads English."""
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from programs.views import PROGRAM_ROW, _program_shown

    cache.clear()
    programs = ProgramFactory.create_batch(3, regency=world.regency, agency=world.agency)
    client = world.client_for(world.member)

    shown = {}

    def table(language="id") -> tuple[str, int]:
        client.cookies["django_language"] = language
        response = client.get(list_url(world))
        shown.update({p.pk: p for p in response.context["programs"]})
        drawn = sum(1 for t in response.templates if t.name == PROGRAM_ROW)
        return response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0], drawn

    fresh, drawn = table()
    assert drawn == 3
    kept, drawn_again = table()
    assert kept == fresh and drawn_again == 0
    program = shown[programs[0].pk]
    assert render_to_string(PROGRAM_ROW, {"s": _program_shown(program, world.regency.slug)}) \
        in fresh
    Program.objects.filter(pk=program.pk).update(
        name="Aplikasi Diganti, Tahap 2 — Pelayanan Tapanuli")
    changed, drawn = table()
    assert "Aplikasi Diganti, Tahap 2 — Pelayanan Tapanuli" in changed and drawn == 1
    english, drawn = table("en")
    assert drawn == 3 and english != changed


def test_list_shows_nothing_of_another_regency(world):
    ProgramFactory(regency=world.other_regency, name="Program daerah lain")
    response = world.client_for(world.secretariat).get(list_url(world))
    assert "Program daerah lain" not in response.content.decode()


# 11 before the bell, 12 with it, 11 since the regency comes with the roles, 10 since the
# bell's count comes with them too (dewan/council/pages.py)
LIST_QUERIES = 10


@pytest.mark.parametrize("count", [1, 50])
def test_list_runs_the_same_number_of_queries_for_1_and_50_programs(
        world, count, django_assert_num_queries):
    governance, living = Dimension.objects.filter(code__in=["governance", "living"])
    ProgramFactory.create_batch(count, regency=world.regency, agency=world.agency,
                                dimensions=[governance, living])
    client = world.client_for(world.secretariat)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(list_url(world, dimension="governance")).status_code == 200


# --- create and edit ----------------------------------------------------------------------

def test_secretariat_creates_a_program_for_any_agency_of_its_regency(world):
    client = world.client_for(world.secretariat)
    response = client.post(reverse("programs:create", args=[world.regency.slug]),
                           program_post(world, agency=world.other_agency.pk))
    program = Program.objects.get(code="KOM-09")
    assert response["Location"] == reverse("programs:indicators",
                                           args=[world.regency.slug, program.pk])
    assert program.agency == world.other_agency
    assert program.planned_budget == 1_250_000
    assert [d.code for d in program.dimensions.all()] == ["governance"]


def test_opd_can_only_create_programs_of_its_own_agency(world):
    client = world.client_for(world.opd)
    url = reverse("programs:create", args=[world.regency.slug])
    response = client.post(url, program_post(world, agency=world.other_agency.pk))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not Program.objects.exists()
    client.post(url, program_post(world))
    assert Program.objects.get().agency == world.agency


def test_opd_gets_403_when_editing_another_agencys_program(world, other_program):
    response = world.client_for(world.opd).post(
        reverse("programs:edit", args=[world.regency.slug, other_program.pk]),
        program_post(world, version=other_program.version))
    assert response.status_code == 403


def test_program_form_explains_every_bad_input(world):
    client = world.client_for(world.secretariat)
    response = client.post(reverse("programs:create", args=[world.regency.slug]), program_post(
        world, code="", start_year=2026, end_year=2025, planned_budget="satu juta",
        dimensions=[], elements=[Element.objects.get(code="kesehatan").pk]))
    errors = response.context["form"].errors
    assert "Tahun selesai tidak boleh sebelum tahun mulai." in errors["end_year"]
    assert "Tulis jumlah rupiah sebagai angka bulat" in errors["planned_budget"][0]
    assert "code" in errors and "dimensions" in errors
    assert not Program.objects.exists()


def test_elements_must_belong_to_the_chosen_dimensions(world):
    response = world.client_for(world.secretariat).post(
        reverse("programs:create", args=[world.regency.slug]),
        program_post(world, elements=[Element.objects.get(code="kesehatan").pk]))
    assert "bukan bagian dari dimensi yang dipilih: Kesehatan" in \
        response.context["form"].errors["elements"][0]


def test_a_program_code_is_unique_in_its_regency(world, program):
    response = world.client_for(world.secretariat).post(
        reverse("programs:create", args=[world.regency.slug]), program_post(world, code="kom-01"))
    assert "sudah dipakai" in response.context["form"].errors["code"][0]


def test_editing_saves_and_bumps_the_version(world, program):
    client = world.client_for(world.opd)
    response = client.post(reverse("programs:edit", args=[world.regency.slug, program.pk]),
                           program_post(world, code=program.code, name="Nama baru",
                                        version=program.version))
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.name, program.version) == ("Nama baru", 2)


def test_a_stale_edit_is_refused_with_a_conflict_message(world, program):
    client = world.client_for(world.secretariat)
    url = reverse("programs:edit", args=[world.regency.slug, program.pk])
    client.post(url, program_post(world, code=program.code, name="Simpanan pertama", version=1))
    response = client.post(url, program_post(world, code=program.code, name="Simpanan basi",
                                             version=1))
    assert response.status_code == 409
    assert "telah diubah oleh pengguna lain" in response.content.decode()
    program.refresh_from_db()
    assert program.name == "Simpanan pertama"


def test_indicators_are_saved_with_a_target_per_year(world):
    program = ProgramFactory(regency=world.regency, agency=world.agency, start_year=2025,
                             end_year=2026)
    data = {"version": program.version, "ind-TOTAL_FORMS": 2, "ind-INITIAL_FORMS": 0,
            "ind-0-name": "Pengguna aktif", "ind-0-unit": "orang", "ind-0-baseline": "100",
            "ind-0-target_2025": "500", "ind-0-target_2026": "1000",
            "ind-1-name": "", "ind-1-unit": ""}
    response = world.client_for(world.opd).post(
        reverse("programs:indicators", args=[world.regency.slug, program.pk]), data)
    assert response.status_code == 302
    indicator = program.indicators.get()
    assert {t.year: int(t.target) for t in indicator.targets.all()} == {2025: 500, 2026: 1000}


def test_an_indicator_needs_a_unit(world, program):
    data = {"version": program.version, "ind-TOTAL_FORMS": 1, "ind-INITIAL_FORMS": 0,
            "ind-0-name": "Pengguna aktif", "ind-0-unit": ""}
    response = world.client_for(world.opd).post(
        reverse("programs:indicators", args=[world.regency.slug, program.pk]), data)
    assert "Satuan wajib diisi" in response.content.decode()
    assert not program.indicators.exists()


# --- the legal-basis check (seed 002) -----------------------------------------------------

def test_a_shared_application_on_a_head_of_agency_regulation_gets_a_warning(world):
    shared = ProgramFactory(regency=world.regency, agency=world.agency,
                            reach=ProgramReach.SHARED,
                            legal_basis="Peraturan Kepala Dinas Kominfo No. 2/2023",
                            legal_basis_level=LegalBasisLevel.AGENCY_HEAD)
    response = world.client_for(world.member).get(shared.get_absolute_url())
    assert "Dasar hukum belum memadai" in response.content.decode()
    assert "hanya Peraturan Kepala Dinas" in response.content.decode()


def test_an_internal_application_may_rest_on_a_head_of_agency_regulation(world):
    internal = ProgramFactory(regency=world.regency, agency=world.agency,
                              reach=ProgramReach.INTERNAL,
                              legal_basis_level=LegalBasisLevel.AGENCY_HEAD)
    shared_with_perbup = ProgramFactory(regency=world.regency, agency=world.agency,
                                        reach=ProgramReach.SHARED,
                                        legal_basis_level=LegalBasisLevel.REGENT)
    for program in (internal, shared_with_perbup):
        response = world.client_for(world.member).get(program.get_absolute_url())
        assert "Dasar hukum belum memadai" not in response.content.decode()


def test_the_list_marks_programs_that_need_a_higher_legal_basis(world):
    ProgramFactory(regency=world.regency, agency=world.agency, reach=ProgramReach.PUBLIC)
    response = world.client_for(world.member).get(list_url(world))
    assert "Dasar hukum belum setingkat Perbup/Perkada" in response.content.decode()
