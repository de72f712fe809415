"""The public verification page of issued documents (issue 11 item 5): what a document is,
nothing of its content, a byte-for-byte comparison of an uploaded PDF, codes that cannot be
guessed or enumerated."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dewan.documents import verification
from dewan.documents.issuing import document_file_record, document_issue
from dewan.documents.models import CODE_ALPHABET, new_code, normalise_code
from dewan.documents.render import render_pdf_from_html

pytestmark = pytest.mark.django_db

SECRET = "Isi rahasia notulen: anggaran Rp 9 miliar"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # the rate limits count in the cache
    yield
    cache.clear()


@pytest.fixture
def issued(world):
    pdf = render_pdf_from_html(f"<p>{SECRET}</p>")
    document = document_issue(kind="notulen", object_id=1, regency=world.regency,
                              number="001/NOT/DSC/2024", title="Notulen Rapat: Rapat Dewan",
                              document_date=datetime.date(2024, 9, 12))
    document_file_record(document=document, sha256=pdf.sha256)
    return document, pdf.content


def test_the_page_tells_what_the_document_is_and_nothing_of_its_content(issued):
    document, _pdf = issued
    response = Client().get(document.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    for fact in ("Notulen rapat", "001/NOT/DSC/2024", "12 September 2024", document.sha256,
                 "Kabupaten Humbang Uji", document.display_code):
        assert fact in body, fact
    assert SECRET not in body and "versi yang berlaku" in body


def test_a_typed_code_is_normalised_and_an_unknown_one_is_a_404(issued):
    document, _pdf = issued
    client = Client()
    typed = document.display_code.lower().replace("-", " - ")
    response = client.post(reverse("verification:start"), {"code": typed})
    assert response["Location"] == document.get_absolute_url()
    assert client.get(reverse("verification:document",
                              args=[document.display_code])).status_code == 302
    assert client.get(reverse("verification:document", args=["0" * 12])).status_code == 404
    assert client.get(reverse("verification:document", args=["bukan-kode"])).status_code == 404
    page = client.post(reverse("verification:start"), {"code": "ABC"})
    assert page.status_code == 200 and "12 huruf dan angka" in page.content.decode()


def test_an_uploaded_pdf_is_compared_byte_for_byte(issued):
    document, pdf = issued
    client = Client()
    url = document.get_absolute_url()
    same = client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf, "application/pdf")})
    assert 'id="verify-match"' in same.content.decode()
    changed = pdf.replace(b"%%EOF", b"%%EOF\n% diubah")
    other = client.post(url, {"file": SimpleUploadedFile("b.pdf", changed, "application/pdf")})
    assert 'id="verify-mismatch"' in other.content.decode()
    text = client.post(url, {"file": SimpleUploadedFile("c.pdf", b"bukan pdf", "text/plain")})
    assert "bukan jenis yang diizinkan" in text.content.decode()
    assert 'id="verify-match"' not in text.content.decode()


def test_lookups_and_uploads_are_rate_limited(issued, monkeypatch):
    document, pdf = issued
    monkeypatch.setattr(verification, "LOOKUP_RATE", "5/m")
    client = Client()
    statuses = [client.get(reverse("verification:document", args=[new_code()])).status_code
                for _ in range(7)]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429, 429]
    limited = client.get(document.get_absolute_url())
    assert limited.status_code == 429 and "Tunggu satu menit" in limited.content.decode()


def test_codes_are_random_and_tolerate_misread_letters():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 12 and set(c) <= set(CODE_ALPHABET)
                                      for c in codes)
    assert normalise_code("k7qd-m2xp-9fht") == "K7QDM2XP9FHT"
    assert normalise_code("O1LI") == ""  # too short
    assert normalise_code("OOOO-IIII-LLLL") == "000011111111"


def test_the_public_page_reads_one_query(issued, django_assert_num_queries):
    document, _pdf = issued
    with django_assert_num_queries(1):  # the document with its regency and successor
        assert Client().get(document.get_absolute_url()).status_code == 200
