"""Programs and progress reports as XLSX, with Indonesian headers."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..models import Program, ProgressReport
from .sheets import (
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    append_row,
    import_columns,
    styled_sheet,
    workbook_bytes,
)


def _program_cells(program: Program) -> list:
    return [
        program.code, program.name, program.agency.short_name or program.agency.name,
        ", ".join(d.name for d in program.dimensions.all()),
        ", ".join(e.name for e in program.elements.all()),
        program.get_kind_display(), program.get_horizon_display(),
        program.get_status_display(), program.start_year, program.end_year,
        program.planned_budget, program.get_funding_source_display(),
        program.get_reach_display(), program.get_legal_basis_level_display(),
        program.legal_basis, program.partners, program.description,
    ]


def export_programs(programs: Iterable[Program]) -> bytes:
    """The programs as XLSX: the import columns plus the latest verified figures."""
    columns = import_columns()
    extra = [_("Progres fisik terverifikasi terakhir (%)"), _("Realisasi anggaran terakhir (Rp)"),
             _("Peringatan dasar hukum")]
    workbook = Workbook()
    sheet = styled_sheet(workbook, _("Program"), [c.header for c in columns] + extra,
                   [c.width for c in columns] + [18, 18, 30])
    budget = next(i for i, c in enumerate(columns) if c.key == "planned_budget")
    formats = {budget: RUPIAH_FORMAT, len(columns): PERCENT_FORMAT,
               len(columns) + 1: RUPIAH_FORMAT}
    for program in programs:
        warning = _("Perlu dasar hukum setingkat Perbup/Perkada") \
            if program.needs_higher_legal_basis else ""
        latest = getattr(program, "progress", None)
        append_row(sheet, _program_cells(program) + [
            float(latest) if latest is not None else None,
            getattr(program, "realised", None), warning], formats)
    return workbook_bytes(workbook)


def export_reports(reports: Iterable[ProgressReport]) -> bytes:
    """Progress reports as XLSX, one row per program and quarter."""
    headers = [
        (_("Kode program"), 12), (_("Nama program"), 36), (_("OPD"), 14), (_("Tahun"), 8),
        (_("Triwulan"), 9), (_("Status"), 14), (_("Progres fisik (%)"), 12),
        (_("Alasan progres turun"), 28), (_("Realisasi anggaran (Rp)"), 18),
        (_("Pagu anggaran (Rp)"), 18), (_("Alasan realisasi melebihi pagu"), 28),
        (_("Capaian"), 36), (_("Kendala"), 36), (_("Rencana tindak lanjut"), 36),
        (_("Jumlah data dukung"), 10), (_("Diajukan pada"), 18), (_("Diverifikasi pada"), 18),
        (_("Catatan sekretariat"), 30),
    ]
    workbook = Workbook()
    sheet = styled_sheet(workbook, _("Progres"), [h for h, _w in headers], [w for _h, w in headers])
    formats = {6: PERCENT_FORMAT, 8: RUPIAH_FORMAT, 9: RUPIAH_FORMAT}
    for report in reports:
        append_row(sheet, [
            report.program.code, report.program.name,
            report.program.agency.short_name or report.program.agency.name, report.year,
            report.quarter, report.get_status_display(), float(report.physical_progress),
            report.progress_decrease_reason, report.budget_realised,
            report.program.planned_budget, report.over_budget_reason, report.achievements,
            report.obstacles, report.next_steps, getattr(report, "evidence_count", None),
            _naive(report.submitted_at), _naive(report.verified_at), report.review_comment,
        ], formats)
    return workbook_bytes(workbook)


def _naive(moment):
    """Excel has no time zones: the local wall-clock time."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


