"""Program pages: the list, detail and edit forms, quarterly reports and their verification,
Excel export and import, reporting periods and the regency dashboard.

Every view starts with `regency_access` (404 outside the regency, 403 without the right),
reads through `for_access`, and hands writes to `services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.core import calendar
from dewan.core.calendar import default_deadline
from dewan.core.errors import DomainError, EditConflict, InvalidTransition
from dewan.core.forms import errors_text
from dewan.core.fragments import kept_rows
from dewan.council.access import Access, regency_access
from dewan.council.choices import Perm
from dewan.council.pages import kept_page
from dewan.council.scoping import Action

from . import excel, selectors, services
from .choices import EDITABLE_REPORT_STATUSES, PROGRAMS_PER_PAGE, ReportStatus
from .filtersets import ProgramFilterSet, ReportFilterSet
from .forms import (
    ImportForm,
    IndicatorFormSet,
    PeriodForm,
    ProgramForm,
    ReportForm,
    ReviewForm,
    indicator_initial,
    report_initial,
)
from .models import Program, ProgressReport, ReportingPeriod
from .periods import ReportingCalendar, reporting_period

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_adding_programs(access: Access) -> None:
    if not selectors.can_add_programs(access=access):
        raise PermissionDenied


def _warn_bad_filters(request: HttpRequest, form) -> None:
    """A bad filter value is ignored, and the user is told which one."""
    if form.errors:
        labels = ", ".join(str(form.fields[name].label) for name in form.errors
                           if name in form.fields)
        messages.warning(request, _("Nilai filter berikut tidak dikenal dan diabaikan: "
                                    "%(fields)s.") % {"fields": labels})


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _base(access: Access, **context) -> dict:
    return {"access": access, "regency": access.regency, **context}


# --- programs -------------------------------------------------------------------------------

@login_required
@kept_page
def program_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's programs, filtered and paginated."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    filterset = ProgramFilterSet(request.GET or None, access=access,
                                 queryset=selectors.program_list(access=access))
    _warn_bad_filters(request, filterset.form)
    page = Paginator(filterset.qs, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/program_list.html", _base(
        access, filterset=filterset, page=page, programs=page.object_list,
        program_rows=kept_rows(PROGRAM_ROW, [_program_shown(program, access.regency.slug)
                                             for program in page.object_list]),
        can_add=selectors.can_add_programs(access=access)))


PROGRAM_ROW = "programs/_program_row.html"


def _program_shown(program: Program, slug: str) -> dict:
    """Everything one row of the program list shows (its template reads nothing else)."""
    return {"slug": slug, "pk": program.pk, "code": program.code, "name": program.name,
            "legal_basis_low": program.needs_higher_legal_basis,
            "kind": str(program.get_kind_display()), "agency": str(program.agency),
            "dimensions": tuple(d.name for d in program.dimensions.all()),
            "horizon": str(program.get_horizon_display()),
            "status": str(program.get_status_display()), "progress": program.progress,
            "budget": program.planned_budget}


@login_required
def program_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    program = selectors.program_detail(access=access, pk=pk)
    return render(request, "programs/program_detail.html", _base(
        access, program=program,
        reports=selectors.program_reports(access=access, program=program),
        can_edit=Program.objects.permits(access, Action.CHANGE, program),
        can_report=Program.objects.permits(access, Action.REPORT, program)))


@login_required
def program_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    _require_adding_programs(access)
    form = ProgramForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                regency=access.regency, fields=form.cleaned_data,
                dimensions=form.cleaned_data["dimensions"],
                elements=form.cleaned_data["elements"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Program disimpan. Tambahkan indikator dan targetnya."))
            return redirect("programs:indicators", slug, program.pk)
    return render(request, "programs/program_form.html", _base(access, form=form))


@login_required
def program_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    program = Program.objects.get_for(access, pk, Action.CHANGE)
    form = ProgramForm(request.POST or None, instance=program, access=access)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                program_id=program.pk, expected_version=form.cleaned_data["version"],
                fields=form.cleaned_data, dimensions=form.cleaned_data["dimensions"],
                elements=form.cleaned_data["elements"])
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Perubahan program disimpan."))
            return redirect(program)
    return render(request, "programs/program_form.html",
                  _base(access, form=form, program=program), status=status)


@login_required
def program_indicators(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The program's indicators with a target for each year of the program."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    program = selectors.program_detail(access=access, pk=pk, action=Action.CHANGE)
    years = list(range(program.start_year, program.end_year + 1))
    formset = IndicatorFormSet(request.POST or None, initial=indicator_initial(program),
                               form_kwargs={"years": years}, prefix="ind")
    status = 200
    if request.method == "POST" and formset.is_valid():
        rows = [row for row in (form.to_data() for form in formset) if row is not None]
        try:
            services.program_indicators_save(
                program_id=program.pk, expected_version=_int(request.POST.get("version")),
                rows=rows)
        except EditConflict as error:
            messages.error(request, error.message)
            status = 409
        else:
            messages.success(request, _("Indikator dan target disimpan."))
            return redirect(program)
    return render(request, "programs/program_indicators.html",
                  _base(access, program=program, formset=formset, years=years), status=status)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@login_required
def program_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered program list as XLSX."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    queryset = selectors.program_list(access=access).prefetch_related("elements")
    filterset = ProgramFilterSet(request.GET or None, access=access, queryset=queryset)
    filename = f"program-{access.regency.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(excel.export_programs(filterset.qs), filename)


@login_required
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    _require_adding_programs(access)
    return _xlsx(excel.import_template(access), f"templat-impor-program-{slug}.xlsx")


@login_required
def program_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Import programs from the XLSX template: every row checked, all or nothing."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    _require_adding_programs(access)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, problems = excel.read_import(form.cleaned_data["file"], access)
            if not problems:
                result = services.programs_import(regency=access.regency, rows=rows)
        except excel.ImportFileError as error:
            form.add_error("file", str(error))
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if not problems:
                messages.success(request, _(
                    "Impor selesai: %(created)s program baru, %(updated)s diperbarui, "
                    "%(unchanged)s tidak berubah.") % {"created": len(result.created),
                                                     "updated": len(result.updated),
                                                     "unchanged": len(result.unchanged)})
                return redirect("programs:list", slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/program_import.html",
                  _base(access, form=form, problems=problems), status=status)


# --- the OPD's quarter and its reports ------------------------------------------------------

def period_from_query(request: HttpRequest, access) -> tuple[ReportingPeriod, list]:
    """The period named by ?periode=2025-Q2 (or the current one, with a warning when the
    value is unknown) and the quarters the page's period picker offers. Read only: an
    unsaved period carries the default deadline."""
    calendar_of_regency = ReportingCalendar(access.regency)
    period, bad = calendar_of_regency.chosen(request.GET.get("periode"))
    if bad:
        messages.warning(request, _("Periode tidak dikenal; menampilkan periode berjalan."))
    return period, calendar_of_regency.choices()


@login_required
def quarter_page(request: HttpRequest, slug: str) -> HttpResponse:
    """"Laporan triwulan ini": every program of the user's agency with its report state."""
    access = regency_access(request, slug, Perm.REPORT_PROGRESS)
    period, choices = period_from_query(request, access)
    rows = selectors.agency_quarter(access=access, period=period)
    return render(request, "programs/quarter.html", _base(
        access, period=period, rows=rows, periods=choices,
        # A report returned in another quarter (often the previous one, after its deadline)
        # must not hide behind the period picker.
        returned_elsewhere=selectors.returned_reports(access=access, besides=period.period),
        days_left=(period.deadline - access.regency.local_today()).days))


