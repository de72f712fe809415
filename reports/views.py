"""Evaluation report pages, downloads, and the reviewers' national overview.

Every view starts with the access helper: another regency's report is a 404, a missing
right a 403. Reviewers read and download; only the secretariat (MAKE_EVALUATIONS) writes.
Rendering never happens here: asking for a report queues it for the `reports` worker.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core.calendar import Period, PeriodError, last_closed_quarter
from dewan.core.errors import DomainError
from dewan.core.forms import errors_text, show_decimal
from dewan.core.fragments import kept_rows
from dewan.council.access import Access, is_reviewer, regencies_for, regency_access
from dewan.council.choices import Perm
from dewan.council.pages import kept_page
from dewan.council.selectors import approving_member
from dewan.documents.issuing import issued_document_of
from dewan.documents.models import DocumentKind
from programs.models import Dimension

from . import exports, index, selectors, services
from .choices import FINDING_FIELDS, AssessmentSource, RenderStatus, ReportStage
from .forms import (
    AssessmentForm,
    DimensionFindingsForm,
    NationalFilterForm,
    ReportRequestForm,
    SummaryForm,
)
from .models import EvaluationReport, EvaluationYear


def _report_of(access: Access, pk: int) -> EvaluationReport:
    return EvaluationReport.objects.select_related("regency", "requested_by").get_for(access,
                                                                                     pk)


@login_required
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    """A regency's evaluation reports by period; the secretariat can ask for a new one."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    periods = selectors.reports_by_period(access=access)
    context = {"access": access, "regency": access.regency, "periods": periods,
               "can_make": access.can(Perm.MAKE_EVALUATIONS)}
    if context["can_make"]:
        form = _request_form(access)
        context["request_form"] = form
        context["default_period"] = form.initial["period"]
    return render(request, "reports/report_list.html", context)


def _request_form(access: Access, data=None) -> ReportRequestForm:
    """The periods offered; the last closed quarter chosen (a running one is provisional)."""
    today = access.regency.local_today()
    periods = selectors.selectable_periods(today=today)
    return ReportRequestForm(data, periods=periods,
                             initial={"period": last_closed_quarter(today).code})


@login_required
@require_POST
def report_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a new version of a period's report (rendered by the worker, never here)."""
    access = regency_access(request, slug, Perm.MAKE_EVALUATIONS)
    form = _request_form(access, request.POST)
    if not form.is_valid():
        messages.error(request, _("Laporan tidak dibuat. %(errors)s")
                       % {"errors": errors_text(form)})
        return redirect("reports:list", slug)
    try:
        report = services.report_request(regency=access.regency,
                                         period=form.cleaned_data["period"],
                                         provisional=form.cleaned_data["provisional"],
                                         requested_by=request.user, only_if_changed=True)
    except services.Unchanged as unchanged:
        messages.info(request, unchanged.message)
        return redirect(unchanged.report)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:list", slug)
    messages.success(request, _("Laporan %(period)s versi %(version)s masuk antrean.")
                     % {"period": report.period_label, "version": report.version})
    return redirect(report)


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One version: its state (live), its file's facts, and the other versions."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    report = _report_of(access, pk)
    versions = selectors.report_versions(report=report)
    report = next(v for v in versions if v.pk == report.pk)  # with its state
    context = {"access": access, "regency": access.regency, "report": report,
               "versions": versions, "can_make": access.can(Perm.MAKE_EVALUATIONS),
               "can_approve": _may_approve(request, access, report),
               "issued": issued_document_of(kind=DocumentKind.EVALUATION_REPORT,
                                            object_id=report.pk) if report.is_final else None}
    return render(request, "reports/report_detail.html", context)


def _may_approve(request: HttpRequest, access: Access, report: EvaluationReport) -> bool:
    """The approve button shows to the council's chair or secretary, on a ready draft."""
    return (report.stage == ReportStage.DRAFT and not report.provisional
            and report.status == RenderStatus.READY
            and approving_member(regency=access.regency, user=request.user) is not None)


