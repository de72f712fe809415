"""The five seed councils: regencies, agencies, decrees, members, demo users and their roles.

Facts come from the articles in ../shared/seeds/ (named people, decrees, MoU). Where an article
is silent (dates a decree was signed, the other OPD heads), the values are plausible and marked
`DEMO` in docs/architecture.md; no decree number is invented: regencies whose articles name
no decree have none, and the portal warns about it, as it would for a real council.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import translation

from dewan.council.choices import AgencyKind, CouncilRole, DecreeKind, RegencyKind, Role
from dewan.council.models import Agency, CouncilMember, Decree, Regency, RoleAssignment
from dewan.documents.render import render_pdf

DEMO_PASSWORD = "demo-dewan-2024"

REGENCIES = [
    # slug, name, kind, province, Kemendagri code, year joined, MoU number, MoU date
    ("humbang-hasundutan", "Humbang Hasundutan", RegencyKind.KABUPATEN, "Sumatera Utara",
     "12.16", 2023, "", None),
    ("deli-serdang", "Deli Serdang", RegencyKind.KABUPATEN, "Sumatera Utara", "12.07", 2022,
     "", None),
    ("toba", "Toba", RegencyKind.KABUPATEN, "Sumatera Utara", "12.06", 2022, "", None),
    ("labuhanbatu-utara", "Labuhanbatu Utara", RegencyKind.KABUPATEN, "Sumatera Utara",
     "12.23", 2019, "", None),
    ("batang", "Batang", RegencyKind.KABUPATEN, "Jawa Tengah", "33.25", 2018,
     "26/KOMINFO/HK.03.02/05/2018", datetime.date(2018, 5, 8)),
]

# The short names people use (the articles write "Humbahas" and "Labura").
SHORT_NAMES = {"humbang-hasundutan": "Humbahas", "labuhanbatu-utara": "Labura",
               "deli-serdang": "Deli Serdang"}

# The OPDs every regency has, by short name.
COMMON_AGENCIES = [
    ("Kominfo", "Dinas Komunikasi dan Informatika"),
    ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("Dinkes", "Dinas Kesehatan"),
    ("Disdik", "Dinas Pendidikan"),
    ("Dispar", "Dinas Pariwisata"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("Dishub", "Dinas Perhubungan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("Diskopukm", "Dinas Koperasi, Usaha Kecil dan Menengah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("Setdakab", "Sekretariat Daerah Kabupaten"),
]

# Agencies named in the articles, or outside organisations on the councils.
EXTRA_AGENCIES = {
    "humbang-hasundutan": [
        ("Telkom", "PT Telkom Indonesia (Persero) Tbk", AgencyKind.BUMN),
        ("Bank Sumut", "PT Bank Sumut", AgencyKind.BUMD),
        ("IT Del", "Institut Teknologi Del", AgencyKind.UNIVERSITY),
        ("Kemkomdigi", "Kementerian Komunikasi dan Digital", AgencyKind.MINISTRY),
    ],
    "deli-serdang": [
        ("Kominfostan", "Dinas Komunikasi, Informatika, Statistik dan Persandian",
         AgencyKind.OPD),
        ("Bappedalitbang", "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
         AgencyKind.OPD),
        ("Perkimtan", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", AgencyKind.OPD),
        ("Bank Sumut", "PT Bank Sumut", AgencyKind.BUMD),
    ],
    "toba": [
        ("IT Del", "Institut Teknologi Del", AgencyKind.UNIVERSITY),
        ("Komunitas UMKM", "Komunitas UMKM Toba", AgencyKind.COMMUNITY),
    ],
    "labuhanbatu-utara": [],
    "batang": [
        ("ITB", "Institut Teknologi Bandung", AgencyKind.UNIVERSITY),
        ("Kemkomdigi", "Kementerian Komunikasi dan Digital", AgencyKind.MINISTRY),
        ("Komunitas TIK", "Komunitas Relawan TIK Batang", AgencyKind.COMMUNITY),
    ],
}

DECREES = {
    # slug: (number, year, date signed, title) — numbers and titles from the articles.
    "humbang-hasundutan": ("66", 2024, datetime.date(2024, 3, 4),
                           "Pembentukan Dewan Smart City Kabupaten Humbang Hasundutan"),
    "deli-serdang": ("587", 2022, datetime.date(2022, 8, 15),
                     "Dewan Smart City Deliserdang"),
}

# slug: [(name, position, agency short name, council role)]
MEMBERS = {
    "humbang-hasundutan": [
        ("Chiristison Rudianto Marbun, M.Pd", "Sekretaris Daerah", "Setdakab",
         CouncilRole.CHAIR),
        ("Tua Marsatti Marbun", "Asisten Administrasi Umum", "Setdakab",
         CouncilRole.VICE_CHAIR),
        ("Batara Franz Siregar, SE", "Kepala Dinas Komunikasi dan Informatika", "Kominfo",
         CouncilRole.SECRETARY),
        ("Rosdiana Simamora, ST", "Kepala Bappeda", "Bappeda", CouncilRole.MEMBER),
        ("Hotman Lumban Gaol, SKM", "Kepala Dinas Kesehatan", "Dinkes", CouncilRole.MEMBER),
        ("Marlina Sihombing, S.Pd", "Kepala Dinas Pendidikan", "Disdik", CouncilRole.MEMBER),
        ("Parulian Nababan, SE", "Kepala Dinas Pariwisata", "Dispar", CouncilRole.MEMBER),
        ("Manager Wilayah Telkom Humbahas", "Perwakilan BUMN", "Telkom", CouncilRole.MEMBER),
        ("Pemimpin Cabang Bank Sumut Doloksanggul", "Perwakilan BUMD", "Bank Sumut",
         CouncilRole.MEMBER),
        ("Fitrah Rahmat Kautsar", "Tenaga Ahli, Direktorat Layanan Aplikasi Informatika",
         "Kemkomdigi", CouncilRole.RESOURCE_PERSON),
    ],
    "deli-serdang": [
        ("H. Timur Tumanggor, S.Sos, MAP", "Sekretaris Daerah", "Setdakab", CouncilRole.CHAIR),
        ("Drs. Khairul Azman, MAP",
         "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian", "Kominfostan",
         CouncilRole.SECRETARY),
        ("Dr. Ir. Remus Hasiholan Pardede, M.Si", "Kepala Bappedalitbang", "Bappedalitbang",
         CouncilRole.VICE_CHAIR),
        ("Heriansyah Siregar, ST", "Kepala Dinas Perkimtan", "Perkimtan", CouncilRole.MEMBER),
        ("Suryani Damanik, SKM", "Kepala Dinas Kesehatan", "Dinkes", CouncilRole.MEMBER),
        ("Ahmad Fauzi Nasution, SE", "Kepala DPMPTSP", "DPMPTSP", CouncilRole.MEMBER),
    ],
}

# username: (first name, last name, role, regency slug or None, agency short name or None)
USERS = {
    "sekretariat.humbahas": ("Sekretariat", "Dewan Humbahas", Role.SECRETARIAT,
                             "humbang-hasundutan", None),
    "opd.kominfo.humbahas": ("Batara Franz", "Siregar", Role.OPD, "humbang-hasundutan",
                             "Kominfo"),
    "opd.dinkes.humbahas": ("Hotman", "Lumban Gaol", Role.OPD, "humbang-hasundutan", "Dinkes"),
    "anggota.humbahas": ("Rosdiana", "Simamora", Role.MEMBER, "humbang-hasundutan", None),
    "sekretariat.deliserdang": ("Sekretariat", "Dewan Deli Serdang", Role.SECRETARIAT,
                                "deli-serdang", None),
    "opd.kominfostan.deliserdang": ("Khairul", "Azman", Role.OPD, "deli-serdang",
                                    "Kominfostan"),
    "sekretariat.toba": ("Sekretariat", "Dewan Toba", Role.SECRETARIAT, "toba", None),
    "opd.kominfo.toba": ("Sesmon", "Butarbutar", Role.OPD, "toba", "Kominfo"),
    "sekretariat.labura": ("Sekretariat", "Dewan Labura", Role.SECRETARIAT,
                           "labuhanbatu-utara", None),
    "sekretariat.batang": ("Sekretariat", "Dewan Batang", Role.SECRETARIAT, "batang", None),
    "opd.kominfo.batang": ("Jamal Abdul", "Naser", Role.OPD, "batang", "Kominfo"),
    "reviewer.komdigi": ("Reviewer", "Komdigi", Role.REVIEWER, None, None),
    "reviewer.sumut": ("Reviewer", "Wilayah Sumatera Utara", Role.REVIEWER, "SUMUT", None),
}


@dataclass
class DemoCouncil:
    """What the council demo data made, by natural key, for the other apps' demo data."""

    regencies: dict[str, Regency] = field(default_factory=dict)
    agencies: dict[tuple[str, str], Agency] = field(default_factory=dict)
    decrees: dict[str, Decree] = field(default_factory=dict)
    members: dict[tuple[str, str], CouncilMember] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    def agency(self, slug: str, short_name: str) -> Agency:
        return self.agencies[(slug, short_name)]

    def member(self, slug: str, name_start: str) -> CouncilMember:
        """The member of the regency whose name starts with `name_start`."""
        return next(m for (s, name), m in self.members.items()
                    if s == slug and name.startswith(name_start))


