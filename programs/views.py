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
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dewan.access import Access, regency_access
from dewan.choices import Perm

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
from .models import IndicatorTarget, Program, ProgressReport, ReportingPeriod
from .periods import chosen_period, default_deadline, period_key

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_add_programs(access: Access) -> bool:
    return access.can(Perm.EDIT_ANY_PROGRAM) or access.can(Perm.EDIT_OWN_PROGRAM)


def _require_program_editor(access: Access, program: Program) -> None:
    """403 when the program is visible but belongs to an agency the user may not edit."""
    if not access.can_edit_program_of(program.agency_id):
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
def program_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's programs, filtered and paginated."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    filterset = ProgramFilterSet(request.GET or None, access=access,
                                 queryset=selectors.program_list(access=access))
    _warn_bad_filters(request, filterset.form)
    page = Paginator(filterset.qs, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programs/program_list.html", _base(
        access, filterset=filterset, page=page, programs=page.object_list,
        query=query.urlencode(), can_add=_can_add_programs(access)))


@login_required
def program_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    program = selectors.program_detail(access=access, pk=pk)
    owns = access.can(Perm.REPORT_PROGRESS) and access.owns_agency(program.agency_id)
    return render(request, "programs/program_detail.html", _base(
        access, program=program,
        reports=selectors.program_reports(access=access, program=program),
        can_edit=access.can_edit_program_of(program.agency_id), can_report=owns))


@login_required
def program_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    if not _can_add_programs(access):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(
                regency=access.regency, fields=form.cleaned_data,
                dimensions=form.cleaned_data["dimensions"],
                elements=form.cleaned_data["elements"])
        except services.ProgramsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Program disimpan. Tambahkan indikator dan targetnya."))
            return redirect("programs:indicators", slug, program.pk)
    return render(request, "programs/program_form.html", _base(access, form=form))


@login_required
def program_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    program = get_object_or_404(Program.objects.for_access(access), pk=pk)
    _require_program_editor(access, program)
    form = ProgramForm(request.POST or None, instance=program, access=access)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                program_id=program.pk, expected_version=form.cleaned_data["version"],
                fields=form.cleaned_data, dimensions=form.cleaned_data["dimensions"],
                elements=form.cleaned_data["elements"])
        except services.EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except services.ProgramsError as error:
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
    program = selectors.program_detail(access=access, pk=pk)
    _require_program_editor(access, program)
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
        except services.EditConflict as error:
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
    if not _can_add_programs(access):
        raise PermissionDenied
    return _xlsx(excel.import_template(access), f"templat-impor-program-{slug}.xlsx")


@login_required
def program_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Import programs from the XLSX template: every row checked, all or nothing."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    if not _can_add_programs(access):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        try:
            rows, problems = excel.read_import(form.cleaned_data["file"], access)
            if not problems:
                created = services.programs_import(regency=access.regency, rows=rows)
        except excel.ImportFileError as error:
            form.add_error("file", str(error))
        except services.ProgramsError as error:
            form.add_error("file", error.message)
        else:
            if not problems:
                messages.success(request, _("%(count)s program berhasil diimpor.")
                                 % {"count": len(created)})
                return redirect("programs:list", slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "programs/program_import.html",
                  _base(access, form=form, problems=problems), status=status)


# --- the OPD's quarter and its reports ------------------------------------------------------

def _period_from_query(request: HttpRequest, access):
    """The period named by ?periode=, or the current one with a warning when it is unknown."""
    period, bad = chosen_period(access.regency, request.GET.get("periode"))
    if bad:
        messages.warning(request, _("Periode tidak dikenal; menampilkan periode berjalan."))
    return period


@login_required
def quarter_page(request: HttpRequest, slug: str) -> HttpResponse:
    """"Laporan triwulan ini": every program of the user's agency with its report state."""
    access = regency_access(request, slug, Perm.REPORT_PROGRESS)
    period = _period_from_query(request, access)
    rows = selectors.agency_quarter(access=access, period=period)
    return render(request, "programs/quarter.html", _base(
        access, period=period, rows=rows, periods=selectors.periods(access=access),
        period_key=period_key(period),
        days_left=(period.deadline - access.regency.local_today()).days))


def _report_program(access: Access, pk: int) -> Program:
    """The program the user reports on: 404 elsewhere, 403 when it is another agency's."""
    program = get_object_or_404(
        Program.objects.for_access(access).select_related("agency").prefetch_related(
            "indicators__targets"), pk=pk)
    if not access.owns_agency(program.agency_id):
        raise PermissionDenied
    return program


