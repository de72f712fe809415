"""PDF rendering with WeasyPrint, safely: the only resources a document may load are the
project's own static files. No file://, no network, no data smuggled in by user text.

Rendering is slow work and never happens inside a web request: callers are Celery tasks,
services run from tasks, or management commands.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Documents are rendered against this fictitious origin; only its /static/ is served.
PDF_BASE_URL = "https://portal.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves project static files and refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        inline = _inline_image(url)
        if inline is not None:
            return URLFetcherResponse(url, inline[1], {"Content-Type": inline[0]})
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"resource not allowed in documents: {url[:200]}")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(url, path.read_bytes(),
                                  {"Content-Type": mime or "application/octet-stream"})

    @staticmethod
    def _static_path(url: str) -> Path | None:
        if not url.startswith(STATIC_PREFIX):
            return None
        relative = url[len(STATIC_PREFIX):].split("?")[0].split("#")[0]
        if ".." in relative.split("/"):
            return None
        found = finders.find(relative)
        return Path(found) if found else None


# Inline images a template may carry (the regency's emblem, a QR code): PNG and JPEG only.
INLINE_IMAGE_TYPES = ("image/png", "image/jpeg")


def _inline_image(url: str) -> tuple[str, bytes] | None:
    """(type, bytes) of a base64 data URI of an allowed image type, else None."""
    import base64
    import binascii

    if not url.startswith("data:"):
        return None
    head, _sep, data = url[5:].partition(",")
    mime, _sep, encoding = head.partition(";")
    if mime not in INLINE_IMAGE_TYPES or encoding != "base64":
        return None
    try:
        return mime, base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    # URLs the document asked for and was refused (a template bug or an injection attempt).
    refused: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


def render_pdf_from_html(html: str) -> RenderedPdf:
    """Render an HTML string (already escaped by the template engine) to PDF bytes."""
    rendered = render_html(html)
    log_refused(rendered.refused)
    return rendered


def render_html(html: str) -> RenderedPdf:
    """The rendering itself, without logging (also run by dewan.documents.worker processes).

    The cyclic garbage collector waits until the render is done: WeasyPrint makes hundreds of
    thousands of short-lived objects, and the collections they trigger cost a sixth of the
    render (docs/performance.md); what the render left behind is collected afterwards."""
    fetcher = StaticOnlyFetcher()
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render()
        content = document.write_pdf()
    finally:
        if collecting:
            gc.enable()
    return RenderedPdf(content=content, page_count=len(document.pages),
                       refused=tuple(fetcher.refused))


def log_refused(refused) -> None:
    if refused:
        logger.warning("PDF resources refused: %s", ", ".join(u[:100] for u in refused))


def render_pdf(template_name: str, context: dict) -> RenderedPdf:
    """Render a Django template to PDF. Templates link static files as
    `{{ pdf_static }}css/pdf.css`; `pdf_static` is put in the context here."""
    html = render_to_string(template_name, {**context, "pdf_static": STATIC_PREFIX})
    return render_pdf_from_html(html)
