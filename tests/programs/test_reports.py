"""Quarterly progress reports: the OPD's quarter page, the form's rules, evidence, submission,
the secretariat's verification and the history of every state change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs.choices import ReportStatus
from programs.models import ProgressReport, ProgressReportEvent
from programs.periods import period_ensure
from tests.factories import IndicatorFactory, IndicatorTargetFactory, ProgressReportFactory
from tests.programs.conftest import attach, make_report
from tests.programs.factories import fake_pdf, pdf, png

pytestmark = pytest.mark.django_db


def new_url(world, program, period):
    return reverse("programs:report_new",
                   args=[world.regency.slug, program.pk, period.year, period.quarter])


def form_data(**overrides):
    data = {"physical_progress": "40", "budget_realised": "25.000.000",
            "achievements": "Aplikasi dipakai 12 desa.", "obstacles": "Jaringan lemah.",
            "next_steps": "Pelatihan operator desa.", "action": "draft"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def earlier(period):
    return period_ensure(regency=period.regency, period=period.period.previous())


# --- the quarter page ---------------------------------------------------------------------

def test_quarter_page_lists_every_program_of_the_agency_with_its_state(world, period):
    from tests.factories import ProgramFactory

    states = {}
    for status in (None, *ReportStatus.values):
        program = ProgramFactory(regency=world.regency, agency=world.agency,
                                 start_year=2020, end_year=2035)
        if status:
            make_report(program, period, status)
        states[program.code] = status or "belum_ada"
    ProgramFactory(regency=world.regency, agency=world.other_agency, name="Program Dinkes")
    response = world.client_for(world.opd).get(reverse("programs:quarter",
                                                       args=[world.regency.slug]))
    rows = {row.program.code: row.state for row in response.context["rows"]}
    assert rows == states
    assert "Program Dinkes" not in response.content.decode()


def test_quarter_page_survives_a_bad_period_in_the_query_string(world, period):
    response = world.client_for(world.opd).get(
        reverse("programs:quarter", args=[world.regency.slug]) + "?periode=kemarin")
    assert response.status_code == 200
    assert response.context["period"] == period
    assert "Periode tidak dikenal" in response.content.decode()


def test_default_deadline_is_ten_days_after_the_quarter(world, period):
    assert (period.deadline - period.end_date).days == 10


# --- saving and submitting ----------------------------------------------------------------

def test_opd_saves_a_draft_then_submits_with_evidence(world, program, period):
    client = world.client_for(world.opd)
    client.post(new_url(world, program, period), form_data())
    report = ProgressReport.objects.get()
    assert (report.status, report.budget_realised) == (ReportStatus.DRAFT, 25_000_000)
    edit = reverse("programs:report_edit", args=[world.regency.slug, report.pk])
    response = client.post(edit, form_data(version=report.version, action="submit",
                                           evidence=[pdf(), png()]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    assert sorted(report.evidence.values_list("original_name", flat=True)) == [
        "berita-acara.pdf", "foto-kegiatan.png"]
    assert [(e.from_status, e.to_status) for e in report.events.all()] == [
        ("", "draft"), ("draft", "diajukan")]


def test_submitting_without_evidence_is_refused(world, program, period):
    response = world.client_for(world.opd).post(new_url(world, program, period),
                                                form_data(action="submit"))
    assert response.status_code == 400
    assert "Lampirkan minimal satu berkas data dukung" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_submitting_needs_every_indicator_value(world, program, period):
    indicator = IndicatorFactory(program=program, name="Desa terlayani", unit="desa")
    client = world.client_for(world.opd)
    response = client.post(new_url(world, program, period),
                           form_data(action="submit", evidence=pdf()))
    assert "Isi nilai semua indikator" in response.content.decode()
    response = client.post(new_url(world, program, period), form_data(
        action="submit", evidence=pdf(), **{f"indicator_{indicator.pk}": "12"}))
    assert response.status_code == 302
    assert ProgressReport.objects.get().indicator_values.get().value == 12


def test_evidence_is_checked_by_content_not_by_name(world, program, period):
    response = world.client_for(world.opd).post(
        new_url(world, program, period), form_data(evidence=fake_pdf()))
    assert response.status_code == 400
    assert "bukan jenis yang diizinkan (PDF, JPG, PNG, XLSX, DOCX)" in \
        response.content.decode()
    assert not ProgressReport.objects.exists()


def test_evidence_larger_than_10_mb_is_refused(world, program, period, settings):
    settings.UPLOAD_MAX_BYTES = 1024  # the same check, with a smaller limit to stay fast
    big = SimpleUploadedFile("foto-besar.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    response = world.client_for(world.opd).post(new_url(world, program, period),
                                                form_data(evidence=big))
    assert "batasnya 1,0" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_evidence_can_be_removed_from_a_draft(world, program, period):
    report = make_report(program, period, ReportStatus.DRAFT)
    evidence = attach(report)
    world.client_for(world.opd).post(
        reverse("programs:report_edit", args=[world.regency.slug, report.pk]),
        form_data(version=report.version, remove_evidence=[evidence.pk]))
    assert not report.evidence.exists()


# --- the reason rules and constraints -----------------------------------------------------

def test_progress_below_last_quarter_needs_a_reason(world, program, period):
    ProgressReportFactory(program=program, year=earlier(period).year,
                          quarter=earlier(period).quarter, physical_progress=60,
                          status=ReportStatus.VERIFIED)
    client = world.client_for(world.opd)
    response = client.post(new_url(world, program, period), form_data(physical_progress="45"))
    assert "lebih rendah dari triwulan sebelumnya (60" in response.content.decode()
    assert not ProgressReport.objects.filter(year=period.year, quarter=period.quarter).exists()
    client.post(new_url(world, program, period), form_data(
        physical_progress="45", progress_decrease_reason="Sebagian pekerjaan diulang."))
    assert ProgressReport.objects.filter(year=period.year, quarter=period.quarter).exists()


def test_spending_above_the_planned_budget_needs_a_reason(world, program, period):
    client = world.client_for(world.opd)
    response = client.post(new_url(world, program, period),
                           form_data(budget_realised="150.000.000"))
    assert "melebihi pagu Rp 100.000.000" in response.content.decode()
    client.post(new_url(world, program, period), form_data(
        budget_realised="150.000.000", over_budget_reason="Tambahan APBD-P."))
    assert ProgressReport.objects.get().over_budget_reason == "Tambahan APBD-P."


@pytest.mark.parametrize("value, message", [
    ("101", "paling tinggi 100 persen"), ("-1", "tidak boleh negatif"),
    ("empat puluh", "sebagai angka 0 sampai 100"),
])
def test_physical_progress_must_be_between_0_and_100(world, program, period, value, message):
    response = world.client_for(world.opd).post(new_url(world, program, period),
                                                form_data(physical_progress=value))
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_database_refuses_progress_above_100_and_negative_spending(world, program):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(program=program, physical_progress=120)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(program=program, budget_realised=-5)
    ProgressReportFactory(program=program, year=2024, quarter=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReportFactory(program=program, year=2024, quarter=1)


# --- verification -------------------------------------------------------------------------

def test_secretariat_returns_with_a_comment_and_the_opd_answers_by_resubmitting(
        world, program, period):
    report = make_report(program, period, ReportStatus.SUBMITTED)
    attach(report)
    secretariat = world.client_for(world.secretariat)
    secretariat.post(reverse("programs:report_return", args=[world.regency.slug, report.pk]),
                     {"version": report.version, "comment": "Lampirkan foto lokasi."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    opd = world.client_for(world.opd)
    page = opd.get(reverse("programs:quarter", args=[world.regency.slug]))
    assert "Lampirkan foto lokasi." in page.content.decode()
    opd.post(reverse("programs:report_edit", args=[world.regency.slug, report.pk]),
             form_data(version=report.version, action="submit", evidence=png(),
                       response="Foto lokasi sudah dilampirkan."))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    events = [(e.from_status, e.to_status, e.comment, e.actor) for e in report.events.all()]
    assert events == [
        ("diajukan", "dikembalikan", "Lampirkan foto lokasi.", world.secretariat),
        ("dikembalikan", "diajukan", "Foto lokasi sudah dilampirkan.", world.opd),
    ]


def test_returning_needs_a_comment(world, program, period):
    report = make_report(program, period, ReportStatus.SUBMITTED)
    response = world.client_for(world.secretariat).post(
        reverse("programs:report_return", args=[world.regency.slug, report.pk]),
        {"version": report.version, "comment": "  "})
    assert response.status_code == 400
    assert "Tuliskan catatan untuk OPD" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_verifying_records_who_and_when(world, program, period):
    report = make_report(program, period, ReportStatus.SUBMITTED)
    world.client_for(world.secretariat).post(
        reverse("programs:report_verify", args=[world.regency.slug, report.pk]),
        {"version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED
    assert report.verified_by == world.secretariat and report.verified_at
    event = ProgressReportEvent.objects.get(report=report)
    assert (event.actor, event.to_status) == (world.secretariat, "terverifikasi")


def test_a_draft_cannot_be_verified(world, program, period):
    report = make_report(program, period, ReportStatus.DRAFT)
    response = world.client_for(world.secretariat).post(
        reverse("programs:report_verify", args=[world.regency.slug, report.pk]),
        {"version": report.version})
    assert response.status_code == 404  # the secretariat does not even see drafts
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_submitted_report_is_locked_for_the_opd(world, program, period):
    report = make_report(program, period, ReportStatus.SUBMITTED, physical_progress=30)
    response = world.client_for(world.opd).post(
        reverse("programs:report_edit", args=[world.regency.slug, report.pk]),
        form_data(version=report.version, physical_progress="99"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.physical_progress == 30


def test_the_queue_shows_submitted_reports_of_every_agency(world, program, other_program,
                                                          period):
    mine = make_report(program, period, ReportStatus.SUBMITTED)
    theirs = make_report(other_program, period, ReportStatus.SUBMITTED)
    make_report(other_program, earlier(period), ReportStatus.DRAFT)
    response = world.client_for(world.secretariat).get(
        reverse("programs:verification", args=[world.regency.slug]))
    assert set(response.context["reports"]) == {mine, theirs}


def test_the_queue_survives_bad_filters(world):
    response = world.client_for(world.secretariat).get(
        reverse("programs:verification", args=[world.regency.slug])
        + "?status=rahasia&periode=2025-9&agency=abc")
    assert response.status_code == 200
    assert "tidak dikenal dan diabaikan" in response.content.decode()


def test_opd_cannot_open_another_agencys_draft_to_edit(world, other_program, period):
    draft = make_report(other_program, period, ReportStatus.DRAFT)
    response = world.client_for(world.opd).post(
        reverse("programs:report_edit", args=[world.regency.slug, draft.pk]),
        form_data(version=draft.version))
    assert response.status_code == 404


def test_opd_cannot_report_on_another_agencys_program(world, other_program, period):
    response = world.client_for(world.opd).post(new_url(world, other_program, period),
                                                form_data())
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_report_page_shows_indicator_targets_of_the_year(world, program, period):
    indicator = IndicatorFactory(program=program, name="Desa terlayani", unit="desa")
    IndicatorTargetFactory(indicator=indicator, year=period.year, target=40)
    response = world.client_for(world.opd).get(new_url(world, program, period))
    assert "Desa terlayani 40" in response.content.decode()


# --- reporting periods --------------------------------------------------------------------

def test_secretariat_moves_a_deadline_and_adds_a_period(world, period):
    client = world.client_for(world.secretariat)
    url = reverse("programs:periods", args=[world.regency.slug])
    later = period.deadline.replace(day=20) if period.deadline.day < 20 else period.deadline
    response = client.post(url, {"year": period.year, "quarter": period.quarter,
                                 "deadline": later.isoformat()})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.deadline == later
    client.post(url, {"year": 2030, "quarter": 1, "deadline": "2030-04-15"})
    assert world.regency.reporting_periods.filter(year=2030, quarter=1).exists()


def test_a_deadline_before_the_quarter_ends_is_refused(world):
    response = world.client_for(world.secretariat).post(
        reverse("programs:periods", args=[world.regency.slug]),
        {"year": 2030, "quarter": 2, "deadline": "2030-05-01"})
    assert response.status_code == 400
    assert "tidak boleh sebelum triwulan berakhir (30 Juni 2030)" in response.content.decode()
    assert not world.regency.reporting_periods.filter(year=2030).exists()
