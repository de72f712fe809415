"""Numbers in the program, indicator and progress report forms are typed and shown back the
Indonesian way (or the English way when English is chosen): 80,5 stays 80,5."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.choices import ReportStatus
from programs.models import Program, ProgressReport
from tests.factories import IndicatorFactory
from tests.programs.conftest import make_report
from tests.programs.test_programs import program_post
from tests.programs.test_reports import form_data, new_url

pytestmark = pytest.mark.django_db


def box(html: str, name: str) -> str:
    """The value of the input named `name` in the page."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, f"no input {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def test_80_comma_5_stays_80_5_in_the_progress_and_in_an_indicator(world, program, period):
    indicator = IndicatorFactory(program=program, name="Desa terlayani", unit="%")
    response = world.client_for(world.opd).post(new_url(world, program, period), form_data(
        physical_progress="80,5", budget_realised="Rp 1.250.000",
        **{f"indicator_{indicator.pk}": "80,5"}))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.physical_progress == Decimal("80.5")
    assert report.budget_realised == 1_250_000
    assert report.indicator_values.get().value == Decimal("80.5")


def test_an_ambiguous_indicator_value_is_refused_and_nothing_is_saved(world, program, period):
    indicator = IndicatorFactory(program=program, name="Pengguna", unit="orang")
    response = world.client_for(world.opd).post(new_url(world, program, period), form_data(
        **{f"indicator_{indicator.pk}": "1.250"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert "dapat dibaca dua cara" in page and "1250" in page and "1,25" in page
    assert box(page, f"indicator_{indicator.pk}") == "1.250"  # shown back as typed
    assert not ProgressReport.objects.exists()


def test_the_report_form_shows_saved_numbers_the_way_the_pages_write_them(
        world, program, period):
    indicator = IndicatorFactory(program=program, name="Pengguna", unit="orang")
    report = make_report(program, period, ReportStatus.DRAFT, physical_progress=Decimal("64"),
                         budget_realised=259_200_000)
    report.indicator_values.create(indicator=indicator, value=Decimal("1250.50"))
    url = reverse("programs:report_edit", args=[world.regency.slug, report.pk])
    client = world.client_for(world.opd)
    page = client.get(url).content.decode()
    assert box(page, "physical_progress") == "64"
    assert box(page, "budget_realised") == "259.200.000"
    assert box(page, f"indicator_{indicator.pk}") == "1250,5"
    english = in_english(client).get(url).content.decode()
    assert box(english, "budget_realised") == "259,200,000"
    assert box(english, f"indicator_{indicator.pk}") == "1250.5"


def test_the_form_shown_is_saved_again_unchanged(world, program, period):
    program.planned_budget = 500_000_000
    program.save()
    indicator = IndicatorFactory(program=program, name="Pengguna", unit="orang")
    report = make_report(program, period, ReportStatus.DRAFT, physical_progress=Decimal("80.5"),
                         budget_realised=259_200_000)
    report.indicator_values.create(indicator=indicator, value=Decimal("1250.5"))
    url = reverse("programs:report_edit", args=[world.regency.slug, report.pk])
    client = world.client_for(world.opd)
    page = client.get(url).content.decode()
    names = ("physical_progress", "budget_realised", f"indicator_{indicator.pk}")
    response = client.post(url, form_data(version=report.version,
                                          **{name: box(page, name) for name in names}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.physical_progress, report.budget_realised) == (Decimal("80.5"), 259_200_000)
    assert report.indicator_values.get().value == Decimal("1250.5")


def test_in_english_the_report_reads_english_numbers(world, program, period):
    client = in_english(world.client_for(world.opd))
    response = client.post(new_url(world, program, period), form_data(
        physical_progress="80.5", budget_realised="Rp 1,250,000"))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.physical_progress, report.budget_realised) == (Decimal("80.5"), 1_250_000)


def test_rupiah_with_cents_are_refused_with_a_message(world, program, period):
    response = world.client_for(world.opd).post(new_url(world, program, period),
                                                form_data(budget_realised="1.250.000,50"))
    assert "Tulis rupiah utuh tanpa sen." in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_program_form_shows_the_budget_grouped_and_reads_it_back(world):
    client = world.client_for(world.secretariat)
    client.post(reverse("programs:create", args=[world.regency.slug]),
                program_post(world, planned_budget="Rp 259.200.000"))
    program = Program.objects.get(code="KOM-09")
    assert program.planned_budget == 259_200_000
    page = client.get(reverse("programs:edit", args=[world.regency.slug, program.pk]))
    assert box(page.content.decode(), "planned_budget") == "259.200.000"


def test_indicator_targets_are_typed_and_shown_back_the_indonesian_way(world, program):
    url = reverse("programs:indicators", args=[world.regency.slug, program.pk])
    years = range(program.start_year, program.end_year + 1)
    data = {"version": program.version, "ind-TOTAL_FORMS": 1, "ind-INITIAL_FORMS": 0,
            "ind-0-name": "Cakupan layanan", "ind-0-unit": "%", "ind-0-baseline": "12,5",
            **{f"ind-0-target_{year}": "80,5" for year in years}}
    data["ind-0-target_2021"] = "1.250,75"
    client = world.client_for(world.opd)
    assert client.post(url, data).status_code == 302
    indicator = program.indicators.get()
    assert indicator.baseline == Decimal("12.5")
    assert indicator.targets.get(year=2021).target == Decimal("1250.75")
    assert indicator.targets.get(year=2022).target == Decimal("80.5")
    page = client.get(url).content.decode()
    assert box(page, "ind-0-baseline") == "12,5"
    assert box(page, "ind-0-target_2021") == "1250,75"
    assert box(page, "ind-0-target_2022") == "80,5"


def test_an_ambiguous_target_is_refused_on_its_cell(world, program):
    url = reverse("programs:indicators", args=[world.regency.slug, program.pk])
    data = {"version": program.version, "ind-TOTAL_FORMS": 1, "ind-INITIAL_FORMS": 0,
            "ind-0-name": "Pengguna", "ind-0-unit": "orang", "ind-0-target_2022": "2.500"}
    response = world.client_for(world.opd).post(url, data)
    page = response.content.decode()
    assert "dapat dibaca dua cara" in page
    assert re.search(r'name="ind-0-target_2022"[^>]*is-invalid|is-invalid[^>]*'
                     r'name="ind-0-target_2022"', page)
    assert not program.indicators.exists()
