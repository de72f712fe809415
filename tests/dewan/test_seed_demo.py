"""`seed_demo` loads the seed councils and is safe to run twice; on production settings it
refuses unless forced. (pytest runs with DEBUG off, so the tests pass force=True.)"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from dewan.council.models import Decree, Regency

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in {"dewan", "programs", "meetings", "reports", "auth"}}


def test_seed_demo_twice_loads_the_councils_once():
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    first = row_counts()
    call_command("seed_demo", force=True, stdout=StringIO())
    assert row_counts() == first
    assert set(Regency.objects.values_list("slug", flat=True)) == {
        "humbang-hasundutan", "deli-serdang", "toba", "labuhanbatu-utara", "batang"}
    assert "sekretariat.humbahas" in out.getvalue() and "reviewer.komdigi" in out.getvalue()


def test_seed_demo_states_the_facts_of_the_articles():
    call_command("seed_demo", force=True, stdout=StringIO())
    humbahas = Decree.objects.get(regency__slug="humbang-hasundutan")
    assert (humbahas.number, humbahas.year) == ("66", 2024)
    deli = Decree.objects.get(regency__slug="deli-serdang")
    assert (deli.number, deli.year) == ("587", 2022)
    batang = Regency.objects.get(slug="batang")
    assert batang.mou_number == "26/KOMINFO/HK.03.02/05/2018"
    assert batang.mou_date.isoformat() == "2018-05-08"
    chair = humbahas.members.get(council_role="ketua")
    assert chair.name.startswith("Chiristison Rudianto Marbun")


def test_demo_reports_cover_closed_quarters_and_most_progress_came_in_on_time():
    from dewan.core.calendar import quarter
    from programs.models import ProgressReport, ReportingPeriod
    from reports.models import EvaluationReport

    call_command("seed_demo", force=True, stdout=StringIO())
    for report in EvaluationReport.objects.select_related("regency"):
        assert quarter(report.year, report.quarter).end < report.regency.local_today()
    sent = ProgressReport.objects.filter(submitted_at__isnull=False)
    deadlines = {(p.regency_id, p.year, p.quarter): p.deadline
                 for p in ReportingPeriod.objects.all()}
    on_time = [r for r in sent
               if r.submitted_at.date() <= deadlines[(r.regency_id, r.year, r.quarter)]]
    assert len(sent) > 0 and 0.5 <= len(on_time) / len(sent) < 1


def test_seed_demo_refuses_when_debug_is_off_and_creates_nothing(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG mati.*--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not Regency.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_runs_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Regency.objects.count() == 5


def test_seed_demo_refuses_from_the_command_line_in_production():
    import subprocess
    import sys

    from django.conf import settings

    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60,
           "DATABASE_URL": "sqlite:////nonexistent/never-opened.sqlite3"}
    result = subprocess.run([sys.executable, "manage.py", "seed_demo"], env=env,
                            capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert result.returncode == 1
    assert "seed_demo ditolak" in result.stderr and "--force" in result.stderr


def test_demo_decrees_have_a_generated_scan_and_regencies_their_short_names(settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from dewan.core.uploads import DECREE_KINDS, check_upload

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", force=True, stdout=StringIO())
    for decree in Decree.objects.select_related("regency"):
        with decree.scan.open("rb") as scan:
            data = scan.read()
        check_upload(SimpleUploadedFile("sk.pdf", data, "application/pdf"), DECREE_KINDS)
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert f"NOMOR {decree.number} TAHUN {decree.year}" in text
        assert "Data demo" in text  # never mistaken for an official scan
    short = dict(Regency.objects.values_list("slug", "short_name"))
    assert (short["humbang-hasundutan"], short["labuhanbatu-utara"]) == ("Humbahas", "Labura")


def test_the_demo_shows_the_portal_at_work_in_every_regency(settings, tmp_path):
    """Two years of quarters with every report state, evidence, follow-ups in every state,
    minutes circulated with a comment, a ready evaluation report and notifications, in each
    demo regency (issue 12 item 8)."""
    from dewan.core.models import Notification
    from meetings.choices import FollowUpStatus, MinutesStatus
    from meetings.models import FollowUp, Minutes, MinutesComment
    from programs.choices import ReportStatus
    from programs.models import EvidenceFile, ProgressReport
    from reports.choices import RenderStatus
    from reports.models import EvaluationReport

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, stdout=StringIO())
    for regency in Regency.objects.all():
        reports = ProgressReport.objects.filter(regency=regency)
        assert len(set(reports.values_list("year", "quarter"))) == 8, regency
        assert {ReportStatus.VERIFIED, ReportStatus.SUBMITTED, ReportStatus.RETURNED} <= set(
            reports.values_list("status", flat=True)), regency
        assert EvidenceFile.objects.filter(report__regency=regency).exists(), regency
        followups = set(FollowUp.objects.filter(regency=regency)
                        .values_list("status", flat=True))
        assert followups >= set(FollowUpStatus.values), (regency, followups)
        assert Minutes.objects.filter(regency=regency,
                                      status=MinutesStatus.CIRCULATED).exists(), regency
        assert EvaluationReport.objects.filter(regency=regency,
                                               status=RenderStatus.READY).exists(), regency
        assert Notification.objects.filter(regency=regency).exists(), regency
    assert MinutesComment.objects.filter(regency__slug="humbang-hasundutan").exists()
