"""The ministry's evaluation index (issue 11 item 2): weights per evaluation year (summing to
100), the regency's self-assessment with evidence and computed suggestions, the assessors'
scores beside it, the index and its trend, in the report and on the national overview."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dewan.core.calendar import Period
from dewan.council.access import access_for
from meetings.choices import MeetingStatus
from programs.choices import Horizon, ReportStatus
from reports import index
from reports.choices import AssessmentSource, EvaluationAspect
from reports.models import AssessmentScore, EvaluationYear, IndexAssessment
from reports.services import Unchanged, assessment_save, report_request
from tests.factories import (
    DecreeFactory,
    MeetingFactory,
    ProgramFactory,
    ProgressReportFactory,
    RegencyFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.reports.factories import (
    WEIGHTS,
    assess,
    ensure_dimensions,
    evaluation_year,
    scores_of,
)
from tests.reports.test_report_pdf import pages_text

pytestmark = pytest.mark.django_db

# --- the rule -------------------------------------------------------------------------------


def test_the_index_is_the_weighted_sum_rounded_half_up_and_needs_all_five():
    weights = evaluation_year().weights
    values = dict(zip(EvaluationAspect.values, map(Decimal, ("3.5", "3.4", "3.2", "2.9", "3.6")),
                      strict=True))
    # 0.35 + 0.68 + 0.96 + 0.58 + 0.72
    assert index.weighted_index(weights, values) == Decimal("3.29")
    # 4.05 × 10 % + 0 … = 0.405 → 0.41 (half up, not to even)
    assert index.weighted_index(weights, {**dict.fromkeys(EvaluationAspect.values,
                                                          Decimal(0)),
                                          "baseline": Decimal("4.05")}) == Decimal("0.41")
    assert index.weighted_index(weights, {**values, "impact": None}) is None
    assert index.weighted_index(weights, {k: v for k, v in values.items()
                                          if k != "output"}) is None


def test_weights_must_sum_to_100_in_the_admin_and_in_the_database(world):
    with pytest.raises(ValidationError, match="harus 100%"):
        EvaluationYear(year=2030, **{**WEIGHTS, "weight_impact": 25}).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        EvaluationYear.objects.create(year=2030, **{**WEIGHTS, "weight_impact": 25})
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client = world.client_for(admin)
    url = reverse("admin:reports_evaluationyear_add")
    response = client.post(url, {"year": 2031, "weight_baseline": "15", "weight_output": "20",
                                 "weight_outcome": "30", "weight_impact": "20",
                                 "weight_quick_win": "20", "note": ""})
    assert response.status_code == 200
    assert "Jumlah bobot kelima dimensi evaluasi harus 100%; sekarang 105%." in (
        response.content.decode())
    assert not EvaluationYear.objects.filter(year=2031).exists()
    response = client.post(url, {"year": 2031, "weight_baseline": "12.5",
                                 "weight_output": "17.5", "weight_outcome": "30",
                                 "weight_impact": "20", "weight_quick_win": "20", "note": ""})
    assert response.status_code == 302
    assert EvaluationYear.objects.get(year=2031).weights["baseline"] == Decimal("12.5")


def test_the_migration_holds_the_2021_to_2024_rounds():
    rounds = {y.year: y.weights for y in EvaluationYear.objects.filter(year__lte=2024)}
    if not rounds:  # a flushed database (transactional tests ran before): nothing to read
        pytest.skip("the migration's rows were flushed by an earlier transactional test")
    assert set(rounds) == {2021, 2022, 2023, 2024}
    for weights in rounds.values():
        assert {k: int(v) for k, v in weights.items()} == {
            "baseline": 10, "output": 20, "outcome": 30, "impact": 20, "quick_win": 20}


# --- suggestions from the portal's own data -------------------------------------------------


@pytest.fixture
def year_of_data(world):
    """2024 in Humbang Uji: a decree in force, two meetings held (one cancelled, one of
    2023), four programs of the year (one without budget, one quick win, one reported but not
    verified) and one of 2026."""
    regency = world.regency
    dimensions = ensure_dimensions()
    DecreeFactory(regency=regency, date_signed=datetime.date(2023, 5, 2))
    for month, status in ((2, MeetingStatus.HELD), (8, MeetingStatus.HELD),
                          (10, MeetingStatus.CANCELLED)):
        MeetingFactory(regency=regency, status=status,
                       start=datetime.datetime(2024, month, 5, 9, tzinfo=regency.tzinfo))
    MeetingFactory(regency=regency, status=MeetingStatus.HELD,
                   start=datetime.datetime(2023, 11, 5, 9, tzinfo=regency.tzinfo))
    governance = dimensions[0]

    def program(code, budget, progress, status=ReportStatus.VERIFIED, **fields):
        made = ProgramFactory(regency=regency, agency=world.agency, code=code, start_year=2024,
                              end_year=2025, planned_budget=budget, dimensions=[governance],
                              **fields)
        if progress is not None:
            ProgressReportFactory(program=made, year=2024, quarter=2, status=status,
                                  physical_progress=progress)
        return made

    programs = [program("P-1", 100_000_000, 40), program("P-2", 0, 0),
                program("P-3", 100_000_000, 80, horizon=Horizon.QUICK_WIN),
                program("P-4", 100_000_000, 90, status=ReportStatus.SUBMITTED)]
    ProgramFactory(regency=regency, agency=world.agency, code="P-LATER", start_year=2026,
                   end_year=2027, dimensions=[governance])
    return programs


def test_suggestions_come_from_the_years_own_data_with_their_facts(world, year_of_data):
    found = index.suggestions(regency=world.regency, year=2024)
    assert found["a-baseline"].score == Decimal("2.50")  # 2 held of 4 expected
    assert "2 rapat dewan terlaksana pada 2024" in found["a-baseline"].facts[0]
    assert found["a-output"].score == Decimal("4.00")  # decree 1 + 4 × 3/4 with budget
    assert "31 Desember 2024" in found["a-output"].facts[0]
    assert "3 dari 4 program" in found["a-output"].facts[1]
    assert found["a-outcome"].score == Decimal("2.50")  # P-1 and P-3 verified above 0 %
    assert found["a-quick_win"].score == Decimal("4.00")  # P-3 at 80 %
    assert found["a-impact"].score is None  # evidence outside the portal
    # Governance: verified 40, 0 and 80 (P-4 only submitted) → 40 % → 2.00
    assert found["d-governance"].score == Decimal("2.00")
    assert "3 dari 4 program" in found["d-governance"].facts[0]
    assert found["d-environment"].score is None


def test_without_a_decree_or_quick_win_the_suggestions_say_so(world):
    ensure_dimensions()
    found = index.suggestions(regency=world.regency, year=2024)
    assert found["a-output"].score == Decimal("0.00")
    assert "Tidak ada SK dewan yang berlaku" in found["a-output"].facts[0]
    assert found["a-quick_win"].score is None
    assert "Tidak ada program quick win" in found["a-quick_win"].facts[0]


# --- the self-assessment page ----------------------------------------------------------------


def form_url(world, source="mandiri", year=2024):
    return reverse("reports:assessment", args=[world.regency.slug, year, source])


def year_url(world, year=2024):
    return reverse("reports:index_year", args=[world.regency.slug, year])


def filled(values, reason="Dasar: data portal dan survei."):
    data = {"findings": "Catatan penilaian mandiri."}
    for aspect, value in zip(EvaluationAspect.values, values, strict=True):
        data[f"a-{aspect}-score"] = value
        data[f"a-{aspect}-justification"] = reason
    return data


def test_the_secretariat_scores_itself_with_evidence_and_gets_the_index(world, year_of_data):
    evaluation_year()
    client = world.client_for(world.secretariat)
    page = client.get(form_url(world)).content.decode()
    assert "Saran dari data portal: 2,50" in page and "Saran dari data portal: 4,00" in page
    verified = year_of_data[0].reports.get()
    meeting = world.regency.meetings.filter(status=MeetingStatus.HELD,
                                            start__year=2024).first()
    decree = world.regency.decrees.get()
    data = filled(["2,5", "4", "2,75", "3,1", "4"])
    data["a-output-evidence"] = [f"sk:{decree.pk}", f"program:{year_of_data[1].pk}"]
    data["a-baseline-evidence"] = [f"rapat:{meeting.pk}"]
    data["d-governance-score"] = "2,0"
    data["d-governance-justification"] = "Satu Data berjalan, Ω-aman."
    data["d-governance-evidence"] = [f"laporan:{verified.pk}"]
    response = client.post(form_url(world), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    own = IndexAssessment.objects.get(regency=world.regency, source=AssessmentSource.SELF)
    # 0.25 + 0.80 + 0.825 + 0.62 + 0.80 = 3.295 → 3.30
    assert own.index == Decimal("3.30") and own.findings == "Catatan penilaian mandiri."
    output = own.scores.get(aspect="output")
    assert list(output.decrees.all()) == [decree]
    assert list(output.programs.all()) == [year_of_data[1]]
    governance = own.scores.get(dimension__code="governance")
    assert list(governance.progress_reports.all()) == [verified]
    # The reviewer reads it beside an empty assessors' column, with the evidence as links.
    year_page = world.client_for(world.reviewer).get(year_url(world)).content.decode()
    assert "3,30" in year_page and "Satu Data berjalan, Ω-aman." in year_page
    assert reverse("council:decree_detail", args=[world.regency.slug, decree.pk]) in year_page
    assert reverse("programs:report_detail", args=[world.regency.slug, verified.pk]) in year_page
    assert "Asesor kementerian belum menilai tahun ini." in year_page
    # The form shows back what was saved; emptying a row removes its score.
    page = client.get(form_url(world)).content.decode()
    assert 'value="2,75"' in page and "Satu Data berjalan" in page
    data.pop("d-governance-score"), data.pop("d-governance-justification")
    data.pop("d-governance-evidence")
    client.post(form_url(world), data)
    assert not own.scores.filter(dimension__code="governance").exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("a-impact-score", "6", "lebih kecil dari atau sama dengan 5"),
    ("a-impact-score", "-1", "lebih besar dari atau sama dengan 0"),
    ("a-impact-score", "tiga", "Tulis angka"),
    ("a-impact-score", "3,1255", "tidak melebihi 3 angka"),
    ("a-impact-justification", "", "Tulis alasan nilai Impact."),
    ("a-impact-evidence", "program:999999", "bukan salah satu dari pilihan"),
    ("reference", "x", None),  # not a field of the self-assessment: ignored, saved
])
def test_bad_input_gets_a_message_and_nothing_is_saved(world, year_of_data, field, value,
                                                       message):
    evaluation_year()
    data = filled(["2,5", "4", "2,75", "3,1", "4"])
    data[field] = value
    response = world.client_for(world.secretariat).post(form_url(world), data)
    if message is None:
        assert response.status_code == 302
        assert IndexAssessment.objects.get().reference == ""
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Penilaian belum disimpan" in page
    assert not IndexAssessment.objects.exists() and not AssessmentScore.objects.exists()


def test_evidence_of_another_regency_cannot_be_chosen(world, year_of_data):
    evaluation_year()
    foreign = ProgramFactory(regency=world.other_regency)
    data = filled(["2,5", "4", "2,75", "3,1", "4"])
    data["a-outcome-evidence"] = [f"program:{foreign.pk}"]
    response = world.client_for(world.secretariat).post(form_url(world), data)
    assert response.status_code == 200
    assert "bukan salah satu dari pilihan" in response.content.decode()
    assert not IndexAssessment.objects.exists()


def test_who_may_read_and_who_may_score(world):
    evaluation_year()
    other = RegencyFactory(slug="lain")
    expected = [
        (world.secretariat, year_url(world), 200), (world.member, year_url(world), 200),
        (world.reviewer, year_url(world), 200), (world.opd, year_url(world), 403),
        (world.outsider_secretariat, year_url(world), 404),
        (world.secretariat, form_url(world), 200), (world.secretariat,
                                                    form_url(world, "asesor"), 403),
        (world.reviewer, form_url(world, "asesor"), 200), (world.reviewer, form_url(world), 403),
        (world.member, form_url(world), 403), (world.member, form_url(world, "asesor"), 403),
        (world.secretariat, form_url(world, "lain"), 404),
        (world.secretariat, year_url(world, 2099), 404),
        (world.secretariat, reverse("reports:index", args=[other.slug]), 404),
    ]
    for user, url, status in expected:
        assert world.client_for(user).get(url).status_code == status, (user, url)
    assert world.client_for(world.secretariat).post(form_url(world, "asesor"),
                                                    filled([1] * 5)).status_code == 403
    assert not IndexAssessment.objects.exists()


def test_the_assessors_score_beside_the_self_assessment_and_the_trend(world):
    for year, own, assessed in ((2022, None, [3, 2.75, 2.5, 2.25, 3]),
                                (2024, [4, 4, 4, 4, 4], [3.5, 3.4, 3.2, 2.9, 3.6])):
        if own:
            assess(world.regency, world.secretariat, AssessmentSource.SELF, own, year)
        assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, assessed, year,
               findings="Dampak layanan perlu bukti survei.", reference=f"Hasil resmi {year}")
    evaluation_year(2023)
    client = world.client_for(world.member)
    page = client.get(reverse("reports:index", args=[world.regency.slug])).content.decode()
    rows = re.findall(r'<tr data-year="(\d+)">.*?class="text-end index-own">([^<]+)<.*?'
                      r'index-assessed fw-semibold">([^<]+)<', page, re.S)
    assert [r for r in rows if r[0] in {"2022", "2023", "2024"}] == [
        ("2024", "4,00", "3,29"), ("2023", "–", "–"), ("2022", "–", "2,65")]
    chart = json.loads(re.search(r'id="index-trend-data"[^>]*>(.*?)</script>', page,
                                 re.S).group(1))
    assert chart["labels"] == ["2022", "2023", "2024"]
    assert chart["assessed"] == [2.65, None, 3.29] and chart["own"] == [None, None, 4.0]
    year_page = client.get(year_url(world)).content.decode()
    assert "Dampak layanan perlu bukti survei." in year_page and "Hasil resmi 2024" in year_page


# Each page's queries: session, user, roles, regency and the notification bell (5), then the
# page's own. The year page reads the year, both sides' scores, their four kinds of evidence
# (one statement), the dimensions and the suggestions (programs with their dimension tags and
# meetings held, the decree); the assessors' form the evidence to choose from (one UNION) instead
# of the suggestions.
QUERIES = {"index": 7, "index_year": 12, "assessment": 11}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_index_pages_query_counts_do_not_grow_with_the_data(world, name):
    evaluation_year()
    ensure_dimensions()
    args = {"index": [world.regency.slug], "index_year": [world.regency.slug, 2024],
            "assessment": [world.regency.slug, 2024, "asesor"]}[name]
    url = reverse(f"reports:{name}", args=args)
    client = world.client_for(world.reviewer)
    counts = []
    for programs in (1, 6):
        for i in range(programs):
            made = ProgramFactory(regency=world.regency, agency=world.agency)
            ProgressReportFactory(program=made, status=ReportStatus.VERIFIED)
            MeetingFactory(regency=world.regency, status=MeetingStatus.HELD,
                           start=datetime.datetime(2024, 3, 1 + i, tzinfo=world.regency.tzinfo))
        evidence = {"program": [made.pk], "rapat": [], "laporan": [], "sk": []}
        assessment_save(access=access_for(world.reviewer, world.regency),
                        evaluation_year=evaluation_year(), source=AssessmentSource.ASSESSOR,
                        user=world.reviewer,
                        scores={**scores_of([3] * 5), "a-impact": (Decimal(3), "x", evidence)})
        client.get(url)  # sessions and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [QUERIES[name]] * 2


# --- in the report and on the national overview ------------------------------------------------


def test_the_report_prints_the_index_and_the_assessors_findings(world, make_ready_report):
    ensure_dimensions()
    assess(world.regency, world.secretariat, AssessmentSource.SELF, [4, 4, 3.5, 3, 4])
    assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [3.5, 3.4, 3.2, 2.9, 3.6],
           findings="Bukti dampak perlu diperkuat.", reference="Surat Komdigi 2024")
    assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [3, 2.75, 2.5, 2.25, 3],
           year=2023)
    report = make_ready_report(world.regency, "2024-Q4")
    text = "\n".join(pages_text(report))
    assert "10. Indeks evaluasi kementerian 2024" in text
    assert "3,65" in text and "3,29" in text  # both sides' index
    assert "Bukti dampak perlu diperkuat." in text and "Surat Komdigi 2024" in text
    assert "Tren indeks" in text and "2,65" in text
    # The index is part of the report's fingerprint: a changed score is changed data.
    with pytest.raises(Unchanged):
        report_request(regency=world.regency, period=Period.parse("2024-Q4"),
                       only_if_changed=True, enqueue=False)
    assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [4, 3.4, 3.2, 2.9, 3.6])
    assert report_request(regency=world.regency, period=Period.parse("2024-Q4"),
                          only_if_changed=True, enqueue=False).version == report.version + 1


def test_the_national_overview_sorts_by_index(world):
    second = RegencyFactory(name="Kota Kedua", slug="kota-kedua")
    third = RegencyFactory(name="Kabupaten Ketiga", slug="kabupaten-ketiga")
    assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [3] * 5)
    assess(second, world.reviewer, AssessmentSource.ASSESSOR, [4] * 5)
    own_user = UserFactory()
    RoleAssignmentFactory(user=own_user, regency=third)
    assess(third, own_user, AssessmentSource.SELF, [3.5] * 5)
    client = world.client_for(world.reviewer)
    page = client.get(reverse("national:overview"), {"year": 2024, "sort": "indeks"})
    html = page.content.decode()
    order = re.findall(r'<tr data-regency="([\w-]+)"', html)
    assert order[:3] == ["kota-kedua", "kabupaten-ketiga", "humbang-uji"]
    cells = re.findall(r'class="text-end index-cell">(.*?)</td>', html, re.S)
    assert "4,00" in cells[0] and "3,50" in cells[1] and "mandiri" in cells[1]
    assert 'id="sort-index"' in html


def test_changed_weights_recompute_the_stored_index_of_their_year(world):
    assessed = assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR,
                      [3.5, 3.4, 3.2, 2.9, 3.6])
    other_year = assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [3] * 5,
                        year=2023)
    assert assessed.index == Decimal("3.29")
    scored_at = assessed.updated_at
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    year = EvaluationYear.objects.get(year=2024)
    response = world.client_for(admin).post(
        reverse("admin:reports_evaluationyear_change", args=[year.pk]),
        {"year": 2024, "weight_baseline": "20", "weight_output": "20", "weight_outcome": "20",
         "weight_impact": "20", "weight_quick_win": "20", "note": "Bobot rata."})
    assert response.status_code == 302
    assessed.refresh_from_db()
    # (3.5 + 3.4 + 3.2 + 2.9 + 3.6) / 5 = 3.32
    assert assessed.index == Decimal("3.32")
    # Only the index follows the weights: the page's "updated … by" still names the scoring.
    assert assessed.updated_at == scored_at and assessed.updated_by == world.reviewer
    other_year.refresh_from_db()
    assert other_year.index == Decimal("3.00")


def test_changed_weights_recompute_every_regencys_index_in_a_fixed_number_of_queries(world):
    """One regency or six: the weight change reads the year's assessments and their aspect
    scores once, and writes the indexes in one statement."""
    from reports.services import evaluation_year_weights_changed

    year = EvaluationYear.objects.get(year=2024)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            evaluation_year_weights_changed(year)
        return len(queries)

    assess(world.regency, world.reviewer, AssessmentSource.ASSESSOR, [3] * 5)
    few = count()
    for _ in range(5):
        assess(RegencyFactory(), world.reviewer, AssessmentSource.ASSESSOR, [4] * 5)
    assert count() == few


def test_the_evidence_to_choose_from_is_the_regencys_own_of_the_year_in_order(world):
    """The form's evidence choices (one statement over the four kinds): the regency's
    programs by code, its verified reports of the year, its meetings of the year that were not
    cancelled, its decrees newest first; nothing of another regency."""
    from reports.selectors import evidence_choices

    second = ProgramFactory(regency=world.regency, agency=world.agency, code="B-02")
    first = ProgramFactory(regency=world.regency, agency=world.agency, code="A-01")
    verified = ProgressReportFactory(program=second, year=2024, quarter=2,
                                     physical_progress=Decimal("42.5"),
                                     status=ReportStatus.VERIFIED)
    ProgressReportFactory(program=first, year=2024, quarter=2, status=ReportStatus.SUBMITTED)
    ProgressReportFactory(program=first, year=2023, quarter=2, status=ReportStatus.VERIFIED)
    held = MeetingFactory(regency=world.regency, title="Rapat pleno, Tahap 1",
                          start=datetime.datetime(2024, 5, 2, 9, tzinfo=world.regency.tzinfo))
    MeetingFactory(regency=world.regency, status=MeetingStatus.CANCELLED,
                   start=datetime.datetime(2024, 6, 2, 9, tzinfo=world.regency.tzinfo))
    old = DecreeFactory(regency=world.regency, number="7", year=2021,
                        date_signed=datetime.date(2021, 2, 1))
    new = DecreeFactory(regency=world.regency, number="66", year=2024,
                        date_signed=datetime.date(2024, 2, 1))
    ProgramFactory(regency=world.other_regency)
    DecreeFactory(regency=world.other_regency)
    groups = dict(evidence_choices(access=access_for(world.secretariat, world.regency),
                                   year=2024))
    assert groups["Program"] == [(f"program:{first.pk}", str(first)),
                                 (f"program:{second.pk}", str(second))]
    assert groups["Laporan progres terverifikasi 2024"] == [
        (f"laporan:{verified.pk}", "B-02 TW 2/2024 — 42,5%")]
    assert groups["Rapat 2024"] == [(f"rapat:{held.pk}", "2 Mei 2024 — Rapat pleno, Tahap 1")]
    assert groups["SK dewan"] == [(f"sk:{new.pk}", str(new)), (f"sk:{old.pk}", str(old))]
