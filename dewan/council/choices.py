"""Constants of the council register, the roles and what each role may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class RegencyTimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class AgencyKind(models.TextChoices):
    OPD = "opd", _("Organisasi Perangkat Daerah (OPD)")
    BUMN = "bumn", _("BUMN")
    BUMD = "bumd", _("BUMD")
    PRIVATE = "swasta", _("Sektor swasta")
    UNIVERSITY = "universitas", _("Perguruan tinggi")
    COMMUNITY = "komunitas", _("Komunitas")
    MINISTRY = "kementerian", _("Kementerian / pemerintah pusat")


class DecreeKind(models.TextChoices):
    ESTABLISHMENT = "pembentukan", _("Pembentukan")
    AMENDMENT = "perubahan", _("Perubahan")
    REPLACEMENT = "penggantian", _("Penggantian")


class CouncilRole(models.TextChoices):
    CHAIR = "ketua", _("Ketua")
    VICE_CHAIR = "wakil_ketua", _("Wakil Ketua")
    SECRETARY = "sekretaris", _("Sekretaris")
    MEMBER = "anggota", _("Anggota")
    RESOURCE_PERSON = "narasumber", _("Narasumber")


# Who may sign the regency's evaluation reports (and approve them: the chair and the secretary).
SIGNATORY_CHOICES = [(role.value, role.label) for role in
                     (CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY)]
APPROVING_ROLES = (CouncilRole.CHAIR, CouncilRole.SECRETARY)


class Role(models.TextChoices):
    SECRETARIAT = "sekretariat", _("Sekretariat Dewan")
    OPD = "opd", _("Kepala / operator OPD")
    MEMBER = "anggota", _("Anggota Dewan")
    REVIEWER = "reviewer", _("Reviewer Kementerian")


class Perm(models.TextChoices):
    """The rights a role grants inside one regency."""

    VIEW_REGENCY = "view_regency", _("melihat ringkasan daerah")
    VIEW_COUNCIL = "view_council", _("melihat register dewan")
    MANAGE_COUNCIL = "manage_council", _("mengelola register dewan")
    VIEW_MEETINGS = "view_meetings", _("melihat rapat")
    MANAGE_MEETINGS = "manage_meetings", _("mengelola rapat")
    UPDATE_FOLLOWUPS = "update_followups", _("memperbarui tindak lanjut instansinya")
    VIEW_ALL_FOLLOWUPS = "view_all_followups", _("melihat tindak lanjut semua instansi")
    READ_CIRCULATED_MINUTES = "read_circulated_minutes", _("membaca notulen yang diedarkan")
    VIEW_PROGRAMS = "view_programs", _("melihat program")
    EDIT_ANY_PROGRAM = "edit_any_program", _("mengubah program semua OPD")
    EDIT_OWN_PROGRAM = "edit_own_program", _("mengubah program OPD sendiri")
    REPORT_PROGRESS = "report_progress", _("mengisi laporan progres")
    VIEW_ALL_REPORTS = "view_all_progress", _("melihat laporan progres semua OPD")
    VERIFY_PROGRESS = "verify_progress", _("memverifikasi laporan progres")
    VIEW_EVALUATIONS = "view_evaluations", _("melihat laporan evaluasi")
    MAKE_EVALUATIONS = "make_evaluations", _("membuat laporan evaluasi")
    ASSESS_INDEX = "assess_index", _("menilai indeks evaluasi kementerian")


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.SECRETARIAT: frozenset(
        {
            Perm.VIEW_REGENCY, Perm.VIEW_COUNCIL, Perm.MANAGE_COUNCIL, Perm.VIEW_MEETINGS,
            Perm.MANAGE_MEETINGS, Perm.UPDATE_FOLLOWUPS, Perm.VIEW_ALL_FOLLOWUPS,
            Perm.READ_CIRCULATED_MINUTES, Perm.VIEW_PROGRAMS,
            Perm.EDIT_ANY_PROGRAM, Perm.VIEW_ALL_REPORTS, Perm.VERIFY_PROGRESS,
            Perm.VIEW_EVALUATIONS, Perm.MAKE_EVALUATIONS,
        }
    ),
    Role.OPD: frozenset(
        {
            Perm.VIEW_REGENCY, Perm.VIEW_COUNCIL, Perm.VIEW_MEETINGS, Perm.UPDATE_FOLLOWUPS,
            Perm.READ_CIRCULATED_MINUTES, Perm.VIEW_PROGRAMS, Perm.EDIT_OWN_PROGRAM,
            Perm.REPORT_PROGRESS,
        }
    ),
    # Council members monitor every decision of the council, so they read every follow-up;
    # an OPD role alone shows only its own agency's.
    # They read the council's evaluation reports too: the chair and the secretary approve them
    # (dewan/council/selectors.py approving_member).
    Role.MEMBER: frozenset(
        {
            Perm.VIEW_REGENCY, Perm.VIEW_COUNCIL, Perm.VIEW_MEETINGS, Perm.VIEW_PROGRAMS,
            Perm.VIEW_ALL_FOLLOWUPS, Perm.READ_CIRCULATED_MINUTES, Perm.VIEW_EVALUATIONS,
        }
    ),
    # Reviewers read everything that is final and change nothing of the regency's own data;
    # the one thing they write is their own assessment of the ministry's evaluation index.
    Role.REVIEWER: frozenset(
        {
            Perm.VIEW_REGENCY, Perm.VIEW_COUNCIL, Perm.VIEW_MEETINGS, Perm.VIEW_PROGRAMS,
            Perm.VIEW_ALL_FOLLOWUPS, Perm.VIEW_ALL_REPORTS, Perm.VIEW_EVALUATIONS,
            Perm.ASSESS_INDEX,
        }
    ),
}
