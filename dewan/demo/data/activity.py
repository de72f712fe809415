"""Demo data of the portal at work this quarter (DEMO, not from the articles).

The articles tell of each council's founding meetings; a newcomer also needs to see a council
in the middle of its work. For every demo regency this adds one quarterly evaluation meeting
held ten days ago, made through the services as the secretariat would make it: attendance,
minutes circulated to the members who attended (with a member's comment where a member has an
account), and follow-ups in every state — open, overdue, in progress, proposed done with
evidence, confirmed done, reopened with a comment, cancelled. The services notify the agencies
and the secretariat in the portal, as they would in real life.

Idempotent: the meeting is found by its title before anything is made.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from dewan.council.choices import CouncilRole, Role
from dewan.council.models import Agency, CouncilMember, RoleAssignment
from meetings import services
from meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
from meetings.models import Meeting, Minutes
from programs.models import Program

from .council import secretary_name
from .meetings import EVIDENCE_PDF

TITLE = "Rapat Evaluasi Triwulan Dewan Smart City"

DISCUSSION = (
    "Sekretariat memaparkan rekap laporan progres triwulan lalu: sebagian besar OPD "
    "melapor tepat waktu, beberapa laporan dikembalikan karena data dukung belum lengkap.\n\n"
    "- Bappeda mengingatkan keselarasan program dengan RPJMD.\n"
    "- Kominfo melaporkan kendala jaringan di beberapa desa.\n"
    "- Anggota dewan meminta data dukung diunggah sebelum batas pelaporan."
)
DECISIONS = (
    "1. Setiap OPD melengkapi data dukung laporan triwulan sebelum batas waktu.\n"
    "2. Sekretariat menyusun laporan evaluasi triwulan untuk kementerian.\n"
    "3. Rapat dewan berikutnya dijadwalkan pada triwulan depan."
)

AGENDA = [
    ("Rekap laporan progres triwulan lalu", "Sekretariat Dewan"),
    ("Kendala pelaksanaan program dan tindak lanjut", "OPD pelaksana"),
]

# (what, days from the meeting to the due date, the state it is left in)
TASKS = [
    ("Melengkapi data dukung laporan progres triwulan", 40, "open"),
    ("Menyampaikan jadwal sosialisasi aplikasi layanan kepada kecamatan", 5, "overdue"),
    ("Memperbarui data pengguna aplikasi layanan publik", 30, "in_progress"),
    ("Mengunggah berita acara uji coba jaringan desa", 20, "proposed"),
    ("Menyerahkan daftar layanan digital prioritas", 8, "done"),
    ("Menyusun draf Perbup aplikasi berbagi pakai", 25, "reopened"),
    ("Pengadaan perangkat ruang kendali (ditunda ke tahun anggaran berikutnya)", 30,
     "cancelled"),
]


def load(council) -> None:
    for regency in council.regencies.values():
        _load_regency(regency)


def _secretariat(regency):
    assignment = RoleAssignment.objects.filter(regency=regency, role=Role.SECRETARIAT).first()
    return assignment.user if assignment else None


def _load_regency(regency) -> None:
    if Meeting.objects.filter(regency=regency, title=TITLE).exists():
        return
    secretary = _secretariat(regency)
    agencies = list(Agency.objects.filter(regency=regency).order_by("pk"))
    if secretary is None or not agencies:
        return
    zone = ZoneInfo(regency.time_zone)
    day = regency.local_today() - datetime.timedelta(days=10)
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
    chair = CouncilMember.objects.filter(regency=regency, council_role=CouncilRole.CHAIR,
                                         decree__regency=regency).order_by("-decree__date_signed").first()
    meeting = services.meeting_create(regency=regency, data={
        "kind": MeetingKind.COUNCIL, "title": TITLE, "start": start,
        "end": start + datetime.timedelta(hours=3),
        "place": "Ruang Rapat Sekretariat Dewan Smart City",
        "status": MeetingStatus.SCHEDULED, "chair": chair,
    })
    for title, presenter in AGENDA:
        services.agenda_item_add(meeting=meeting, title=title, presenter=presenter)
    rows = meeting.attendances.filter(member__isnull=False).select_related("member")
    marks = [services.AttendanceMark(row.pk, AttendanceStatus.ABSENT
                                     if index % 4 == 3 and row.member.user_id is None
                                     else AttendanceStatus.PRESENT)
             for index, row in enumerate(rows.order_by("pk"))]
    if marks:
        services.attendance_record(meeting=meeting, marks=marks)
    _tasks(regency, meeting, agencies, secretary, day)
    minutes = services.minutes_save(meeting=meeting, discussion=DISCUSSION, decisions=DECISIONS,
                                    taker_name=secretary_name(regency))
    minutes = services.minutes_circulate(minutes=minutes, by=secretary)
    attendees = services.attendee_user_ids(meeting)
    if attendees:
        from django.contrib.auth import get_user_model

        member = get_user_model().objects.get(pk=attendees[0])
        services.minutes_comment_add(
            minutes=Minutes.objects.get(pk=minutes.pk), author=member,
            text="Mohon dicatat juga bahwa Dinas Kesehatan hadir diwakili sekretaris dinas.")


def _opd_user(agency):
    assignment = RoleAssignment.objects.filter(agency=agency, role=Role.OPD).first()
    return assignment.user if assignment else None


def _tasks(regency, meeting, agencies, secretary, day) -> None:
    today = regency.local_today()
    for index, (what, days, state) in enumerate(TASKS):
        agency = agencies[index % len(agencies)]
        program = Program.objects.filter(regency=regency, agency=agency).order_by("code").first()
        followup = services.followup_create(
            meeting=meeting, description=what, agency=agency, program=program,
            due_date=day + datetime.timedelta(days=days))
        author = _opd_user(agency)
        noted = min(day + datetime.timedelta(days=3), today)
        if state in {"in_progress", "proposed", "done", "reopened"}:
            services.followup_note_add(followup=followup, author=author, date=noted,
                                       text="Sedang dikerjakan bersama bidang terkait.")
        if state in {"proposed", "done", "reopened"}:
            evidence = services.Attachment(
                SimpleUploadedFile("bukti-tindak-lanjut.pdf", EVIDENCE_PDF, "application/pdf"),
                "application/pdf")
            services.followup_note_add(followup=followup, author=author, date=today,
                                       text="Selesai; bukti terlampir.", attachment=evidence,
                                       propose_done=True)
        if state == "done":
            services.followup_confirm(followup=followup, by=secretary,
                                      comment="Bukti sudah diperiksa sekretariat.")
        elif state == "reopened":
            services.followup_reopen(followup=followup, by=secretary,
                                     comment="Draf belum memuat pasal pembiayaan; mohon "
                                             "dilengkapi.")
        elif state == "cancelled":
            services.followup_cancel(followup=followup, by=secretary,
                                     comment="Ditunda: anggaran tidak tersedia tahun ini.")