def _open_period(access: Access, year: int, quarter: int) -> ReportingPeriod:
    """A quarter that has started (404 for quarter 5 or one still to come)."""
    if not 1 <= quarter <= 4 or not calendar.YEAR_MIN <= year <= calendar.YEAR_MAX:
        raise Http404(_("Periode tidak dikenal."))
    period = calendar.quarter(year, quarter)
    if period.start > access.regency.local_today():
        raise Http404(_("Periode ini belum dimulai."))
    return reporting_period(access.regency, period)


@login_required
def report_new(request: HttpRequest, slug: str, pk: int, year: int,
               quarter: int) -> HttpResponse:
    """The form of a program's report for a quarter that has none yet."""
    access = regency_access(request, slug, Perm.REPORT_PROGRESS)
    program = selectors.report_program(access=access, pk=pk)
    period = _open_period(access, year, quarter)
    existing = selectors.report_of(program=program, period=period.period)
    if existing is not None and request.method == "GET":
        return redirect("programs:report_edit", slug, existing.pk)
    if not program.active_in(year):
        messages.error(request, _("Program ini tidak berjalan pada tahun %(year)s.")
                       % {"year": year})
        return redirect(program)
    return _report_form(request, access, program, period, None)


@login_required
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.REPORT_PROGRESS)
    report = ProgressReport.objects.get_for(access, pk, Action.CHANGE)
    program = selectors.report_program(access=access, pk=report.program_id)
    if report.status not in EDITABLE_REPORT_STATUSES:
        messages.info(request, _("Laporan ini sudah %(status)s dan tidak dapat diubah lagi.")
                      % {"status": report.get_status_display().lower()})
        return redirect(report)
    period = reporting_period(access.regency, calendar.quarter(report.year, report.quarter))
    return _report_form(request, access, program, period, report)


