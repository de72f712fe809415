"""Writes of programs and progress reports.

Every write runs in `transaction.atomic()`, checks the row's `version` under a row lock
(`select_for_update`) so that of two people editing the same program or report the later save
is refused (`EditConflict`) instead of silently overwriting, records the state change of a
report in its history, and raises a domain error that the view turns into a message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dewan.core import versions
from dewan.core.errors import DomainError, EditConflict, InvalidTransition
from dewan.council.models import Agency, Regency

from . import notices
from .choices import EDITABLE_REPORT_STATUSES, MAX_EVIDENCE_FILES, ReportStatus
from .models import (
    Dimension,
    Element,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Program,
    ProgressReport,
    ProgressReportEvent,
    ReportingPeriod,
)


def conflict_message(what: str) -> str:
    return _(
        "%(what)s ini telah diubah oleh pengguna lain sejak Anda membukanya. Perubahan Anda "
        "belum disimpan dan tidak ada yang tertimpa: muat ulang halaman untuk melihat versi "
        "terbaru, lalu ulangi perubahan Anda."
    ) % {"what": what}


def _check_version(row, expected_version: int | None, what: str) -> None:
    if expected_version is None or row.version != expected_version:
        raise EditConflict(conflict_message(what))


# --- programs -------------------------------------------------------------------------------

PROGRAM_FIELDS = (
    "agency", "code", "name", "description", "kind", "horizon", "status", "start_year",
    "end_year", "planned_budget", "funding_source", "reach", "legal_basis",
    "legal_basis_level", "partners",
)


def program_code_problem(*, regency: Regency, code: str, program: Program | None = None) -> str:
    """What is wrong with a program code in the regency, or "" when it is free.

    Codes are compared without regard to case. The form and the services ask this one check;
    the Excel import matches codes the same way (`programs_by_code`), a known code updating its
    program instead of being refused.
    """
    code = code.strip()
    if not code:
        return _("Kode program wajib diisi.")
    clash = Program.objects.filter(regency=regency, code__iexact=code)
    if clash.exclude(pk=program.pk).exists() if program else clash.exists():
        return _("Kode “%(code)s” sudah dipakai program lain di daerah ini.") % {"code": code}
    return ""


def programs_by_code(regency: Regency) -> dict[str, Program]:
    """Every program of the regency by its lowercased code, with its dimensions and elements
    (for checking a whole import file in three queries)."""
    programs = Program.objects.filter(regency=regency).order_by().prefetch_related(
        "dimensions", "elements")
    return {program.code.lower(): program for program in programs}


def _check_code(regency: Regency, code: str, program: Program | None = None) -> None:
    problem = program_code_problem(regency=regency, code=code, program=program)
    if problem:
        raise DomainError(problem)


def program_create(*, regency: Regency, fields: dict, dimensions: Iterable[Dimension],
                   elements: Iterable[Element] = ()) -> Program:
    """Create a program of the regency with its dimensions and elements."""
    _check_agency(regency, fields["agency"])
    _check_code(regency, fields["code"])
    program = Program(regency=regency, **{name: fields[name] for name in PROGRAM_FIELDS
                                          if name in fields})
    try:
        with transaction.atomic():
            program.save()
            program.dimensions.set(dimensions)
            program.elements.set(elements)
    except IntegrityError:
        raise DomainError(
            _("Kode program “%(code)s” sudah dipakai di daerah ini.") % {"code": program.code}
        ) from None
    return program


def program_update(*, program_id: int, expected_version: int | None, fields: dict,
                   dimensions: Iterable[Dimension], elements: Iterable[Element] = ()) -> Program:
    """Save a program's fields if nobody saved it since `expected_version` was read."""
    try:
        with transaction.atomic():
            program = Program.objects.select_for_update().get(pk=program_id)
            _check_version(program, expected_version, _("Program"))
            _check_agency(program.regency, fields.get("agency", program.agency))
            _check_code(program.regency, fields.get("code", program.code), program)
            for name in PROGRAM_FIELDS:
                if name in fields:
                    setattr(program, name, fields[name])
            program.version += 1
            program.save()
            program.dimensions.set(dimensions)
            program.elements.set(elements)
    except IntegrityError:
        raise DomainError(
            _("Kode program “%(code)s” sudah dipakai di daerah ini.") % {"code": fields["code"]}
        ) from None
    return program


@dataclass
class ImportResult:
    created: list[Program] = field(default_factory=list)
    updated: list[Program] = field(default_factory=list)
    unchanged: list[Program] = field(default_factory=list)