def load() -> DemoCouncil:
    world = DemoCouncil()
    _load_regencies(world)
    _load_agencies(world)
    _load_decrees_and_members(world)
    _load_users(world)
    return world


def _load_regencies(world: DemoCouncil) -> None:
    for slug, name, kind, province, code, joined, mou, mou_date in REGENCIES:
        short = SHORT_NAMES.get(slug, "")
        regency, _ = Regency.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "short_name": short, "kind": kind, "province": province,
                      "kemendagri_code": code, "year_joined": joined, "mou_number": mou,
                      "mou_date": mou_date},
        )
        if short and not regency.short_name:  # a database seeded before the field existed
            regency.short_name = short
            regency.save(update_fields=["short_name"])
        world.regencies[slug] = regency


def _load_agencies(world: DemoCouncil) -> None:
    for slug, regency in world.regencies.items():
        rows = [(short, name, AgencyKind.OPD) for short, name in COMMON_AGENCIES]
        for short, name, kind in rows + EXTRA_AGENCIES[slug]:
            agency, _ = Agency.objects.get_or_create(
                regency=regency, name=name,
                defaults={"short_name": short, "kind": kind,
                          "email": f"{short.lower().replace(' ', '')}@{slug}.go.id.invalid"},
            )
            world.agencies[(slug, short)] = agency


