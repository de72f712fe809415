"""The data real life produces, on top of the demo data: what the crawl and the browser tests
walk through besides the happy path.

* users who left history rows and were then deleted (report events, program history, minutes
  approval, evidence uploads, report requests);
* an empty regency with only a secretariat account (`sekretariat.awkward`);
* programs without any report, a meeting with only guests and no council member;
* very long and non-ASCII names, and commas and quotes in people's names.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from dewan.council.choices import Role
from dewan.council.models import Agency, CouncilMember, Decree, Regency, RoleAssignment
from meetings.models import Attendance, FollowUp, Meeting
from programs.choices import ReportStatus
from programs.models import Dimension, EvidenceFile, Program, ProgressReport, ProgressReportEvent

LONG_NAME = ("Dinas Komunikasi, Informatika, Statistik dan Persandian — Bidang Ĕ-Government "
             "& Tata Kelola Data «Satu Data» 数据 ") * 2
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_awkward_data() -> None:
    """Add the awkward cases (the demo data must have been loaded)."""
    humbahas = Regency.objects.get(slug="humbang-hasundutan")
    _empty_regency()
    agency = Agency.objects.create(regency=humbahas, name=LONG_NAME[:200],
                                   short_name="Ĕ-Gov «Data»",
                                   email="egov@humbahas.go.id.invalid")
    ghost = get_user_model().objects.create_user("akan.dihapus", "x@example.invalid", "x")
    program = _long_program(humbahas, agency)
    _reports_by_a_deleted_user(program, ghost)
    Program.objects.create(regency=humbahas, agency=agency, code="KOSONG-01",
                           name="Program tanpa laporan sama sekali", kind="kegiatan",
                           horizon="pendek", start_year=2020, end_year=2040)
    _guests_only_meeting(humbahas, agency)
    _member_with_commas(humbahas, agency)
    ghost.delete()


def _empty_regency() -> None:
    empty = Regency.objects.create(slug="awkward-kosong", name="Kosong Sama Sekali",
                                   kind="kota", province="Papua Pegunungan",
                                   kemendagri_code="95.71", time_zone="Asia/Jayapura")
    user = get_user_model().objects.create_user("sekretariat.awkward", "", "x")
    RoleAssignment.objects.create(user=user, role=Role.SECRETARIAT, regency=empty)


def _long_program(regency, agency) -> Program:
    program = Program.objects.create(
        regency=regency, agency=agency, code="ÜBER-LANG-2026-Ĕ-01", name=LONG_NAME[:200],
        description="Ω " * 3000, kind="aplikasi", horizon="panjang", start_year=2020,
        end_year=2040, planned_budget=9_999_999_999_999, partners="PT “Satu, Dua” & Co.")
    program.dimensions.set(Dimension.objects.all())
    return program


def _reports_by_a_deleted_user(program, user) -> None:
    today = timezone.localdate()
    for quarter, status in ((1, ReportStatus.VERIFIED), (2, ReportStatus.SUBMITTED)):
        report = ProgressReport.objects.create(
            regency=program.regency, program=program, year=today.year, quarter=quarter,
            physical_progress=quarter * 10, budget_realised=12_345, status=status,
            achievements="Çapaian “penting”, dengan koma,\nbaris baru dan <b>tag</b>",
            obstacles="Kendala\u200b tak terlihat", verified_by=user,
            submitted_at=timezone.now())
        ProgressReportEvent.objects.create(report=report, actor=user, from_status="",
                                           to_status=status, comment="Oleh pengguna dihapus")
        EvidenceFile.objects.create(report=report, file=ContentFile(PDF, name="bukti ü.pdf"),
                                    original_name="bukti “ü”, final.pdf",
                                    content_type="application/pdf", size=len(PDF),
                                    uploaded_by=user)
    program.name = program.name[:190] + " (diubah)"
    program._history_user = user
    program.save()


def _guests_only_meeting(regency, agency) -> None:
    start = timezone.now() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        regency=regency, title="Rapat hanya dengan tamu: “FGD” Ĕ-Gov, bagian 2",
        start=start, end=start + datetime.timedelta(hours=2), place="Aula «Lantai 2»",
        mode="daring", online_link="https://zoom.example/j/1")
    for order, name in enumerate(["Dr. Ir. Ömer Siregar, M.Sc., IPU", "Narasumber 'Komdigi'"]):
        Attendance.objects.create(meeting=meeting, guest_name=name,
                                  guest_organisation=LONG_NAME[:200], order=order)
    FollowUp.objects.create(regency=regency, meeting=meeting, agency=agency,
                            description="Tindak lanjut\n- baris satu\n- baris dua",
                            due_date=timezone.localdate() - datetime.timedelta(days=400))


def _member_with_commas(regency, agency) -> None:
    decree = Decree.objects.filter(regency=regency).order_by("-date_signed").first()
    CouncilMember.objects.create(regency=regency, decree=decree, agency=agency,
                                 name="Drs. Hotman Lumban Gaol, M.Pd., M.Si.",
                                 position=LONG_NAME[:200], email="hotman@example.invalid")