@login_required
@require_POST
def report_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The council's chair or secretary approves a ready draft: it is numbered, issued with a
    verification code, and its final document is made by the worker."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    report = _report_of(access, pk)
    if approving_member(regency=access.regency, user=request.user) is None:
        raise PermissionDenied
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang pernyataan persetujuan untuk menyetujui versi ini."))
        return redirect(report)
    try:
        report = services.report_approve(report=report, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(report)
    messages.success(request, _("Versi %(version)s disetujui dengan nomor %(number)s; dokumen "
                                "finalnya sedang dibuat.")
                     % {"version": report.version, "number": report.number})
    return redirect(report)


@login_required
def report_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The status panel alone; htmx polls it until the report is ready or failed."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    report = _report_of(access, pk)
    return render(request, "reports/_status.html", {"report": report, "regency": access.regency})


@login_required
def report_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The PDF of a ready report; every download is logged."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    report = _report_of(access, pk)
    if report.status != RenderStatus.READY:
        raise Http404(_("Laporan belum siap."))
    services.report_download_record(report=report, user=request.user)
    stage = "final" if report.is_final else ("sementara" if report.provisional else "draf")
    filename = (f"laporan-evaluasi-{report.regency.slug}-{report.period_label}"
                f"-v{report.version}-{stage}.pdf")
    return FileResponse(report.pdf.open("rb"), as_attachment=True, filename=filename,
                        content_type="application/pdf")


@login_required
def summary_edit(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    """The secretariat writes strengths, weaknesses and recommendations for a period."""
    access = regency_access(request, slug, Perm.MAKE_EVALUATIONS)
    try:
        chosen = Period.parse(period)
    except PeriodError:
        raise Http404 from None
    summary = selectors.summary_of(access=access, period=chosen)
    initial = {f: getattr(summary, f) for f in FINDING_FIELDS} if summary else {}
    form = SummaryForm(request.POST or None, initial=initial)
    dimensions = DimensionFindingsForm(request.POST or None,
                                       dimensions=Dimension.objects.all(),
                                       initial=selectors.dimension_findings_initial(summary))
    if request.method == "POST" and form.is_valid() and dimensions.is_valid():
        services.summary_save(regency=access.regency, period=chosen, user=request.user,
                              dimension_findings=dimensions.findings(), **form.cleaned_data)
        messages.success(request, _("Ringkasan evaluasi %(period)s disimpan.")
                         % {"period": chosen.label})
        return redirect("reports:list", slug)
    context = {"access": access, "regency": access.regency, "period": chosen, "form": form,
               "dimensions_form": dimensions, "summary": summary}
    return render(request, "reports/summary_form.html", context)


# --- national ---------------------------------------------------------------------------------


def _require_reviewer(request: HttpRequest) -> None:
    if not is_reviewer(request.user):
        raise PermissionDenied


def _national_rows(request: HttpRequest, *, paged: bool = True):
    """The overview's filter form, its regencies (a NationalPage) and year, from the query
    string (the page and its workbook show the same regencies)."""
    this_year = _today_year()
    form = NationalFilterForm(request.GET or None,
                              provinces=selectors.provinces_of(user=request.user),
                              years=list(range(this_year, this_year - 5, -1)))
    filters = form.cleaned_data if form.is_valid() else {}
    regencies = selectors.national_regencies(user=request.user, text=filters.get("q", ""),
                                             province=filters.get("province", ""))
    year = filters.get("year") or this_year
    national = selectors.national_page(
        regencies=regencies, year=year, sort=filters.get("sort") or "nama",
        without_report=filters.get("without_report", False),
        min_progress=filters.get("min_progress"), page_number=request.GET.get("page"),
        per_page=selectors.NATIONAL_PAGE_SIZE if paged else None)
    return form, national, year


@login_required
def national_overview(request: HttpRequest) -> HttpResponse:
    """Every regency the reviewer may read, with filters, sorting and national charts."""
    _require_reviewer(request)
    form, national, year = _national_rows(request)
    context = {"form": form, "rows": national.page, "page": national.page,
               "row_html": national_row_html(list(national.page), year),
               "total": len(national.rows), "year": year,
               "dimensions": selectors.DIMENSION_NAMES,
               "chart": _national_chart(national.rows, national.page),
               # Final reports exist for closed periods only: the last closed one first.
               "zip_periods": [period for period in selectors.selectable_periods(
                   today=timezone.localdate()) if period.is_closed(timezone.localdate())],
               # The reviewer's "Tugas saya": ready reports not downloaded yet.
               "unread": selectors.unread_ready_reports(user=request.user)}
    return render(request, "reports/national_overview.html", context)


@login_required
def national_export(request: HttpRequest) -> HttpResponse:
    """The overview's rows (same filters) as a workbook, for reviewers."""
    _require_reviewer(request)
    _form, national, year = _national_rows(request, paged=False)
    response = HttpResponse(
        exports.national_workbook(list(national.page), year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ikhtisar-nasional-{year}.xlsx"'
    return response


@login_required
def national_reports_zip(request: HttpRequest) -> HttpResponse:
    """The final (newest ready) report of a period of every regency the reviewer may read,
    in one ZIP. A period without any ready report answers with a message, not an empty file."""
    _require_reviewer(request)
    try:
        period = Period.parse(request.GET.get("periode"))
    except PeriodError:
        messages.error(request, _("Pilih periode laporan yang akan diunduh, misalnya 2024-Q3."))
        return redirect("national:overview")
    reports = selectors.final_reports_of(regencies=regencies_for(request.user), period=period)
    if not reports:
        messages.warning(request, _("Belum ada laporan evaluasi %(period)s yang siap untuk "
                                    "diunduh.") % {"period": period.label})
        return redirect("national:overview")
    services.reports_download_record(reports=reports, user=request.user)
    return FileResponse(exports.reports_zip(reports), as_attachment=True,
                        filename=f"laporan-evaluasi-{period.code}.zip",
                        content_type="application/zip")


ROW_TEMPLATE = "reports/_national_row.html"


def national_row_html(rows, year: int) -> list[str]:
    """Each row of the national table as HTML, kept under a digest of what it shows
    (dewan.core.fragments): a page of rows that did not change is one cache lookup instead
    of fifty template renders."""
    return kept_rows(ROW_TEMPLATE, [row_shown(row, year) for row in rows])


def row_shown(row, year: int) -> dict:
    """Everything one row of the national table shows."""
    report = row.latest_report
    return {"slug": row.regency.slug, "name": row.regency.display_name,
            "province": row.regency.province, "programs": row.programs,
            "cells": tuple(row.progress_cells), "progress": row.progress,
            "last_meeting": row.last_meeting, "meetings": row.meetings_this_year,
            "on_time_share": row.on_time_share, "on_time": row.reports_on_time,
            "due": row.reports_due, "index": row.index, "index_assessed": row.index_assessed,
            "index_own": row.index_own, "year": year,
            "report": (report.pk, report.period_label, report.version) if report else None}


def _today_year() -> int:
    return timezone.localdate().year


def _national_chart(rows, page) -> dict:
    """National averages over every regency that passes the filters; punctuality for the
    regencies of the page shown (one bar each)."""
    averages = selectors.national_dimension_averages(rows)
    return {
        "dimensions": {"labels": [name for name, _v in averages],
                       "values": [v for _n, v in averages]},
        "punctuality": {"labels": [r.regency.name for r in page],
                        "values": [r.on_time_share for r in page]},
    }


@login_required
@kept_page
def national_regency(request: HttpRequest, slug: str) -> HttpResponse:
    """A regency as the ministry sees it: its figures and its reports by period."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    year = _year_param(request)
    row = selectors.regency_row(regency=access.regency, year=year)
    periods = selectors.reports_by_period(access=access)
    chart = {"labels": [name for _code, name in selectors.DIMENSION_NAMES],
             "values": row.progress_cells}
    context = {"access": access, "regency": access.regency, "row": row, "year": year,
               "periods": periods, "chart": chart, "dimensions": selectors.DIMENSION_NAMES,
               "is_reviewer": is_reviewer(request.user)}
    return render(request, "reports/national_regency.html", context)


def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else _today_year()


# --- the ministry's evaluation index ------------------------------------------------------------


def _evaluation_year(year: int) -> EvaluationYear:
    evaluation_year = EvaluationYear.objects.filter(year=year).first()
    if evaluation_year is None:
        raise Http404(_("Tahun evaluasi %(year)s belum ditetapkan.") % {"year": year})
    return evaluation_year


@login_required
def index_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's evaluation index per year, both sides, as a table and a trend chart."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    rows = index.index_by_year(regency=access.regency)
    trend = index.trend(rows)
    context = {"access": access, "regency": access.regency, "rows": rows[::-1],
               "trend": trend, "chart": index.trend_chart(trend)}
    return render(request, "reports/index_overview.html", context)


@login_required
def index_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """One evaluation year: the suggestions, the self-assessment and the assessors' scores
    side by side, with the evidence and the index of each side."""
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    sheet = index.year_sheet(regency=access.regency, evaluation_year=_evaluation_year(year))
    for row in sheet.rows:
        row.evidence = {source: index.evidence_of(score, slug)
                        for source, score in row.scores.items()}
    context = {"access": access, "regency": access.regency, "sheet": sheet,
               "may_self": selectors.may_score(access, AssessmentSource.SELF),
               "may_assess": selectors.may_score(access, AssessmentSource.ASSESSOR)}
    return render(request, "reports/index_year.html", context)


@login_required
def assessment_edit(request: HttpRequest, slug: str, year: int, source: str) -> HttpResponse:
    """Score the year: the secretariat its self-assessment, reviewers the assessors' side."""
    if source not in AssessmentSource.values:
        raise Http404
    access = regency_access(request, slug, Perm.VIEW_EVALUATIONS)
    if not selectors.may_score(access, source):
        raise PermissionDenied
    evaluation_year = _evaluation_year(year)
    sheet = index.year_sheet(regency=access.regency, evaluation_year=evaluation_year,
                             with_suggestions=source == AssessmentSource.SELF)
    form = AssessmentForm(request.POST or None, rows=sheet.rows,
                          evidence=selectors.evidence_choices(access=access, year=year),
                          with_reference=source == AssessmentSource.ASSESSOR,
                          initial=selectors.assessment_initial(sheet, source))
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_save(
            access=access, evaluation_year=evaluation_year, source=source, user=request.user,
            scores=form.scores(), findings=form.cleaned_data["findings"].strip(),
            reference=form.cleaned_data.get("reference", "").strip())
        if assessment.index is None:
            messages.success(request, _("Penilaian %(year)s disimpan. Indeks dihitung setelah "
                                        "kelima dimensi evaluasi dinilai.") % {"year": year})
        else:
            messages.success(request, _("Penilaian %(year)s disimpan; indeks %(index)s.")
                             % {"year": year, "index": show_decimal(assessment.index)})
        return redirect("reports:index_year", slug, year)
    context = {"access": access, "regency": access.regency, "sheet": sheet, "form": form,
               "source": AssessmentSource(source)}
    return render(request, "reports/assessment_form.html", context)
