"""Excel: export programs and progress with Indonesian headers; import programs from the
template, every row checked, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.choices import ReportStatus
from programs.excel.sheets import import_columns
from programs.models import Program
from tests.factories import ProgramFactory
from tests.programs.conftest import make_report
from tests.programs.factories import xlsx_bytes

pytestmark = pytest.mark.django_db


def workbook_of(response):
    return load_workbook(io.BytesIO(response.content))


def header():
    return [c.header for c in import_columns()]


def good_row(code="IMP-01", **overrides):
    row = {
        "Kode": code, "Nama program": "Rumah Kreatif", "OPD pelaksana": "Kominfo",
        "Dimensi": "Smart Branding, Smart Economy", "Elemen": "Bisnis daerah",
        "Jenis": "Aplikasi / layanan", "Jangka waktu": "Quick win", "Status": "Berjalan",
        "Tahun mulai": 2025, "Tahun selesai": 2026, "Pagu anggaran (Rp)": "Rp 250.000.000",
        "Sumber dana": "APBD", "Cakupan pengguna": "Internal satu OPD",
        "Tingkat dasar hukum": "", "Dasar hukum": "", "Mitra": "IT Del",
        "Uraian": "Pasar digital UMKM.",
    }
    row.update(overrides)
    return [row[h] for h in header()]


def upload(world, rows, user=None):
    content = xlsx_bytes([header(), *rows]).getvalue()
    file = SimpleUploadedFile("program.xlsx", content)
    return world.client_for(user or world.secretariat).post(
        reverse("programs:import", args=[world.regency.slug]), {"file": file})


# --- export -------------------------------------------------------------------------------

def test_program_export_has_indonesian_headers_and_follows_the_filters(world):
    ProgramFactory(regency=world.regency, agency=world.agency, code="A-1", name="Satu",
                   status="berjalan")
    ProgramFactory(regency=world.regency, agency=world.agency, code="B-2", name="Dua")
    response = world.client_for(world.member).get(
        reverse("programs:export", args=[world.regency.slug]) + "?status=berjalan")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = workbook_of(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Kode", "Nama program", "OPD pelaksana", "Dimensi")
    assert [r[0] for r in rows[1:]] == ["A-1"]
    assert rows[1][10] == 100_000_000


def test_progress_export_lists_only_reports_the_user_may_see(world, program, other_program,
                                                            period):
    make_report(program, period, ReportStatus.VERIFIED, physical_progress=55)
    make_report(other_program, period, ReportStatus.DRAFT)
    response = world.client_for(world.secretariat).get(
        reverse("programs:report_export", args=[world.regency.slug]))
    rows = list(workbook_of(response).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode program", "Nama program", "OPD")
    assert [(r[0], r[5], r[6]) for r in rows[1:]] == [("KOM-01", "Terverifikasi", 55.0)]


def test_the_template_has_the_import_columns_and_lists_of_choices(world):
    response = world.client_for(world.opd).get(
        reverse("programs:import_template", args=[world.regency.slug]))
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["Program", "Pilihan", "Petunjuk"]
    first = [c.value for c in workbook["Program"][1]]
    assert first[0] == "Kode *" and "Pagu anggaran (Rp)" in first
    choices = {c.value for row in workbook["Pilihan"].iter_rows() for c in row}
    # An OPD user may only import programs of its own agency: only that one is offered.
    assert "Kominfo" in choices and "Dinkes" not in choices
    assert {"Aplikasi / layanan", "Quick win", "Peraturan Kepala Dinas"} <= choices


# --- import -------------------------------------------------------------------------------

def test_a_good_file_imports_every_row(world):
    response = upload(world, [good_row("IMP-01"), good_row("IMP-02", **{
        "Nama program": "Smart Parking", "OPD pelaksana": "Dinas Kesehatan Uji",
        "Dimensi": "living", "Elemen": "", "Cakupan pengguna": "bersama",
        "Tingkat dasar hukum": "Peraturan Kepala Dinas", "Pagu anggaran (Rp)": 1_000_000})])
    assert response.status_code == 302
    first, second = Program.objects.order_by("code")
    assert (first.agency, first.planned_budget, first.status) == (world.agency, 250_000_000,
                                                                  "berjalan")
    assert sorted(d.code for d in first.dimensions.all()) == ["branding", "economy"]
    assert [e.code for e in first.elements.all()] == ["bisnis_daerah"]
    assert second.agency == world.other_agency and second.needs_higher_legal_basis


def test_a_file_with_one_bad_row_stores_nothing_and_names_row_and_column(world):
    response = upload(world, [
        good_row("IMP-01"),
        good_row("IMP-02", **{"Tahun mulai": "dua ribu", "Dimensi": "Smart Mobility"}),
        good_row("IMP-01"),
    ])
    assert response.status_code == 400
    assert not Program.objects.exists()
    problems = [str(p) for p in response.context["problems"]]
    assert "Baris 3, kolom “Tahun mulai”: tulis tahun empat digit antara 2000 dan 2100." \
        in problems
    assert "Baris 3, kolom “Dimensi”: “Smart Mobility” tidak dikenal." in problems
    assert "Baris 4, kolom “Kode”: kode “IMP-01” sudah dipakai di baris 2 berkas ini." \
        in problems


@pytest.mark.parametrize("overrides, column, text", [
    ({"Kode": ""}, "Kode", "wajib diisi"),
    ({"OPD pelaksana": "Dinas Antah"}, "OPD pelaksana", "tidak dikenal"),
    ({"Jenis": "Robot"}, "Jenis", "Pilihan: Aplikasi / layanan"),
    ({"Tahun selesai": 2020}, "Tahun selesai", "tidak boleh sebelum tahun mulai"),
    ({"Pagu anggaran (Rp)": "-5"}, "Pagu anggaran (Rp)", "angka bulat tidak negatif"),
    ({"Elemen": "Kesehatan"}, "Elemen", "bukan bagian dari dimensi"),
])
def test_every_bad_cell_is_explained(world, overrides, column, text):
    response = upload(world, [good_row(**overrides)])
    problems = response.context["problems"]
    assert any(p.row == 2 and p.column == column and text in p.message for p in problems), \
        [str(p) for p in problems]
    assert not Program.objects.exists()


def test_an_existing_code_of_another_agency_is_refused_to_an_opd(world):
    ProgramFactory(regency=world.regency, agency=world.other_agency, code="KES-01")
    response = upload(world, [good_row("KES-01")], user=world.opd)
    assert "sudah dipakai program OPD lain" in str(response.context["problems"][0])


def test_an_existing_code_updates_its_program(world, program):
    response = upload(world, [good_row(program.code.lower(), **{"Nama program": "Nama baru"})])
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.code, program.name) == ("KOM-01", "Nama baru")


def test_an_opd_cannot_import_programs_of_another_agency(world):
    response = upload(world, [good_row(**{"OPD pelaksana": "Dinkes"})], user=world.opd)
    assert "bukan OPD Anda" in str(response.context["problems"][0])
    assert not Program.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_clearly(world):
    file = SimpleUploadedFile("program.xlsx", b"Kode;Nama\nA;B\n")
    response = world.client_for(world.secretariat).post(
        reverse("programs:import", args=[world.regency.slug]), {"file": file})
    assert response.status_code == 400
    assert "bukan jenis yang diizinkan (XLSX)" in response.content.decode()


def test_a_sheet_without_the_required_headers_is_refused(world):
    content = xlsx_bytes([["Nama", "Keterangan"], ["A", "B"]]).getvalue()
    response = world.client_for(world.secretariat).post(
        reverse("programs:import", args=[world.regency.slug]),
        {"file": SimpleUploadedFile("program.xlsx", content)})
    assert "Kolom wajib berikut tidak ada di baris judul: Kode" in response.content.decode()


def test_an_empty_sheet_is_refused(world):
    response = upload(world, [])
    assert "tidak memuat satu pun baris program" in response.content.decode()


def test_the_filled_template_imports(world):
    """Round trip: the downloaded template, filled in, is accepted as it is."""
    client = world.client_for(world.secretariat)
    template = load_workbook(io.BytesIO(client.get(
        reverse("programs:import_template", args=[world.regency.slug])).content))
    template["Program"].append(good_row("TPL-01"))
    buffer = io.BytesIO()
    template.save(buffer)
    response = client.post(reverse("programs:import", args=[world.regency.slug]),
                           {"file": SimpleUploadedFile("isi.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    assert Program.objects.get().code == "TPL-01"
