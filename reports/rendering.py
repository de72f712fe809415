"""The evaluation report as HTML and as PDF: the document, apart from its lifecycle.

reports.services claims, fences and stores; this module only turns a gathered
`ReportContent` into HTML (the template) and the HTML into PDF bytes, in one piece or, for a
large report, in parts rendered in parallel by dewan.documents.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dewan.documents import parallel as pdf_parallel
from dewan.documents import render as pdf
from dewan.documents.issuing import qr_svg

from .models import EvaluationReport

REPORT_TEMPLATE = "reports/pdf/evaluation_report.html"

# Reports of settings.REPORTS_PARALLEL_MIN_PROGRAMS programs or more are rendered in parts, in
# parallel (dewan/pdf_parallel.py). Annex pages per part: small enough to balance the parts
# over the render processes.
ANNEX_PAGES_PER_PART = 3


def render_report_pdf(*, content, report: EvaluationReport, issued=None) -> pdf.RenderedPdf:
    """The PDF of the content: in one piece, or for a large report in parts rendered in
    parallel and merged, with the running heads stamped on the merged pages. A final
    version carries its number, verification code and QR code (`issued`)."""
    if len(content.programs) < settings.REPORTS_PARALLEL_MIN_PROGRAMS:
        return pdf.render_pdf_from_html(report_html(content=content, report=report,
                                                    issued=issued))
    heads = pdf_parallel.RunningHeads(title="Laporan Evaluasi Dewan Smart City",
                                      regency=content.regency.display_name)
    parts = report_parts(content=content, report=report, issued=issued)
    return pdf_parallel.render_parts(parts, heads=heads, order=part_order(len(parts)))


def part_order(count: int) -> list[int]:
    """The order the parts are handed to the render processes: the sections first (the
    slowest to lay out), the cover last (the quickest)."""
    return [1, 2, *range(3, count), 0]


def report_parts(*, content, report: EvaluationReport, issued=None) -> list[str]:
    """The report cut at forced page breaks into documents without running heads: the
    cover, sections 1–4, sections 5–9, and the annex a few pages at a time."""
    pages = content.annex_pages
    annex = [pages[i:i + ANNEX_PAGES_PER_PART]
             for i in range(0, len(pages), ANNEX_PAGES_PER_PART)]
    return [report_html(content=content, report=report, running_heads=False, front=front,
                        annex_pages=annex_pages, issued=issued)
            for front, annex_pages in [("cover", []), ("sections-1", []), ("sections-2", []),
                                       *((False, part) for part in annex)]]


def report_html(*, content, report: EvaluationReport, running_heads: bool = True,
                front: bool = True, annex_pages=None, issued=None) -> str:
    """The report as HTML, in Indonesian and the regency's time zone (the benchmark prints
    the whole document with Chromium). `front` (cover and sections) and `annex_pages`
    choose a part of it; by default it is the whole document."""
    made_at_local = timezone.localtime(content.made_at, content.regency.tzinfo)
    if annex_pages is None:
        annex_pages = content.annex_pages
    with translation.override("id"), timezone.override(content.regency.tzinfo):
        return render_to_string(REPORT_TEMPLATE, {
            "c": content, "report": report, "made_at_local": made_at_local,
            "pdf_static": pdf.STATIC_PREFIX, "running_heads": running_heads, "front": front,
            "annex_pages": annex_pages, "program_count": len(content.programs),
            "issued": issued, "qr": qr_svg(issued) if issued else "",
            "signatory": report.signatory if report.is_final else content.signatory,
            "signed_on": (timezone.localtime(report.approved_at, content.regency.tzinfo)
                          if report.is_final and report.approved_at else None),
            "signatory_role": _signatory_role(report, content),
            "watermark": _watermark(report)})


def _signatory_role(report: EvaluationReport, content) -> str:
    if report.is_final and report.signatory:
        return report.signatory.get("role_label", "")
    return str(content.regency.get_report_signatory_display())


def _watermark(report: EvaluationReport) -> str:
    """SEMENTARA on a provisional report, DRAF on a draft; a final version has none."""
    if report.provisional:
        return "SEMENTARA"
    return "" if report.is_final else "DRAF"