def programs_import(*, regency: Regency, rows: Sequence) -> ImportResult:
    """Store every imported row, or none: one failure rolls back the whole file.

    A row whose code is new creates a program; a row with the code of an existing program
    updates it when something differs and leaves it alone otherwise, so a file exported from
    the portal and imported back changes nothing.
    """
    result = ImportResult()
    new_rows = [row for row in rows if row.program is None]
    for row in new_rows:
        _check_agency(regency, row.fields["agency"])
    try:
        with transaction.atomic():
            result.created = _create_imported(regency, new_rows)
            _update_imported(result, [row for row in rows if row.program is not None])
    except IntegrityError:
        raise DomainError(_("Kode program di berkas sudah dipakai di daerah ini (mungkin baru "
                            "saja ditambahkan orang lain). Unggah ulang berkasnya.")) from None
    return result


def _create_imported(regency: Regency, rows: Sequence) -> list[Program]:
    """New programs in a few queries, whatever the number of rows (a masterplan of
    thousands of programs imports in seconds)."""
    programs = Program.objects.bulk_create(
        [Program(regency=regency, **{name: row.fields[name] for name in PROGRAM_FIELDS
                                     if name in row.fields}) for row in rows],
        batch_size=500)
    Program.dimensions.through.objects.bulk_create(
        [Program.dimensions.through(program_id=program.pk, dimension_id=dimension.pk)
         for program, row in zip(programs, rows, strict=True)
         for dimension in {d.pk: d for d in row.dimensions}.values()], batch_size=2000)
    Program.elements.through.objects.bulk_create(
        [Program.elements.through(program_id=program.pk, element_id=element.pk)
         for program, row in zip(programs, rows, strict=True)
         for element in {e.pk: e for e in row.elements}.values()], batch_size=2000)
    versions.move(versions.NATIONAL)  # bulk inserts send no signals (reports/signals.py)
    versions.move_regency(regency.pk)  # nor to the kept pages (council/pages.py)
    return programs


def _update_imported(result: ImportResult, rows: Sequence) -> None:
    for row in rows:
        program = row.program
        if _import_changes(program, row):
            result.updated.append(program_update(
                program_id=program.pk, expected_version=program.version,
                fields=row.fields, dimensions=row.dimensions, elements=row.elements))
        else:
            result.unchanged.append(program)


def _import_changes(program: Program, row) -> bool:
    def same(name, value):
        if name == "agency":
            return program.agency_id == getattr(value, "pk", None)
        current = getattr(program, name)
        if isinstance(current, str):
            return current.strip() == (value or "").strip()
        return current == value

    return (not all(same(name, value) for name, value in row.fields.items()
                    if name in PROGRAM_FIELDS)
            or {d.pk for d in row.dimensions} != {d.pk for d in program.dimensions.all()}
            or {e.pk for e in row.elements} != {e.pk for e in program.elements.all()})


def _check_agency(regency: Regency, agency: Agency) -> None:
    if agency.regency_id != regency.pk:
        raise DomainError(_("OPD pelaksana harus instansi di daerah ini."))


@dataclass
class IndicatorData:
    """One row of the indicators form: an existing indicator (pk) or a new one."""

    name: str
    unit: str
    baseline: Decimal | None = None
    targets: dict[int, Decimal | None] = field(default_factory=dict)
    pk: int | None = None
    delete: bool = False


def program_indicators_save(*, program_id: int, expected_version: int | None,
                            rows: Sequence[IndicatorData]) -> Program:
    """Replace the program's indicators and yearly targets by the rows, as one change."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program_id)
        _check_version(program, expected_version, _("Program"))
        existing = {i.pk: i for i in program.indicators.all()}
        for order, row in enumerate(rows):
            indicator = existing.get(row.pk) if row.pk else None
            if row.delete:
                if indicator is not None:
                    indicator.delete()
                continue
            _save_indicator(program, indicator, row, order)
        program.version += 1
        program.save(update_fields=["version", "updated_at"])
    return program


def _save_indicator(program: Program, indicator: Indicator | None, row: IndicatorData,
                    order: int) -> None:
    indicator = indicator or Indicator(program=program)
    indicator.name, indicator.unit, indicator.baseline = row.name, row.unit, row.baseline
    indicator.order = order
    indicator.save()
    for year, target in row.targets.items():
        if target is None:
            IndicatorTarget.objects.filter(indicator=indicator, year=year).delete()
        else:
            IndicatorTarget.objects.update_or_create(indicator=indicator, year=year,
                                                     defaults={"target": target})


# --- reporting periods ----------------------------------------------------------------------

def period_save(*, regency: Regency, year: int, quarter: int,
                deadline: datetime.date) -> ReportingPeriod:
    """Create the regency's period for a quarter, or move the deadline of an existing one."""
    with transaction.atomic():
        period, _created = ReportingPeriod.objects.update_or_create(
            regency=regency, year=year, quarter=quarter, defaults={"deadline": deadline})
    return period


