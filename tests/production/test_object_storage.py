"""Files in S3-compatible object storage, tested against a real S3 server (moto in server
mode, over HTTP): uploads made through the portal's views land in the bucket, come back
byte for byte through its permission-checked views, and are never public; the minutes PDF
and the report PDF made by the render task land there too."""

from __future__ import annotations

import datetime
import hashlib
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dewan.core.calendar import Period
from dewan.council.choices import DecreeKind
from dewan.council.models import Decree
from dewan.project import settings as project_settings
from meetings import services as meeting_services
from meetings.models import MeetingAttachment, Minutes
from programs.models import EvidenceFile
from reports import services as report_services
from reports.choices import RenderStatus
from reports.tasks import TRANSIENT_ERRORS, render_evaluation_report
from tests.factories import ProgramFactory
from tests.production.support import free_port
from tests.programs.factories import PDF_BYTES, this_period
from tests.reports.factories import build_year_of_work

pytestmark = pytest.mark.django_db
Q3 = Period.parse("2024-Q3")
SCAN = PDF_BYTES + b"%% pindaian SK Bupati Nomor 66 Tahun 2024\n"


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def pdf_upload(name: str, content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def evidence_post(name: str, content: bytes) -> dict:
    return {"physical_progress": "40", "budget_realised": "25.000.000",
            "achievements": "Aplikasi dipakai 12 desa.", "obstacles": "",
            "next_steps": "Pelatihan operator desa.", "action": "draft",
            "evidence": pdf_upload(name, content)}


def upload_evidence(world, name: str, content: bytes) -> EvidenceFile:
    program = ProgramFactory(regency=world.regency, agency=world.agency, start_year=2020,
                             end_year=2035)
    period = this_period(world.regency)
    url = reverse("programs:report_new", args=[world.regency.slug, program.pk, period.year,
                                               period.quarter])
    response = world.client_for(world.opd).post(url, evidence_post(name, content))
    assert response.status_code == 302, response.content.decode()[:2000]
    return EvidenceFile.objects.get(report__program=program)


def evidence_url(world, evidence: EvidenceFile) -> str:
    return reverse("programs:evidence",
                   args=[world.regency.slug, evidence.report_id, evidence.pk])


def test_a_decree_scan_uploaded_through_the_portal_is_stored_in_the_bucket(world,
                                                                           object_storage):
    response = world.client_for(world.secretariat).post(
        reverse("council:decree_create", args=[world.regency.slug]),
        {"number": "66", "year": "2024", "date_signed": "2024-03-04", "valid_until": "",
         "title": "Pembentukan Dewan Smart City", "kind": DecreeKind.ESTABLISHMENT,
         "supersedes": "", "scan": pdf_upload("sk-66.pdf", SCAN)})
    assert response.status_code == 302
    decree = Decree.objects.get(regency=world.regency, number="66")
    assert object_storage.names() == [decree.scan.name]
    assert object_storage.read(decree.scan.name) == SCAN

    scan_url = reverse("council:decree_scan", args=[world.regency.slug, decree.pk])
    assert downloaded(world.client_for(world.member).get(scan_url)) == SCAN
    assert world.client_for(world.outsider_secretariat).get(scan_url).status_code == 404


def test_evidence_is_served_only_through_the_portal_never_by_the_object_store(world,
                                                                             object_storage):
    content = PDF_BYTES + b"%% berita acara serah terima aplikasi\n"
    evidence = upload_evidence(world, "berita-acara.pdf", content)
    assert object_storage.read(evidence.file.name) == content
    assert downloaded(world.client_for(world.opd).get(evidence_url(world, evidence))) == content
    # Another agency's OPD does not see a draft's evidence; the bucket itself serves nobody.
    assert world.client_for(world.other_opd).get(evidence_url(world, evidence)).status_code == 404
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{object_storage.endpoint}/{object_storage.name}/"
                               f"{evidence.file.name}", timeout=10)
    assert refused.value.code == 403
    grants = object_storage.client.get_object_acl(Bucket=object_storage.name,
                                                  Key=evidence.file.name)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner


def test_two_uploads_with_the_same_name_do_not_overwrite_each_other(world, object_storage):
    first = upload_evidence(world, "berita-acara.pdf", PDF_BYTES + b"%% pertama\n")
    second = upload_evidence(world, "berita-acara.pdf", PDF_BYTES + b"%% kedua\n")
    assert first.file.name != second.file.name
    assert len(object_storage.names()) == 2
    client = world.client_for(world.opd)
    assert downloaded(client.get(evidence_url(world, first))).endswith(b"pertama\n")
    assert downloaded(client.get(evidence_url(world, second))).endswith(b"kedua\n")


