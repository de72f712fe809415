"""Who is told of what in programs: the notifications of progress reports and deadlines.

Called by the services inside the transaction of the change (dewan.core.notifications). The
texts are written in Indonesian (stored messages, like letters).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dewan.core.calendar import quarter as quarter_period
from dewan.core.notifications import notify, register
from dewan.council.selectors import agency_user_ids, secretariat_user_ids

REPORT_SUBMITTED = register(
    "programs.report_submitted", gettext_lazy("Laporan progres diajukan OPD"),
    gettext_lazy("Untuk sekretariat: laporan yang menunggu verifikasi."))
REPORT_RETURNED = register(
    "programs.report_returned", gettext_lazy("Laporan progres dikembalikan"),
    gettext_lazy("Untuk OPD: laporan yang perlu diperbaiki, dengan catatan sekretariat."))
REPORT_VERIFIED = register(
    "programs.report_verified", gettext_lazy("Laporan progres diverifikasi"),
    gettext_lazy("Untuk OPD: laporan yang diterima sekretariat."))
DEADLINE = register(
    "programs.deadline", gettext_lazy("Batas pelaporan triwulan"),
    gettext_lazy("Untuk OPD: beberapa hari sebelum batas, bila laporan belum lengkap."))


def _what(report) -> dict:
    return {"code": report.program.code, "name": report.program.name,
            "period": quarter_period(report.year, report.quarter).label,
            "agency": report.program.agency}


def report_submitted(*, report, actor) -> None:
    """The regency's secretariat: a report waits for verification."""
    with translation.override("id"):
        title = _("Laporan %(code)s %(period)s diajukan oleh %(agency)s") % _what(report)
        body = _("%(code)s — %(name)s menunggu verifikasi.") % _what(report)
    notify(secretariat_user_ids(report.regency), kind=REPORT_SUBMITTED, title=title,
           body=body, link=report.get_absolute_url(), regency=report.regency, actor=actor)


def report_returned(*, report, actor, comment: str) -> None:
    """The agency: fix the report, with the secretariat's comment."""
    with translation.override("id"):
        title = _("Laporan %(code)s %(period)s dikembalikan untuk diperbaiki") % _what(report)
        body = _("Catatan sekretariat: %(comment)s") % {"comment": comment}
    link = reverse("programs:report_edit", args=[report.regency.slug, report.pk])
    notify(agency_user_ids(report.program.agency), kind=REPORT_RETURNED, title=title,
           body=body, link=link, regency=report.regency, actor=actor)


def report_verified(*, report, actor) -> None:
    """The agency: the report was accepted."""
    with translation.override("id"):
        title = _("Laporan %(code)s %(period)s diverifikasi") % _what(report)
        body = _("%(code)s — %(name)s diterima sekretariat.") % _what(report)
    notify(agency_user_ids(report.program.agency), kind=REPORT_VERIFIED, title=title,
           body=body, link=report.get_absolute_url(), regency=report.regency, actor=actor)


def deadline_near(*, period, agency, programs, days_left: int) -> list[int]:
    """The agency's users, in the portal: reports still missing before the deadline. The
    e-mail of this kind is the reminder letter (programs/reminders.py), sent there."""
    with translation.override("id"):
        title = _("%(count)s laporan %(period)s belum diajukan; batas %(days)s hari lagi") % {
            "count": len(programs), "period": period.period.label, "days": days_left}
        body = ", ".join(f"{program.code} — {program.name}" for program in programs[:10])
    link = reverse("programs:quarter", args=[period.regency.slug]) + f"?periode={period.code}"
    return notify(agency_user_ids(agency), kind=DEADLINE, title=title, body=body, link=link,
                  regency=period.regency, email=False)