# --- progress reports -----------------------------------------------------------------------

@dataclass
class ReportData:
    """The OPD's input of a progress report form."""

    physical_progress: Decimal
    budget_realised: int
    progress_decrease_reason: str = ""
    over_budget_reason: str = ""
    achievements: str = ""
    obstacles: str = ""
    next_steps: str = ""
    indicator_values: dict[int, Decimal | None] = field(default_factory=dict)
    response: str = ""  # the OPD's answer to the secretariat's comment, kept in the history


def previous_report(program: Program, year: int, quarter: int) -> ProgressReport | None:
    """The program's latest report of an earlier quarter."""
    earlier = Q(year__lt=year) | Q(year=year, quarter__lt=quarter)
    return (ProgressReport.objects.filter(program=program).filter(earlier)
            .order_by("-year", "-quarter").first())


def report_rule_errors(*, program: Program, year: int, quarter: int, data: ReportData) -> dict:
    """The reason rules: progress lower than last quarter, or spending above the budget,
    each need a stated reason. Returns {field: message}, empty when the input is fine."""
    errors = {}
    previous = previous_report(program, year, quarter)
    if (previous is not None and data.physical_progress < previous.physical_progress
            and not data.progress_decrease_reason.strip()):
        errors["progress_decrease_reason"] = _(
            "Progres fisik %(now)s%% lebih rendah dari triwulan sebelumnya (%(before)s%%). "
            "Tuliskan alasannya."
        ) % {"now": number_format(data.physical_progress),
             "before": number_format(previous.physical_progress)}
    if data.budget_realised > program.planned_budget and not data.over_budget_reason.strip():
        errors["over_budget_reason"] = _(
            "Realisasi anggaran Rp %(realised)s melebihi pagu Rp %(planned)s. "
            "Tuliskan alasannya."
        ) % {"realised": number_format(data.budget_realised, force_grouping=True),
             "planned": number_format(program.planned_budget, force_grouping=True)}
    return errors


def report_save(*, program: Program, year: int, quarter: int, actor,
                expected_version: int | None, data: ReportData,
                new_files: Sequence[UploadedFile] = (), remove_file_ids: Iterable[int] = (),
                submit: bool = False) -> ProgressReport:
    """Save the OPD's report of a program for a quarter, as a draft or submitted.

    `expected_version` is None for a report that did not exist when the form was opened.
    Raises ValidationError ({field: message}) on the reason and submission rules, EditConflict
    when someone else saved first, InvalidTransition when the report is locked.
    """
    errors = report_rule_errors(program=program, year=year, quarter=quarter, data=data)
    if errors:
        raise ValidationError(errors)
    remove_file_ids = list(remove_file_ids)
    with transaction.atomic():
        report, created = _lock_or_create(program, year, quarter, expected_version)
        from_status = "" if created else report.status
        _apply(report, data)
        if submit:
            report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
        report.save()
        _save_values(report, data.indicator_values)
        evidence_after = (report.evidence.exclude(pk__in=remove_file_ids).count()
                          + len(new_files))
        _check_evidence_count(evidence_after, submit)
        if submit:
            _check_indicator_values(report)
        # Files last: a refused save above leaves nothing behind on the disk either.
        _save_evidence(report, actor, new_files, remove_file_ids)
        if report.status != from_status:
            _record(report, actor, from_status, report.status, data.response if submit else "")
        if submit:
            notices.report_submitted(report=report, actor=actor)
    return report


def _lock_or_create(program: Program, year: int, quarter: int,
                    expected_version: int | None) -> tuple[ProgressReport, bool]:
    report = (ProgressReport.objects.select_for_update()
              .filter(program=program, year=year, quarter=quarter).first())
    if report is None:
        if expected_version is not None:  # it existed when the form was opened
            raise EditConflict(conflict_message(_("Laporan progres")))
        return _create_report(program, year, quarter), True
    _check_version(report, expected_version, _("Laporan progres"))
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise InvalidTransition(_("Laporan yang sudah diajukan atau diverifikasi tidak dapat "
                                  "diubah lagi."))
    report.version += 1
    return report, False