def a_meeting(world):
    start = timezone.now() - datetime.timedelta(days=1)
    return meeting_services.meeting_create(regency=world.regency, data={
        "title": "Rapat Dewan Smart City", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Aula"})


def test_a_meeting_attachment_is_served_from_the_bucket_and_removed_from_it(
        world, object_storage, django_capture_on_commit_callbacks):
    meeting = a_meeting(world)
    client = world.client_for(world.secretariat)
    content = PDF_BYTES + b"%% bahan paparan\n"
    client.post(reverse("meetings:attachment_add", args=[world.regency.slug, meeting.pk]),
                {"file": pdf_upload("bahan-paparan.pdf", content), "title": "Bahan"})
    attachment = MeetingAttachment.objects.get(meeting=meeting)
    assert object_storage.read(attachment.file.name) == content
    args = [world.regency.slug, meeting.pk, attachment.pk]
    assert downloaded(world.client_for(world.member).get(
        reverse("meetings:attachment_download", args=args))) == content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:attachment_remove", args=args))
    assert object_storage.names() == []


def test_approved_minutes_store_their_pdf_in_the_bucket(world, object_storage):
    meeting = a_meeting(world)
    client = world.client_for(world.secretariat)
    args = [world.regency.slug, meeting.pk]
    client.post(reverse("meetings:minutes_edit", args=args),
                {"discussion": "Pembahasan Perbup.", "decisions": "- Kominfo menyusun draf"})
    client.post(reverse("meetings:minutes_circulate", args=args))
    client.post(reverse("meetings:minutes_approve", args=args), {"konfirmasi": "ya"})
    minutes = Minutes.objects.get(meeting=meeting)
    stored = object_storage.read(minutes.pdf.name)
    assert stored.startswith(b"%PDF") and hashlib.sha256(stored).hexdigest() == minutes.pdf_sha256
    assert object_storage.names() == [minutes.pdf.name]
    pdf = downloaded(world.client_for(world.member).get(reverse("meetings:minutes_pdf",
                                                                args=args)))
    assert pdf == stored


def test_a_report_rendered_by_its_task_lands_in_the_bucket(world, object_storage):
    build_year_of_work(world.regency, programs=3, quarters=3, meetings=1)
    report = report_services.report_request(regency=world.regency, period=Q3, enqueue=False)
    render_evaluation_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == RenderStatus.READY
    stored = object_storage.read(report.pdf.name)
    assert hashlib.sha256(stored).hexdigest() == report.sha256
    assert report.pdf.name in object_storage.names()
    download = world.client_for(world.reviewer).get(
        reverse("reports:download", args=[world.regency.slug, report.pk]))
    assert downloaded(download) == stored


def test_an_object_store_that_is_away_is_a_transient_failure_of_a_render(world, bucket,
                                                                          settings,
                                                                          monkeypatch):
    """Retried later (the task releases the row to the queue) rather than marked failed."""
    for name, value in {**bucket.env(),
                        "STORAGE_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES,
                         "default": project_settings.env_file_storage()}
    build_year_of_work(world.regency, programs=1, quarters=3, meetings=0)
    report = report_services.report_request(regency=world.regency, period=Q3, enqueue=False)
    token = report_services.report_claim(report_id=report.pk, takeover=False)
    with pytest.raises(TRANSIENT_ERRORS):
        report_services.report_render(report_id=report.pk, token=token)


def test_healthz_checks_the_object_store(client, object_storage):
    body = client.get(reverse("healthz")).json()
    assert body["checks"]["storage"]["ok"] is True
    assert object_storage.names() == []  # the probe file was deleted


# --- settings --------------------------------------------------------------------------------

def file_storage_from(monkeypatch, **env: str) -> dict:
    for name in ("STORAGE_S3_BUCKET", "STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_ACCESS_KEY",
                 "STORAGE_S3_SECRET_KEY", "STORAGE_S3_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return project_settings.env_file_storage()


def test_without_a_bucket_files_stay_on_the_local_disk(monkeypatch):
    storage = file_storage_from(monkeypatch)
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_makes_private_s3_storage_that_never_overwrites(monkeypatch):
    storage = file_storage_from(monkeypatch, STORAGE_S3_BUCKET="portal",
                                STORAGE_S3_ENDPOINT_URL="http://minio:9000",
                                STORAGE_S3_ACCESS_KEY="k", STORAGE_S3_SECRET_KEY="s")
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "portal" and options["endpoint_url"] == "http://minio:9000"
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["client_config"].s3 == {"addressing_style": "path"}


@pytest.mark.parametrize(("env", "message"), [
    ({"STORAGE_S3_BUCKET": "Portal_Files"}, "not a bucket name"),
    ({"STORAGE_S3_BUCKET": "ab"}, "not a bucket name"),
    ({"STORAGE_S3_BUCKET": "portal", "STORAGE_S3_ENDPOINT_URL": "minio:9000"}, "http://"),
    ({"STORAGE_S3_BUCKET": "portal", "STORAGE_S3_ACCESS_KEY": "k"}, "go together"),
    ({"STORAGE_S3_BUCKET": "portal", "STORAGE_S3_REGION": "Jakarta 1"}, "not a region"),
    ({"STORAGE_S3_ENDPOINT_URL": "http://minio:9000"}, "without STORAGE_S3_BUCKET"),
])
def test_malformed_object_storage_settings_are_refused(monkeypatch, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storage_from(monkeypatch, **env)
