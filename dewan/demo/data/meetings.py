"""Demo data of the meetings app: the four council meetings reported in the seed articles.

Each meeting comes complete: agenda, attendance (the council in force where the regency has a
decree, plus the guests the article names), minutes approved through the real service (so
each has its number and its stored PDF) and follow-ups, some overdue, linked to a program of
the assigned agency when one exists. Facts (dates, places, people, what was said) are from the
articles; follow-up wording, due dates and attendance statuses are plausible demo values.

Idempotent: meetings are found by (regency, title, start); agenda, guests and follow-ups by
their text; minutes already approved are left alone, so no PDF is ever rendered twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from meetings import services
from meetings.choices import (
    AttendanceStatus,
    FollowUpStatus,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    MinutesStatus,
)
from meetings.models import AgendaItem, FollowUp, Meeting, Minutes

from .council import secretary_name


@dataclass(frozen=True)
class Guest:
    name: str
    organisation: str
    position: str
    status: str = AttendanceStatus.PRESENT
    resource_person: bool = False


@dataclass(frozen=True)
class Task:
    agency: str  # short name, as in dewan.demo.data.council
    description: str
    due: datetime.date
    status: str = FollowUpStatus.OPEN
    note: str = ""


@dataclass(frozen=True)
class DemoMeeting:
    slug: str
    secretariat: str  # username of the secretariat user who approves the minutes
    kind: str
    title: str
    day: datetime.date
    hours: tuple[int, int]
    place: str
    mode: str
    chair: str = ""  # start of a council member's name
    chair_name: str = ""  # when the chair is not a member of a decree in force
    online_link: str = ""
    agenda: tuple[tuple[str, str], ...] = ()
    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)  # name start: (status, by)
    guests: tuple[Guest, ...] = ()
    discussion: str = ""
    decisions: str = ""
    tasks: tuple[Task, ...] = ()


KOMINFO_RI = "Kementerian Komunikasi dan Informatika RI"

MEETINGS = (
    DemoMeeting(
        slug="humbang-hasundutan", secretariat="sekretariat.humbahas",
        kind=MeetingKind.COUNCIL,
        title="Rapat Dewan Smart City Kabupaten Humbang Hasundutan",
        day=datetime.date(2024, 9, 12), hours=(9, 12),
        place="Ruang Rapat Sekretariat Kantor Bupati Humbang Hasundutan, Doloksanggul",
        mode=MeetingMode.HYBRID, online_link="https://rapat-daring.invalid/humbahas-2024-09-12",
        chair="Chiristison",
        agenda=(
            ("Pembukaan dan arahan Sekretaris Daerah", "Chiristison Rudianto Marbun, M.Pd"),
            ("Laporan pelaksanaan Gerakan Menuju Smart City", "Batara Franz Siregar, SE"),
            ("Paparan narasumber Kementerian Komunikasi dan Informatika (daring)",
             "Fitrah Rahmat Kautsar; Dwi Elfrida Martina"),
            ("Diskusi dan rencana tindak lanjut", ""),
        ),
        statuses={
            "Chiristison": (AttendanceStatus.PRESENT, ""),
            "Tua Marsatti": (AttendanceStatus.PRESENT, ""),
            "Batara": (AttendanceStatus.PRESENT, ""),
            "Rosdiana": (AttendanceStatus.PRESENT, ""),
            "Hotman": (AttendanceStatus.REPRESENTED, "Sekretaris Dinas Kesehatan"),
            "Marlina": (AttendanceStatus.PRESENT, ""),
            "Parulian": (AttendanceStatus.EXCUSED, ""),
            "Manager Wilayah": (AttendanceStatus.PRESENT, ""),
            "Pemimpin Cabang": (AttendanceStatus.PRESENT, ""),
            "Fitrah": (AttendanceStatus.ONLINE, ""),
        },
        guests=(
            Guest("Dwi Elfrida Martina", KOMINFO_RI,
                  "Tenaga Ahli, Direktorat Jenderal Aplikasi Informatika",
                  AttendanceStatus.ONLINE, resource_person=True),
        ),
        discussion=(
            "Sekda **Chiristison Rudianto Marbun** menyampaikan bahwa smart city adalah konsep "
            "tata kelola kota yang disusun secara cerdas untuk menyelesaikan persoalan "
            "masyarakat melalui pengelolaan sumber daya dan komunitas yang ada.\n\n"
            "- Pengembangan smart city tidak menjadikan TI sebagai tujuan akhir, tetapi fokus "
            "pada inovasi dan terobosan.\n"
            "- Dewan dibentuk dengan SK Bupati Humbang Hasundutan Nomor 66 Tahun 2024 sebagai "
            "wadah partisipasi antarsektor: OPD, BUMN, BUMD dan sektor swasta.\n"
            "- Narasumber Kemenkominfo memberikan masukan secara daring."
        ),
        decisions=(
            "1. Dewan menjalankan tugas memberikan masukan/rekomendasi, dukungan, monitoring, "
            "evaluasi dan pelaporan perkembangan pelaksanaan smart city.\n"
            "2. Setiap OPD menyampaikan program pendukung smart city kepada sekretariat.\n"
            "3. Dinas Kominfo menyusun rencana aksi *quick win* tahun berjalan."
        ),
        tasks=(
            Task("Kominfo", "Menyusun rencana aksi quick win smart city tahun 2024-2025",
                 datetime.date(2024, 11, 30), FollowUpStatus.IN_PROGRESS,
                 "Draf rencana aksi sudah dibahas dengan Bappeda."),
            Task("Bappeda", "Menyelaraskan masterplan smart city dengan dokumen perencanaan "
                 "daerah", datetime.date(2025, 3, 31)),
            Task("Dinkes", "Menyampaikan daftar layanan kesehatan digital untuk smart living",
                 datetime.date(2024, 10, 31), FollowUpStatus.DONE,
                 "Daftar layanan sudah disampaikan ke sekretariat."),
        ),
    ),
    DemoMeeting(
        slug="deli-serdang", secretariat="sekretariat.deliserdang", kind=MeetingKind.COUNCIL,
        title="Rapat Dewan Deliserdang Smart City Tahun 2024",
        day=datetime.date(2024, 6, 7), hours=(9, 12),
        place="Aula Kantor Bappedalitbang Kabupaten Deli Serdang",
        mode=MeetingMode.IN_PERSON, chair="H. Timur",
        agenda=(
            ("Laporan Kepala Dinas Kominfostan", "Drs. Khairul Azman, MAP"),
            ("Pembukaan dan arahan Sekretaris Daerah", "H. Timur Tumanggor, S.Sos, MAP"),
            ("Evaluasi perkembangan program dan kegiatan pendukung smart city", ""),
            ("Penguatan inovasi untuk penilaian pemerintah pusat", ""),
        ),
        statuses={
            "H. Timur": (AttendanceStatus.PRESENT, ""),
            "Drs. Khairul": (AttendanceStatus.PRESENT, ""),
            "Dr. Ir. Remus": (AttendanceStatus.PRESENT, ""),
            "Heriansyah": (AttendanceStatus.PRESENT, ""),
            "Suryani": (AttendanceStatus.REPRESENTED, "Sekretaris Dinas Kesehatan"),
            "Ahmad Fauzi": (AttendanceStatus.EXCUSED, ""),
        },
        discussion=(
            "Sekda **H. Timur Tumanggor** menegaskan bahwa smart city adalah pengelolaan "
            "kabupaten dengan memanfaatkan teknologi informasi dan komunikasi secara efektif "
            "dan efisien untuk meningkatkan pelayanan publik dan kesejahteraan warga.\n\n"
            "Tantangan yang dihadapi: infrastruktur penunjang yang belum memadai dan "
            "masyarakat yang belum mampu memanfaatkan teknologi digital secara maksimal.\n\n"
            "Kadis Kominfostan melaporkan bahwa rapat ini menjadi sarana evaluasi "
            "perkembangan program dan kegiatan pendukung smart city."
        ),
        decisions=(
            "1. Kolaborasi dengan semua pemangku kepentingan ditingkatkan sesuai SK Bupati "
            "Deli Serdang Nomor 587 Tahun 2022.\n"
            "2. Inovasi-inovasi OPD dihimpun sebagai bahan penilaian pemerintah pusat."
        ),
        tasks=(
            Task("Kominfostan", "Menghimpun inovasi OPD sebagai bahan penilaian pemerintah "
                 "pusat", datetime.date(2024, 8, 30), FollowUpStatus.DONE,
                 "Inovasi dari 14 OPD sudah dihimpun."),
            Task("Perkimtan", "Menyusun data kebutuhan infrastruktur penunjang smart city",
                 datetime.date(2024, 12, 31), FollowUpStatus.IN_PROGRESS,
                 "Pendataan di 22 kecamatan berjalan."),
        ),
    ),
    DemoMeeting(
        slug="toba", secretariat="sekretariat.toba", kind=MeetingKind.COUNCIL,
        title="Rapat Dewan Gerakan Menuju Smart City Kabupaten Toba",
        day=datetime.date(2022, 10, 11), hours=(9, 13),
        place="Balai Data Kantor Bupati Toba, Balige", mode=MeetingMode.IN_PERSON,
        chair_name="Augus Sitorus (Sekretaris Daerah Kabupaten Toba)",
        agenda=(
            ("Sambutan Bupati Toba, disampaikan Sekdakab", "Augus Sitorus"),
            ("Enam dimensi smart city dan aktualisasi program kegiatan OPD",
             "Sesmon TB Butarbutar, Plt. Kepala Dinas Kominfo"),
            ("Dasar hukum aplikasi berbagi pakai antar-OPD", "Sesmon TB Butarbutar"),
        ),
        guests=(
            Guest("Augus Sitorus", "Sekretariat Daerah Kabupaten Toba",
                  "Sekretaris Daerah Kabupaten"),
            Guest("Sesmon TB Butarbutar", "Dinas Komunikasi dan Informatika",
                  "Plt. Kepala Dinas", resource_person=True),
        ),
        discussion=(
            "Sekdakab **Augus Sitorus** menyampaikan sambutan Bupati Toba Poltak Sitorus: "
            "smart city menjadi daya dorong seluruh sektor pembangunan melalui pelayanan yang "
            "lebih baik, cepat dan akurat, menuju *Toba Unggul dan Bersinar*.\n\n"
            "Plt. Kadis Kominfo **Sesmon TB Butarbutar** memaparkan enam dimensi smart city "
            "dan aktualisasi program kegiatan tiap OPD; penetapan smart city belum terlaksana "
            "optimal. Aplikasi *Rumah Kreatif Toba* (pasar digital UMKM, kerja sama Dinas "
            "Kominfo dan IT Del) menjadi topik utama smart branding."
        ),
        decisions=(
            "1. Aplikasi yang dipakai beberapa OPD (aplikasi berbagi) diatur dengan peraturan "
            "setingkat di atas pimpinan perangkat daerah (Perbup).\n"
            "2. Aplikasi yang hanya berlaku internal instansi diatur dengan peraturan kepala "
            "dinas.\n"
            "3. Seluruh anggota Dewan berpartisipasi dalam gerakan menuju smart city."
        ),
        tasks=(
            Task("Kominfo", "Menyusun rancangan Perbup untuk aplikasi berbagi pakai antar-OPD",
                 datetime.date(2023, 3, 31), FollowUpStatus.IN_PROGRESS,
                 "Rancangan di Bagian Hukum Setdakab."),
            Task("Diskopukm", "Memperluas pemakaian aplikasi Rumah Kreatif Toba oleh UMKM",
                 datetime.date(2023, 6, 30)),
        ),
    ),
    DemoMeeting(
        slug="batang", secretariat="sekretariat.batang",
        kind=MeetingKind.TECHNICAL_GUIDANCE,
        title="Sosialisasi dan Bimbingan Teknis Tahap I Gerakan Menuju 100 Smart City",
        day=datetime.date(2018, 7, 16), hours=(8, 15),
        place="Aula Kantor Bupati Batang", mode=MeetingMode.IN_PERSON,
        chair_name="Wihaji (Bupati Batang)",
        agenda=(
            ("Pembukaan oleh Bupati Batang", "Wihaji"),
            ("Laporan Kepala Dinas Kominfo: MoU 26/KOMINFO/HK.03.02/05/2018",
             "Jamal Abdul Naser"),
            ("Materi Gerakan Menuju 100 Smart City", "Direktorat E-Government Kominfo"),
            ("Bimbingan penyusunan masterplan smart city", "Dr. Windy Gambeta (ITB)"),
        ),
        guests=(
            Guest("Wihaji", "Pemerintah Kabupaten Batang", "Bupati Batang"),
            Guest("Jamal Abdul Naser", "Dinas Komunikasi dan Informatika", "Kepala Dinas"),
            Guest("Tim Direktorat E-Government", KOMINFO_RI, "Narasumber",
                  resource_person=True),
            Guest("Dr. Windy Gambeta", "Institut Teknologi Bandung",
                  "Pembimbing Smart City", resource_person=True),
        ),
        discussion=(
            "Bupati **Wihaji** membuka sosialisasi: smart city adalah program prioritas visi "
            "dan misi Pemkab Batang; Batang termasuk 50 kabupaten yang didampingi pada 2018.\n\n"
            "- Smart city bukan memperbanyak aplikasi, tetapi melayani masyarakat dengan "
            "teknologi yang efektif, efisien dan sederhana.\n"
            "- Prioritas: investasi, pertumbuhan ekonomi dan pariwisata; juga kecepatan "
            "pembuatan akta lahir dan administrasi kependudukan.\n\n"
            "Kadis Kominfo **Jamal Abdul Naser** menjelaskan bahwa kegiatan ini melaksanakan "
            "MoU dengan Dirjen Aplikasi Informatika tertanggal 8 Mei 2018."
        ),
        decisions=(
            "1. Menyusun dokumen masterplan smart city jangka pendek (1 tahun) dan jangka "
            "panjang (10 tahun).\n"
            "2. Semua OPD dan komunitas dilibatkan dalam pengembangan konsep smart city."
        ),
        tasks=(
            Task("Kominfo", "Menyusun dokumen masterplan smart city jangka pendek dan jangka "
                 "panjang", datetime.date(2018, 10, 31), FollowUpStatus.DONE,
                 "Masterplan diserahkan pada Bimtek Tahap IV."),
            Task("Disdukcapil", "Mempercepat layanan akta kelahiran dan administrasi "
                 "kependudukan berbasis TI", datetime.date(2019, 3, 31)),
            Task("DPMPTSP", "Menyusun program prioritas smart city untuk investasi",
                 datetime.date(2027, 3, 31), FollowUpStatus.IN_PROGRESS,
                 "Dipadukan dengan rencana investasi daerah."),
        ),
    ),
)


def load(council) -> None:
    """Idempotent: a second run changes nothing."""
    for spec in MEETINGS:
        if spec.slug in council.regencies:
            _load_meeting(council, spec)


def _load_meeting(council, spec: DemoMeeting) -> Meeting:
    regency = council.regencies[spec.slug]
    zone = ZoneInfo(regency.time_zone)
    start = datetime.datetime.combine(spec.day, datetime.time(spec.hours[0]), tzinfo=zone)
    end = datetime.datetime.combine(spec.day, datetime.time(spec.hours[1]), tzinfo=zone)
    meeting = Meeting.objects.filter(regency=regency, title=spec.title, start=start).first()
    if meeting is None:
        chair = council.member(spec.slug, spec.chair) if spec.chair else None
        meeting = services.meeting_create(regency=regency, data={
            "kind": spec.kind, "title": spec.title, "start": start, "end": end,
            "place": spec.place, "mode": spec.mode, "online_link": spec.online_link,
            "chair": chair, "chair_name": spec.chair_name, "status": MeetingStatus.SCHEDULED,
        })
    if _minutes_approved(meeting):
        return meeting
    _load_agenda(meeting, spec)
    _load_attendance(meeting, spec)
    _load_tasks(council, meeting, spec)
    _approve_minutes(council, meeting, spec)
    return meeting


def _minutes_approved(meeting: Meeting) -> bool:
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()


def _load_agenda(meeting: Meeting, spec: DemoMeeting) -> None:
    listed = set(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True))
    for title, presenter in spec.agenda:
        if title not in listed:
            services.agenda_item_add(meeting=meeting, title=title, presenter=presenter)


def _load_attendance(meeting: Meeting, spec: DemoMeeting) -> None:
    listed = {a.guest_name for a in meeting.attendances.filter(member__isnull=True)}
    for guest in spec.guests:
        if guest.name not in listed:
            services.attendance_add_guest(
                meeting=meeting, name=guest.name, organisation=guest.organisation,
                position=guest.position, is_resource_person=guest.resource_person,
                status=guest.status)
    marks = []
    for row in meeting.attendances.select_related("member").filter(member__isnull=False):
        status, by = next((value for start, value in spec.statuses.items()
                           if row.member.name.startswith(start)),
                          (AttendanceStatus.PRESENT, ""))
        marks.append(services.AttendanceMark(row.pk, status, by))
    if marks:
        services.attendance_record(meeting=meeting, marks=marks)


def _load_tasks(council, meeting: Meeting, spec: DemoMeeting) -> None:
    from programs.models import Program

    for task in spec.tasks:
        if FollowUp.objects.filter(meeting=meeting, description=task.description).exists():
            continue
        agency = council.agency(spec.slug, task.agency)
        program = Program.objects.filter(regency=meeting.regency, agency=agency).order_by(
            "code").first()
        followup = services.followup_create(meeting=meeting, description=task.description,
                                            agency=agency, due_date=task.due, program=program)
        if task.status != FollowUpStatus.OPEN or task.note:
            _report_progress(council, meeting, spec, followup, task)


def _report_progress(council, meeting: Meeting, spec: DemoMeeting, followup: FollowUp,
                     task: Task) -> None:
    """The agency's note (with evidence when the task is done) and, for a done task, the
    secretariat's confirmation: the history a real follow-up has."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dewan.council.models import RoleAssignment

    opd = RoleAssignment.objects.filter(agency=followup.agency, role="opd").first()
    day = min(meeting.start.date() + datetime.timedelta(days=14), task.due,
              meeting.regency.local_today())
    done = task.status == FollowUpStatus.DONE
    evidence = services.Attachment(
        SimpleUploadedFile("bukti-tindak-lanjut.pdf", EVIDENCE_PDF, "application/pdf"),
        "application/pdf") if done else None
    services.followup_note_add(followup=followup, author=opd.user if opd else None, date=day,
                               text=task.note or "Sedang dikerjakan.", attachment=evidence,
                               propose_done=done)
    if done:
        services.followup_confirm(followup=followup, by=council.users[spec.secretariat])


# A one-page PDF standing for the evidence of a finished demo task (DEMO).
EVIDENCE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
                b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _approve_minutes(council, meeting: Meeting, spec: DemoMeeting) -> None:
    minutes = services.minutes_save(meeting=meeting, discussion=spec.discussion,
                                    decisions=spec.decisions,
                                    taker_name=secretary_name(meeting.regency))
    if minutes.status == MinutesStatus.DRAFT:
        minutes = services.minutes_circulate(minutes=minutes)
    services.minutes_approve(minutes=minutes, by=council.users[spec.secretariat])
