"""One of everything in the test regency, for the tests that walk every page and form."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from dewan.core import calendar
from meetings import services as meeting_services
from meetings.choices import AttendanceStatus, MinutesStatus
from meetings.models import FollowUpUpdate, MeetingAttachment, Minutes, MinutesComment
from programs.choices import ReportStatus
from programs.models import EvidenceFile
from reports.choices import RenderStatus
from tests.factories import (
    AgendaItemFactory,
    CouncilMemberFactory,
    DecreeFactory,
    EvaluationReportFactory,
    FollowUpFactory,
    ProgramFactory,
    ProgressReportFactory,
)
from tests.programs.factories import PDF_BYTES


@dataclass
class Objects:
    """One of everything in the regency of `world`, owned by the OPD user's agency."""

    values: dict

    def url(self, name: str, slug: str, rule) -> str:
        return reverse(name, args=[slug, *(self.values[arg] for arg in rule.args)])


def make_objects(world, *, minutes_status: str) -> Objects:
    """One of everything; the meeting's minutes in `minutes_status` (approved minutes lock the
    meeting, draft ones leave its forms open)."""
    regency, agency = world.regency, world.agency
    decree = DecreeFactory(regency=regency, date_signed=datetime.date(2024, 3, 1))
    decree.scan.save("sk.pdf", ContentFile(PDF_BYTES))
    member = CouncilMemberFactory(regency=regency, decree=decree, agency=agency,
                                  email="anggota@example.go.id", user=world.member)
    meeting = meeting_services.meeting_create(regency=regency, data={
        "title": "Rapat Dewan", "start": timezone.now() - datetime.timedelta(days=1),
        "end": timezone.now() - datetime.timedelta(hours=22), "place": "Aula"})
    approved = minutes_status == MinutesStatus.APPROVED
    minutes = Minutes.objects.create(
        regency=regency, meeting=meeting, discussion="Isi", status=minutes_status,
        number="001/NOT/DSC/2026" if approved else "", year=2026 if approved else None,
        sequence=1 if approved else None, pdf_sha256="0" * 64 if approved else "",
        pdf=ContentFile(PDF_BYTES, name="notulen.pdf") if approved else None)
    # The council member (world.member's account) attended and commented.
    meeting.attendances.filter(member=member).update(status=AttendanceStatus.PRESENT)
    comment = MinutesComment.objects.create(regency=regency, minutes=minutes,
                                            author=world.member, text="Mohon koreksi nama.")
    attachment = MeetingAttachment.objects.create(
        regency=regency, meeting=meeting, file=ContentFile(PDF_BYTES, name="bahan.pdf"),
        original_name="bahan.pdf", content_type="application/pdf", size=len(PDF_BYTES))
    running = calendar.quarter_containing(regency.local_today()).year
    program = ProgramFactory(regency=regency, agency=agency, start_year=running - 1,
                             end_year=running + 2)
    period = calendar.quarter_containing(regency.local_today())  # no stored period rows
    report = ProgressReportFactory(program=program, year=period.year, quarter=period.quarter,
                                   status=ReportStatus.SUBMITTED)
    evidence = EvidenceFile.objects.create(
        report=report, file=ContentFile(PDF_BYTES, name="bukti.pdf"), original_name="bukti.pdf",
        content_type="application/pdf", size=len(PDF_BYTES))
    fresh = ProgramFactory(regency=regency, agency=agency, start_year=2020, end_year=2035)
    drafted = ProgramFactory(regency=regency, agency=agency, start_year=2020, end_year=2035)
    draft = ProgressReportFactory(program=drafted, year=period.year, quarter=period.quarter,
                                  status=ReportStatus.DRAFT)
    followup = FollowUpFactory(meeting=meeting, agency=agency)
    note = FollowUpUpdate.objects.create(
        followup=followup, author=world.opd, date=regency.local_today(), text="Bukti rapat",
        attachment=ContentFile(PDF_BYTES, name="bukti-tl.pdf"), attachment_name="bukti-tl.pdf",
        attachment_type="application/pdf", attachment_size=len(PDF_BYTES))
    evaluation = EvaluationReportFactory(regency=regency, status=RenderStatus.READY,
                                         sha256="0" * 64, size=len(PDF_BYTES), page_count=1,
                                         pdf=ContentFile(PDF_BYTES, name="laporan.pdf"))
    return Objects({
        "decree": decree.pk, "member": member.pk, "meeting": meeting.pk,
        "agenda_item": AgendaItemFactory(meeting=meeting).pk,
        "attendance": meeting.attendances.first().pk, "attachment": attachment.pk,
        "followup": followup.pk, "followup_note": note.pk, "minutes_comment": comment.pk,
        "program": program.pk, "year": period.year, "quarter": period.quarter,
        "report": report.pk, "evidence": evidence.pk, "fresh_program": fresh.pk,
        "draft_report": draft.pk, "evaluation": evaluation.pk,
        "period_code": "2024-Q3", "down": "turun",
        "index_year": _evaluation_year().year, "self_source": "mandiri",
        "assessor_source": "asesor",
    })


def _evaluation_year():
    """The 2024 round (the migration's row is gone after a transactional test's flush)."""
    from reports.models import EvaluationYear

    found, _created = EvaluationYear.objects.get_or_create(year=2024, defaults={
        "weight_baseline": 10, "weight_output": 20, "weight_outcome": 30, "weight_impact": 20,
        "weight_quick_win": 20})
    return found