def _load_decrees_and_members(world: DemoCouncil) -> None:
    for slug, (number, year, signed, title) in DECREES.items():
        regency = world.regencies[slug]
        decree, _ = Decree.objects.get_or_create(
            regency=regency, number=number, year=year,
            defaults={"date_signed": signed, "title": title, "kind": DecreeKind.ESTABLISHMENT},
        )
        world.decrees[slug] = decree
        for order, (name, position, short, role) in enumerate(MEMBERS[slug], start=1):
            member, _ = CouncilMember.objects.get_or_create(
                regency=regency, decree=decree, name=name,
                defaults={"position": position, "agency": world.agency(slug, short),
                          "council_role": role, "order": order, "active_from": signed,
                          "email": f"anggota{order}@{slug}.go.id.invalid"},
            )
            world.members[(slug, name)] = member
        _attach_scan(decree)


def _attach_scan(decree: Decree) -> None:
    """The decree form requires a scanned copy; a demo decree gets a generated one (A4, marked
    as demo data on the page), rendered once."""
    if decree.scan:
        return
    members = decree.members.select_related("agency").order_by("order", "name")
    with translation.override("id"):
        rendered = render_pdf("demo/decree_scan.html",
                              {"decree": decree, "regency": decree.regency, "members": members})
    name = f"sk-{decree.regency.slug}-{decree.number}-{decree.year}.pdf"
    decree.scan.save(name, ContentFile(rendered.content), save=True)


def _load_users(world: DemoCouncil) -> None:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True,
                                    "first_name": "Administrator", "last_name": "Nasional"})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    world.users["admin"] = admin
    for username, (first, last, role, slug, short) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last,
                      "email": f"{username}@demo.invalid"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        world.users[username] = user
        for regency in _role_regencies(world, slug):
            agency = world.agency(slug, short) if short else None
            RoleAssignment.objects.get_or_create(user=user, role=role, regency=regency,
                                                 agency=agency)
    _link_member_account(world, "humbang-hasundutan", "Rosdiana", "anggota.humbahas")
    # The head of Kominfo is the council's secretary: his account is a council member's too,
    # and he approves the evaluation reports.
    _link_member_account(world, "humbang-hasundutan", "Batara", "opd.kominfo.humbahas")
    RoleAssignment.objects.get_or_create(user=world.users["opd.kominfo.humbahas"],
                                         role=Role.MEMBER,
                                         regency=world.regencies["humbang-hasundutan"],
                                         agency=None)


def _role_regencies(world: DemoCouncil, slug: str | None) -> list:
    """None: a national role; "SUMUT": every demo regency in Sumatera Utara."""
    if slug is None:
        return [None]
    if slug == "SUMUT":
        return [r for r in world.regencies.values() if r.province == "Sumatera Utara"]
    return [world.regencies[slug]]


def _link_member_account(world: DemoCouncil, slug: str, name_start: str, username: str) -> None:
    member = world.member(slug, name_start)
    if member.user_id is None:
        member.user = world.users[username]
        member.save(update_fields=["user"])


def demo_logins() -> list[tuple[str, str]]:
    """(username, what it shows) for the README and the command's output."""
    described = [("admin", "administrator nasional (Django admin)")]
    for username, (_first, _last, role, slug, short) in USERS.items():
        where = "semua daerah" if slug is None else (
            "daerah Sumatera Utara" if slug == "SUMUT" else slug)
        what = f"{Role(role).label} — {where}" + (f" ({short})" if short else "")
        described.append((username, what))
    return described


def secretary_name(regency) -> str:
    """The council's secretary takes the minutes (their name as the decree lists it)."""
    secretary = CouncilMember.objects.filter(regency=regency,
                                             council_role=CouncilRole.SECRETARY).first()
    return secretary.name if secretary else ""