@login_required
def report_new(request: HttpRequest, slug: str, pk: int, year: int,
               quarter: int) -> HttpResponse:
    """The form of a program's report for a quarter that has none yet."""
    access = regency_access(request, slug, Perm.REPORT_PROGRESS)
    program = _report_program(access, pk)
    period = get_object_or_404(ReportingPeriod.objects.for_access(access), year=year,
                               quarter=quarter)
    existing = ProgressReport.objects.filter(program=program, year=year,
                                             quarter=quarter).first()
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
    report = get_object_or_404(ProgressReport.objects.for_access(access), pk=pk)
    program = _report_program(access, report.program_id)
    if report.status not in EDITABLE_REPORT_STATUSES:
        messages.info(request, _("Laporan ini sudah %(status)s dan tidak dapat diubah lagi.")
                      % {"status": report.get_status_display().lower()})
        return redirect(report)
    period = get_object_or_404(ReportingPeriod.objects.for_access(access), year=report.year,
                               quarter=report.quarter)
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
        except services.EditConflict as error:
            form.add_error(None, error.message)
            status = 409
        except services.InvalidTransition as error:
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
        targets=_targets_of(program, period.year)), status=status)


def _targets_of(program: Program, year: int) -> dict[int, object]:
    """{indicator pk: target of the year}, from the prefetched targets."""
    return {i.pk: t.target for i in program.indicators.all() for t in i.targets.all()
            if t.year == year}


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    report = selectors.report_detail(access=access, pk=pk)
    return _render_report(request, access, report, ReviewForm(initial={"version":
                                                                        report.version}))


def _render_report(request: HttpRequest, access: Access, report: ProgressReport,
                   review_form: ReviewForm, status: int = 200) -> HttpResponse:
    owns = access.can(Perm.REPORT_PROGRESS) and access.owns_agency(report.program.agency_id)
    targets = dict(IndicatorTarget.objects.filter(indicator__program=report.program,
                                                  year=report.year)
                   .values_list("indicator_id", "target"))
    return render(request, "programs/report_detail.html", _base(
        access, report=report, program=report.program, review_form=review_form,
        targets=targets,
        can_edit=owns and report.status in EDITABLE_REPORT_STATUSES,
        can_review=access.can(Perm.VERIFY_PROGRESS)
        and report.status == ReportStatus.SUBMITTED), status=status)


@login_required
def evidence_download(request: HttpRequest, slug: str, pk: int, file_pk: int) -> FileResponse:
    """An evidence file, only for those who may see its report (never a public media URL)."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    report = get_object_or_404(ProgressReport.objects.for_access(access), pk=pk)
    evidence = get_object_or_404(report.evidence.all(), pk=file_pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name)


# --- verification ---------------------------------------------------------------------------

@login_required
def verification_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat's queue: submitted reports first; filter by status, period, agency."""
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    data = request.GET.copy() if request.GET else {"status": ReportStatus.SUBMITTED}
    filterset = ReportFilterSet(data, access=access,
                                queryset=selectors.verification_queue(access=access))
    _warn_bad_filters(request, filterset.form)
    page = Paginator(filterset.qs, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programs/verification_queue.html", _base(
        access, filterset=filterset, page=page, reports=page.object_list,
        query=query.urlencode()))


def _review(request: HttpRequest, slug: str, pk: int, decide) -> HttpResponse:
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    report = selectors.report_detail(access=access, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _render_report(request, access, report, form, status=400)
    try:
        message = decide(report, form)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_report(request, access, report, form, status=400)
    except (services.EditConflict, services.InvalidTransition) as error:
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
    reports = selectors.export_reports(access=access).annotate(evidence_count=Count("evidence"))
    filterset = ReportFilterSet(request.GET or None, access=access, queryset=reports)
    filename = f"progres-{access.regency.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(excel.export_reports(filterset.qs), filename)


# --- periods and dashboard ------------------------------------------------------------------

@login_required
def period_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The regency's reporting periods; the secretariat adds one or moves a deadline."""
    access = regency_access(request, slug, Perm.VERIFY_PROGRESS)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = services.period_save(regency=access.regency, **form.cleaned_data)
        messages.success(request, _("Periode %(period)s disimpan dengan batas %(date)s.")
                         % {"period": period, "date": period.deadline.strftime("%d/%m/%Y")})
        return redirect("programs:periods", slug)
    today = access.regency.local_today()
    quarter = (today.month - 1) // 3 + 1
    if not form.is_bound:
        form.initial = {"year": today.year, "quarter": quarter,
                        "deadline": default_deadline(access.regency, today.year, quarter)}
    return render(request, "programs/periods.html", _base(
        access, form=form, periods=selectors.periods(access=access)),
        status=400 if form.is_bound else 200)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Progress per dimension, missing reports by agency, overdue follow-ups."""
    access = regency_access(request, slug, Perm.VIEW_PROGRAMS)
    period = _period_from_query(request, access)
    figures = selectors.dashboard(access=access, period=period)
    return render(request, "programs/dashboard.html", _base(
        access, period=period, period_key=period_key(period),
        periods=selectors.periods(access=access), **figures))
