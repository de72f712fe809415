"""The public verification page of issued documents (no login).

Opened from the QR code on a document or by typing its code, it shows what the document is —
kind, regency, number, date, version, its SHA-256, whether a later version supersedes it —
and nothing of its content. Uploading a PDF there tells whether it is byte-for-byte the issued
file. Codes are 60 random bits; lookups and uploads are rate-limited per address
(django-ratelimit on the shared cache), so codes can be neither guessed nor enumerated.

Certified electronic signatures (BSrE's TTE) would plug in where the file's checksum is
recorded (dewan/documents/issuing.py `document_file_record`): the signed PDF's checksum is
what this page compares.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import ALL, is_ratelimited

from dewan.core.audit import client_ip
from dewan.core.forms import PortalForm
from dewan.core.uploads import PDF, check_upload

from .models import IssuedDocument, normalise_code

LOOKUP_RATE = "30/m"   # page views and typed codes, per client address
UPLOAD_RATE = "10/m"   # PDF comparisons, per client address
UPLOAD_MAX_BYTES = 30 * 1024 * 1024


class CodeForm(PortalForm):
    code = forms.CharField(label=gettext_lazy("Kode verifikasi"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "placeholder": "XXXX-XXXX-XXXX"}))

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Kode verifikasi terdiri atas 12 huruf dan angka, "
                                          "misalnya K7QD-M2XP-9FHT."))
        return code


class CompareForm(PortalForm):
    file = forms.FileField(label=gettext_lazy("Berkas PDF yang akan dicocokkan"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (PDF,), max_bytes=UPLOAD_MAX_BYTES)
        return upload


def _client(_group: str, request: HttpRequest) -> str:
    """The client's address as the login lockout sees it (behind the configured proxies)."""
    return client_ip(request) or "unknown"


def _limited(request: HttpRequest, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key=_client, rate=rate, method=ALL,
                          increment=True)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/verify_limited.html", status=429)


@require_http_methods(["GET", "POST"])
def verify_start(request: HttpRequest) -> HttpResponse:
    """The page to type a code on."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "verify-lookup", LOOKUP_RATE):
            return _too_many(request)
        if form.is_valid():
            return redirect("verification:document", form.cleaned_data["code"])
    return render(request, "documents/verify_start.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify_document(request: HttpRequest, code: str) -> HttpResponse:
    """What the document with this code is; a POSTed PDF is compared with the issued file."""
    if _limited(request, "verify-lookup", LOOKUP_RATE):
        return _too_many(request)
    normalised = normalise_code(code)
    document = (IssuedDocument.objects.select_related("regency", "superseded_by")
                .filter(code=normalised).first() if normalised else None)
    if document is None:
        raise Http404(_("Tidak ada dokumen dengan kode verifikasi ini."))
    if normalised != code:
        return redirect("verification:document", normalised)
    form = CompareForm(request.POST or None, request.FILES or None)
    match = None
    if request.method == "POST":
        if _limited(request, "verify-upload", UPLOAD_RATE):
            return _too_many(request)
        if form.is_valid():
            match = bool(document.sha256) and _sha256(form.cleaned_data["file"]) == \
                document.sha256
    return render(request, "documents/verify_document.html",
                  {"document": document, "form": form, "match": match})


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()