def _create_report(program: Program, year: int, quarter: int) -> ProgressReport:
    """Insert the row now, so that a second person creating it at once gets a conflict."""
    try:
        with transaction.atomic():
            return ProgressReport.objects.create(
                regency=program.regency, program=program, year=year, quarter=quarter,
                physical_progress=0,
            )
    except IntegrityError:
        raise EditConflict(conflict_message(_("Laporan progres"))) from None


def _apply(report: ProgressReport, data: ReportData) -> None:
    for name in ("physical_progress", "budget_realised", "progress_decrease_reason",
                 "over_budget_reason", "achievements", "obstacles", "next_steps"):
        setattr(report, name, getattr(data, name))


def _save_values(report: ProgressReport, values: dict[int, Decimal | None]) -> None:
    indicators = set(report.program.indicators.values_list("pk", flat=True))
    for indicator_id, value in values.items():
        if indicator_id not in indicators:
            continue
        if value is None:
            IndicatorValue.objects.filter(report=report, indicator_id=indicator_id).delete()
        else:
            IndicatorValue.objects.update_or_create(
                report=report, indicator_id=indicator_id, defaults={"value": value})


def _save_evidence(report: ProgressReport, actor, new_files: Sequence[UploadedFile],
                   remove_file_ids: Iterable[int]) -> None:
    for evidence in report.evidence.filter(pk__in=list(remove_file_ids)):
        evidence.file.delete(save=False)
        evidence.delete()
    for upload in new_files:
        EvidenceFile.objects.create(
            report=report, file=upload, original_name=upload.name[:255],
            content_type=getattr(upload, "content_type", "") or "", size=upload.size,
            uploaded_by=actor,
        )


def _check_evidence_count(count: int, submit: bool) -> None:
    """A submitted report carries evidence (the ministry marks down claims without it)."""
    if count > MAX_EVIDENCE_FILES:
        raise ValidationError({"evidence": _("Satu laporan paling banyak memuat %(max)s "
                                             "berkas data dukung.") % {"max": MAX_EVIDENCE_FILES}})
    if submit and count == 0:
        raise ValidationError({"evidence": _("Lampirkan minimal satu berkas data dukung "
                                             "sebelum mengajukan laporan.")})


def _check_indicator_values(report: ProgressReport) -> None:
    """A submitted report gives a value for every indicator of the program."""
    missing = list(report.program.indicators.exclude(values__report=report))
    if missing:
        raise ValidationError(_("Isi nilai semua indikator sebelum mengajukan laporan: "
                                "%(names)s.") % {"names": ", ".join(i.name for i in missing)})


def report_verify(*, report_id: int, expected_version: int | None, actor) -> ProgressReport:
    """The secretariat accepts a submitted report."""
    with transaction.atomic():
        report = _lock_submitted(report_id, expected_version)
        report.status = ReportStatus.VERIFIED
        report.verified_at, report.verified_by = timezone.now(), actor
        report.review_comment = ""
        report.version += 1
        report.save()
        _record(report, actor, ReportStatus.SUBMITTED, ReportStatus.VERIFIED, "")
        notices.report_verified(report=report, actor=actor)
    return report


def report_return(*, report_id: int, expected_version: int | None, actor,
                  comment: str) -> ProgressReport:
    """The secretariat sends a submitted report back to the OPD with a comment."""
    with transaction.atomic():
        report = _lock_submitted(report_id, expected_version)
        if not comment.strip():  # after the state check: a stale page hears about the state
            raise ValidationError({"comment": _("Tuliskan catatan untuk OPD: apa yang perlu "
                                                "diperbaiki.")})
        report.status, report.review_comment = ReportStatus.RETURNED, comment.strip()
        report.version += 1
        report.save()
        _record(report, actor, ReportStatus.SUBMITTED, ReportStatus.RETURNED, comment.strip())
        notices.report_returned(report=report, actor=actor, comment=comment.strip())
    return report


def _lock_submitted(report_id: int, expected_version: int | None) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report_id)
    _check_version(report, expected_version, _("Laporan progres"))
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidTransition(_("Hanya laporan berstatus “Diajukan” yang dapat diverifikasi "
                                  "atau dikembalikan."))
    return report


def _record(report: ProgressReport, actor, from_status: str, to_status: str,
            comment: str) -> ProgressReportEvent:
    return ProgressReportEvent.objects.create(report=report, actor=actor,
                                              from_status=from_status, to_status=to_status,
                                              comment=comment)