def _report_form(request: HttpRequest, access: Access, program: Program,
                 period: ReportingPeriod, report: ProgressReport | None) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None, initial=report_initial(report),
                      program=program, year=period.year, quarter=period.quarter, report=report)
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.report_save(
                program=program, year=period.year, quarter=period.quarter, actor=request.user,
                expected_version=form.cleaned_data["version"], data=form.to_data(),
                new_files=form.cleaned_data["evidence"],
                remove_file_ids=[e.pk for e in form.cleaned_data["remove_evidence"]],
                submit=submit)
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        except EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect(report or program)
        else:
            messages.success(request, _("Laporan diajukan ke sekretariat untuk diverifikasi.")
                             if submit else _("Draf laporan disimpan."))
            return redirect(saved)
    elif request.method == "POST":
        status = 400
    return render(request, "programs/report_form.html", _base(
        access, form=form, program=program, period=period, report=report,
        previous=services.previous_report(program, period.year, period.quarter),
        targets=selectors.targets_of(program, period.year)), status=status)


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    report = selectors.report_detail(access=access, pk=pk)
    return _render_report(request, access, report, ReviewForm(initial={"version":
                                                                        report.version}))


def _render_report(request: HttpRequest, access: Access, report: ProgressReport,
                   review_form: ReviewForm, status: int = 200) -> HttpResponse:
    can_edit = ProgressReport.objects.permits(access, Action.CHANGE, report)
    can_verify = ProgressReport.objects.permits(access, Action.VERIFY, report)
    return render(request, "programs/report_detail.html", _base(
        access, report=report, program=report.program, review_form=review_form,
        targets=selectors.report_targets(report=report),
        can_edit=can_edit and report.status in EDITABLE_REPORT_STATUSES,
        can_review=can_verify and report.status == ReportStatus.SUBMITTED), status=status)


@login_required
def evidence_download(request: HttpRequest, slug: str, pk: int, file_pk: int) -> FileResponse:
    """An evidence file, only for those who may see its report (never a public media URL)."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    evidence = selectors.evidence_file(access=access, report_pk=pk, pk=file_pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name)


# --- verification ---------------------------------------------------------------------------

@login_required
@kept_page
def verification_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat's queue: submitted reports first; filter by status, period, agency."""
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    data = request.GET.copy() if request.GET else {"status": ReportStatus.SUBMITTED}
    filterset = ReportFilterSet(data, access=access,
                                queryset=selectors.verification_queue(access=access))
    _warn_bad_filters(request, filterset.form)
    page = Paginator(filterset.qs, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/verification_queue.html", _base(
        access, filterset=filterset, page=page, reports=page.object_list))


def _review(request: HttpRequest, slug: str, pk: int, decide) -> HttpResponse:
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    report = selectors.report_detail(access=access, pk=pk, action=Action.VERIFY)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # Only the hidden version can be wrong: a stale or altered page.
        messages.error(request, _("Formulir ini sudah tidak berlaku; muat ulang halaman laporan "
                                  "dan ulangi. %(errors)s") % {"errors": errors_text(form)})
        return redirect(report)
    try:
        message = decide(report, form)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_report(request, access, report, form, status=400)
    except (EditConflict, InvalidTransition) as error:
        messages.error(request, error.message)
        return redirect(report)
    messages.success(request, message)
    return redirect(reverse("programs:verification", args=[slug]))


@login_required
@require_POST
def report_verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def decide(report, form):
        services.report_verify(report_id=report.pk, actor=request.user,
                               expected_version=form.cleaned_data["version"])
        return _("Laporan %(report)s diverifikasi.") % {"report": report}
    return _review(request, slug, pk, decide)


@login_required
@require_POST
def report_return(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def decide(report, form):
        services.report_return(report_id=report.pk, actor=request.user,
                               expected_version=form.cleaned_data["version"],
                               comment=form.cleaned_data["comment"])
        return _("Laporan %(report)s dikembalikan ke OPD dengan catatan.") % {"report": report}
    return _review(request, slug, pk, decide)


@login_required
def report_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The progress reports the user may see as XLSX (one period with ?periode=TTTT-T)."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    reports = selectors.export_reports(access=access)
    filterset = ReportFilterSet(request.GET or None, access=access, queryset=reports)
    filename = f"progres-{access.regency.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(excel.export_reports(filterset.qs), filename)


# --- periods ------------------------------------------------------------------

@login_required
def period_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's reporting periods; the secretariat adds one or moves a deadline."""
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = services.period_save(regency=access.regency, **form.cleaned_data)
        messages.success(request, _("Periode %(period)s disimpan dengan batas %(date)s.")
                         % {"period": period, "date": date_format(period.deadline, "DATE_FORMAT")})
        return redirect("programs:periods", slug)
    if not form.is_bound:
        running = calendar.quarter_containing(access.regency.local_today())
        form.initial = {"year": running.year, "quarter": running.quarter,
                        "deadline": default_deadline(running,
                                                     access.regency.report_deadline_days)}
    return render(request, "programs/periods.html", _base(
        access, form=form, periods=selectors.periods(access=access)),
        status=400 if form.is_bound else 200)
