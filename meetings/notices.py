"""Who is told of what in meetings: follow-ups and minutes.

Called by the services inside the transaction of the change (dewan.core.notifications), and by
the daily follow-up reminder (meetings/reminders.py). Texts are written in Indonesian.

* follow-ups go to the OPD users of the agency they are assigned to; a proposal to close one
  goes to the regency's secretariat;
* circulated minutes go to the council members who attended the meeting (in person, online or
  represented) and have an account with a role in the regency; approved minutes to them and
  the secretariat; a member's comment to the secretariat.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dewan.core.notifications import notify, register
from dewan.council.selectors import agency_user_ids, secretariat_user_ids

FOLLOWUP_ASSIGNED = register(
    "meetings.followup_assigned", gettext_lazy("Tindak lanjut ditugaskan"),
    gettext_lazy("Untuk OPD: keputusan rapat yang ditugaskan kepada instansi Anda."))
FOLLOWUP_DUE = register(
    "meetings.followup_due", gettext_lazy("Tindak lanjut mendekati batas waktu"),
    gettext_lazy("Untuk OPD: tiga hari sebelum batas waktu, sekali."))
FOLLOWUP_OVERDUE = register(
    "meetings.followup_overdue", gettext_lazy("Tindak lanjut lewat batas waktu"),
    gettext_lazy("Untuk OPD: sehari setelah batas waktu terlewati, sekali."))
FOLLOWUP_PROPOSED = register(
    "meetings.followup_proposed", gettext_lazy("Tindak lanjut diusulkan selesai"),
    gettext_lazy("Untuk sekretariat: OPD mengusulkan tindak lanjut selesai, menunggu "
                 "konfirmasi."))
FOLLOWUP_REVIEWED = register(
    "meetings.followup_reviewed", gettext_lazy("Tindak lanjut dikonfirmasi atau dibuka kembali"),
    gettext_lazy("Untuk OPD: sekretariat mengonfirmasi selesai, membuka kembali atau "
                 "membatalkan."))
MINUTES_CIRCULATED = register(
    "meetings.minutes_circulated", gettext_lazy("Notulen diedarkan untuk ditinjau"),
    gettext_lazy("Untuk anggota yang hadir: draf notulen terbuka untuk komentar."))
MINUTES_COMMENTED = register(
    "meetings.minutes_commented", gettext_lazy("Komentar baru pada notulen"),
    gettext_lazy("Untuk sekretariat: peserta rapat mengomentari notulen yang diedarkan."))
MINUTES_APPROVED = register(
    "meetings.minutes_approved", gettext_lazy("Notulen disetujui"),
    gettext_lazy("Untuk peserta rapat dan sekretariat: notulen bernomor dan PDF-nya tersedia."))


# Follow-ups ---------------------------------------------------------------------------------


def _followup_text(followup) -> dict:
    return {"description": followup.description[:120], "meeting": followup.meeting.title,
            "agency": followup.agency,
            "date": date_format(followup.due_date, "DATE_FORMAT")}


def followup_assigned(*, followup) -> None:
    with translation.override("id"):
        text = _followup_text(followup)
        title = _("Tindak lanjut baru untuk %(agency)s: batas %(date)s") % text
        body = _("%(description)s (dari %(meeting)s)") % text
    _to_agency(followup, FOLLOWUP_ASSIGNED, title, body)


def followup_due(*, followup, days_left: int) -> list[int]:
    with translation.override("id"):
        text = _followup_text(followup)
        title = _("Tindak lanjut jatuh tempo %(date)s (%(days)s hari lagi)") % {
            **text, "days": days_left}
        body = text["description"]
    return _to_agency(followup, FOLLOWUP_DUE, title, body)


def followup_overdue(*, followup) -> list[int]:
    with translation.override("id"):
        text = _followup_text(followup)
        title = _("Tindak lanjut lewat batas waktu (%(date)s)") % text
        body = text["description"]
    return _to_agency(followup, FOLLOWUP_OVERDUE, title, body)


def followup_proposed(*, followup, actor) -> None:
    with translation.override("id"):
        text = _followup_text(followup)
        title = _("%(agency)s mengusulkan tindak lanjut selesai") % text
        body = _("%(description)s — periksa bukti lalu konfirmasi atau buka kembali.") % text
    notify(secretariat_user_ids(followup.regency), kind=FOLLOWUP_PROPOSED, title=title,
           body=body, link=followup.get_absolute_url(), regency=followup.regency, actor=actor)


def followup_reviewed(*, followup, actor, comment: str = "") -> None:
    """The secretariat confirmed, reopened or cancelled it (the follow-up's new status)."""
    from .choices import FollowUpStatus

    with translation.override("id"):
        outcome = {FollowUpStatus.DONE: _("dikonfirmasi selesai"),
                   FollowUpStatus.IN_PROGRESS: _("dibuka kembali"),
                   FollowUpStatus.CANCELLED: _("dibatalkan")}.get(followup.status, "")
        title = _("Tindak lanjut %(outcome)s") % {"outcome": outcome}
        body = _followup_text(followup)["description"]
        if comment:
            body += "\n" + _("Catatan sekretariat: %(comment)s") % {"comment": comment}
    _to_agency(followup, FOLLOWUP_REVIEWED, title, body, actor=actor)


def _to_agency(followup, kind: str, title: str, body: str, actor=None) -> list[int]:
    return notify(agency_user_ids(followup.agency), kind=kind, title=title, body=body,
                  link=followup.get_absolute_url(), regency=followup.regency, actor=actor)


# Minutes ----------------------------------------------------------------------------------


def _minutes_link(meeting) -> str:
    return reverse("meetings:minutes", args=[meeting.regency.slug, meeting.pk])


def minutes_circulated(*, minutes, attendee_ids, actor) -> None:
    meeting = minutes.meeting
    with translation.override("id"):
        title = _("Notulen %(meeting)s diedarkan untuk ditinjau") % {"meeting": meeting.title}
        body = _("Baca draf notulen dan tuliskan komentar bila ada yang perlu diperbaiki "
                 "sebelum notulen disetujui.")
    notify(attendee_ids, kind=MINUTES_CIRCULATED, title=title, body=body,
           link=_minutes_link(meeting), regency=meeting.regency, actor=actor)


def minutes_commented(*, comment) -> None:
    meeting = comment.minutes.meeting
    author = comment.author.get_full_name() or comment.author.username
    with translation.override("id"):
        title = _("Komentar %(author)s pada notulen %(meeting)s") % {
            "author": author, "meeting": meeting.title}
        body = comment.text[:500]
    notify(secretariat_user_ids(meeting.regency), kind=MINUTES_COMMENTED, title=title,
           body=body, link=_minutes_link(meeting) + "#komentar", regency=meeting.regency,
           actor=comment.author)


def minutes_approved(*, minutes, attendee_ids, actor) -> None:
    meeting = minutes.meeting
    with translation.override("id"):
        title = _("Notulen %(number)s disetujui") % {"number": minutes.number}
        body = _("Notulen %(meeting)s disetujui dan dikunci; PDF-nya dapat diunduh.") % {
            "meeting": meeting.title}
    notify({*attendee_ids, *secretariat_user_ids(meeting.regency)}, kind=MINUTES_APPROVED,
           title=title, body=body, link=_minutes_link(meeting), regency=meeting.regency,
           actor=actor)
