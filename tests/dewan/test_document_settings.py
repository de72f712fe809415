"""The regency's official-document settings (issue 11 item 3): letterhead lines, emblem,
numbering patterns, signatory; what a bad upload or pattern gets; the letterhead on the PDFs."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from dewan.council.models import Regency

pytestmark = pytest.mark.django_db

FIELDS = {"letterhead_government": "PEMERINTAH KABUPATEN HUMBANG UJI",
          "letterhead_unit": "SEKRETARIAT DEWAN SMART CITY",
          "letterhead_address": "Jl. Merdeka No. 1, Doloksanggul 22457, telp. (0633) 31001",
          "signing_place": "Doloksanggul",
          "report_number_pattern": "050/{seq:03d}/DSC-HBH/{year}",
          "minutes_number_pattern": "{seq:03d}/NOT/DSC/{year}",
          "report_signatory": "ketua"}


def png(width=120, height=140, colour=(180, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def url(world):
    return reverse("council:documents", args=[world.regency.slug])


def test_the_secretariat_sets_the_letterhead_and_emblem_and_the_pdf_carries_them(world):
    client = world.client_for(world.secretariat)
    response = client.post(url(world), {**FIELDS, "emblem": SimpleUploadedFile(
        "lambang.png", png(), "image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    regency = Regency.objects.get(pk=world.regency.pk)
    assert regency.emblem and regency.signing_place == "Doloksanggul"
    page = client.get(url(world)).content.decode()
    assert "Jl. Merdeka No. 1" in page and 'src="data:image/png;base64,' in page
    pdf = client.get(reverse("council:composition_pdf", args=[world.regency.slug]))
    first = PdfReader(io.BytesIO(pdf.content)).pages[0]
    text = first.extract_text()
    assert "SEKRETARIAT DEWAN SMART CITY" in text and "Doloksanggul 22457" in text
    assert len(first.images) == 1  # the emblem


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("lambang.png", b"bukan gambar sama sekali", "image/png"),
     "bukan jenis yang diizinkan"),
    (SimpleUploadedFile("lambang.png", png()[:60], "image/png"), "bukan gambar PNG/JPG yang utuh"),
    (SimpleUploadedFile("lambang.png", png(8, 8), "image/png"), "antara 16 dan"),
    (SimpleUploadedFile("lambang.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png"),
     "batasnya 1"),
])
def test_a_bad_emblem_gets_a_message_and_nothing_is_saved(world, upload, message):
    response = world.client_for(world.secretariat).post(url(world), {**FIELDS, "emblem": upload})
    assert response.status_code == 200 and message in response.content.decode()
    regency = Regency.objects.get(pk=world.regency.pk)
    assert not regency.emblem and regency.letterhead_unit == ""


@pytest.mark.parametrize(("pattern", "message"), [
    ("050/DSC/{year}", "harus memuat {seq}"),
    ("050/{seq}/DSC", "harus memuat {seq}"),
    ("050/{seq}/{tahun}/{year}", "tidak dapat dipakai"),
    ("{seq:d}/{year}/" + "x" * 70, "Pastikan"),
])
def test_a_bad_number_pattern_is_refused(world, pattern, message):
    response = world.client_for(world.secretariat).post(
        url(world), {**FIELDS, "report_number_pattern": pattern})
    assert response.status_code == 200 and message in response.content.decode()
    assert Regency.objects.get(pk=world.regency.pk).report_number_pattern == \
        "050/{seq:03d}/DSC/{year}"


def test_the_page_warns_when_the_decree_names_no_signatory(world):
    page = world.client_for(world.secretariat).get(url(world)).content.decode()
    assert "belum dapat ditandatangani" in page


def test_the_settings_page_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for(world.secretariat)
    client.get(url(world))
    with django_assert_max_num_queries(12):
        assert client.get(url(world)).status_code == 200
