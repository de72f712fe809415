"""Issue 11 items 4 and 5: drafts, approval by the council's chair or secretary, numbered
final versions with a QR code that leads to the public verification page, superseded
versions, provisional (SEMENTARA) reports of periods still running."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dewan.core.calendar import Period
from dewan.core.errors import DomainError
from dewan.council.choices import Role
from dewan.documents.models import IssuedDocument
from programs.choices import ReportStatus
from programs.models import ProgressReport
from reports import services
from reports.choices import RenderStatus, ReportStage
from reports.models import EvaluationReport
from reports.selectors import final_reports_of
from tests.factories import RoleAssignmentFactory
from tests.reports.conftest import council_approver
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(world):
    build_year_of_work(world.regency, programs=4, quarters=3, meetings=2)
    return world


def text_of(field) -> str:
    with field.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_a_report_of_a_running_period_is_provisional_and_never_approved(worked,
                                                                         make_ready_report):
    regency = worked.regency
    today = regency.local_today()
    running = Period.parse(f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    with pytest.raises(DomainError, match="belum berakhir"):
        services.report_request(regency=regency, period=running, enqueue=False)
    with pytest.raises(DomainError, match="sudah berakhir"):
        services.report_request(regency=regency, period=Period.parse("2024-Q3"),
                                provisional=True, enqueue=False)
    report = services.report_request(regency=regency, period=running, provisional=True,
                                     enqueue=False)
    from reports.tasks import render_evaluation_report

    assert render_evaluation_report.apply(args=[report.pk]).get() == "ready"
    report.refresh_from_db()
    assert "SEMENTARA" in text_of(report.pdf) and "tidak diberi nomor" in text_of(report.pdf)
    with pytest.raises(DomainError, match="sementara tidak dapat disetujui"):
        services.report_approve(report=report, by=council_approver(regency), enqueue=False)


def test_approval_numbers_the_final_version_and_prints_a_working_qr_code(
        worked, make_final_report, settings, tmp_path):
    settings.SITE_URL = "https://portal.example.go.id"
    regency = worked.regency
    final = make_final_report(regency)
    year = timezone.localtime(final.approved_at, regency.tzinfo).year
    assert (final.stage, final.status, final.number) == (ReportStage.FINAL, RenderStatus.READY,
                                                         f"050/001/DSC/{year}")
    assert final.draft_pdf and final.draft_sha256 and final.draft_sha256 != final.sha256
    issued = IssuedDocument.objects.get(kind="laporan", object_id=final.pk)
    assert (issued.number, issued.sha256, issued.version) == (final.number, final.sha256, 1)
    text = text_of(final.pdf)
    assert f"Nomor: {final.number}" in text and issued.display_code in text
    assert "DRAF" not in text and "DRAF" in text_of(final.draft_pdf)
    # The QR code on the cover, decoded from the rendered page, leads to the public page.
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg (zbar-tools) is not installed: make debs-test")
    pdf = tmp_path / "final.pdf"
    with final.pdf.open("rb") as handle:
        pdf.write_bytes(handle.read())
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(next(tmp_path.glob("page*.png")))],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert decoded == f"https://portal.example.go.id/verifikasi/{issued.code}/"
    page = worked.client_for(worked.no_role).get(decoded.removeprefix(settings.SITE_URL))
    assert page.status_code == 200 and final.number in page.content.decode()


def test_a_later_final_supersedes_the_earlier_and_comes_first(worked, make_final_report,
                                                              make_ready_report):
    regency = worked.regency
    first = make_final_report(regency)
    second = make_final_report(regency)
    draft = make_ready_report(regency)
    assert second.number.startswith("050/002/")
    [sent] = final_reports_of(regencies=type(regency).objects.filter(pk=regency.pk),
                              period=Period.parse("2024-Q3"))
    assert sent == second
    earlier = IssuedDocument.objects.get(object_id=first.pk, kind="laporan")
    assert earlier.superseded_by.object_id == second.pk
    page = worked.client_for(worked.reviewer).get(reverse("reports:detail",
                                                          args=[regency.slug, draft.pk]))
    body = page.content.decode()
    versions = body.split("Versi periode ini", 1)[1]
    assert versions.index("v2") < versions.index("v3") < versions.index("v1")
    assert "Digantikan" in versions and "Final" in versions and "Draf" in versions
    public = worked.client_for(worked.no_role).get(earlier.get_absolute_url())
    assert "sudah digantikan" in public.content.decode() and second.number in \
        public.content.decode()


def test_only_the_councils_chair_or_secretary_approves_and_must_confirm(worked,
                                                                        make_ready_report):
    regency = worked.regency
    approver = council_approver(regency)
    draft = make_ready_report(regency)
    url = reverse("reports:approve", args=[regency.slug, draft.pk])
    detail = reverse("reports:detail", args=[regency.slug, draft.pk])
    for user in (worked.secretariat, worked.reviewer):
        assert worked.client_for(user).post(url, {"confirm": "1"}).status_code == 403
        assert "Setujui sebagai final" not in worked.client_for(user).get(detail).content.decode()
    client = worked.client_for(approver)
    # The secretary's account is a council member's: members read the evaluation reports.
    RoleAssignmentFactory(user=approver, role=Role.MEMBER, regency=regency)
    assert "Setujui sebagai final" in client.get(detail).content.decode()
    client.post(url, {})
    assert EvaluationReport.objects.get(pk=draft.pk).stage == ReportStage.DRAFT
    with mock.patch("reports.services._send_render") as send:
        response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302 and send.called
    approved = EvaluationReport.objects.get(pk=draft.pk)
    assert approved.stage == ReportStage.FINAL and approved.status == RenderStatus.QUEUED
    assert approved.approved_by == approver and approved.signatory["role"] == "ketua"


def test_a_draft_whose_data_changed_is_not_approved(worked, make_ready_report):
    regency = worked.regency
    approver = council_approver(regency)
    draft = make_ready_report(regency)
    late = ProgressReport.objects.filter(regency=regency,
                                         status=ReportStatus.SUBMITTED).first()
    late.status = ReportStatus.VERIFIED
    late.save()
    with pytest.raises(DomainError, match="telah berubah"):
        services.report_approve(report=draft, by=approver, enqueue=False)
    assert not IssuedDocument.objects.filter(kind="laporan").exists()


def test_numbers_follow_the_regencys_pattern_and_restart_each_year(worked, make_ready_report):
    regency = worked.regency
    regency.report_number_pattern = "000.{seq}/{slug}/{year}"
    regency.save()
    approver = council_approver(regency)
    draft = make_ready_report(regency)
    final = services.report_approve(report=draft, by=approver, enqueue=False)
    year = regency.local_today().year
    assert final.number == f"000.1/{regency.slug}/{year}"
    EvaluationReport.objects.filter(pk=final.pk).update(  # as if approved last year, and
        approved_at=final.approved_at - datetime.timedelta(days=370),  # its final made
        status=RenderStatus.FAILED, number=f"000.1/{regency.slug}/{year - 1}")
    second = services.report_approve(report=make_ready_report(regency), by=approver,
                                     enqueue=False)
    assert second.number == f"000.1/{regency.slug}/{year}"


postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the database triggers exist on PostgreSQL only")


@postgresql
def test_the_database_lets_approval_through_and_freezes_the_final(worked, make_final_report,
                                                                  make_ready_report):
    final = make_final_report(worked.regency)  # the approval transition went through
    for sql in ("UPDATE reports_evaluationreport SET number = 'palsu' WHERE id = %s",
                "UPDATE reports_evaluationreport SET stage = 'draf' WHERE id = %s",
                "DELETE FROM reports_evaluationreport WHERE id = %s"):
        with pytest.raises(IntegrityError, match="final"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql, [final.pk])
    draft = make_ready_report(worked.regency)
    # A ready draft cannot pose as approved while keeping or swapping its file.
    with pytest.raises(IntegrityError, match="final"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE reports_evaluationreport SET stage = 'final', number = 'x', "
                       "approved_at = now() WHERE id = %s", [draft.pk])


def test_unchanged_data_make_no_new_version_changed_data_do(worked, make_ready_report):
    """Issue 10's second batch: each version records the fingerprint of its data; asking again
    over the same data makes nothing (page and command), changed data make a new version."""
    from django.core.management import call_command

    regency = worked.regency
    first = make_ready_report(regency)
    client = worked.client_for(worked.secretariat)
    response = client.post(reverse("reports:request", args=[regency.slug]),
                           {"period": "2024-Q3"}, follow=True)
    assert "tidak berubah sejak versi 1" in response.content.decode()
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    out = io.StringIO()
    call_command("generate_reports", period="2024-Q3", regency=regency.slug, in_process=True,
                 stdout=out)
    assert "tidak berubah sejak v1" in out.getvalue()
    assert EvaluationReport.objects.filter(regency=regency).count() == 1
    late = ProgressReport.objects.filter(regency=regency,
                                         status=ReportStatus.SUBMITTED).first()
    late.status = ReportStatus.VERIFIED
    late.save()
    call_command("generate_reports", period="2024-Q3", regency=regency.slug, in_process=True,
                 stdout=out)
    assert EvaluationReport.objects.filter(regency=regency).count() == 2
