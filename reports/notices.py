"""Who is told of what in reports: an evaluation report is ready.

The secretariat of the regency and the reviewers assigned to it are told. National reviewers
(who read every regency) are not told of each report one by one: hundreds of regencies would
bury their inbox every quarter; the reports they have not opened yet head their national page
instead ("Tugas saya", reports/selectors.py `unread_ready_reports`).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dewan.core.calendar import Period
from dewan.core.notifications import notify, register
from dewan.council.choices import Role
from dewan.council.selectors import approver_user_ids, role_user_ids, secretariat_user_ids

REPORT_READY = register(
    "reports.report_ready", gettext_lazy("Laporan evaluasi siap"),
    gettext_lazy("Untuk sekretariat dan reviewer daerah: PDF laporan evaluasi selesai dibuat."))


def report_ready(*, report) -> None:
    """A draft: the secretariat and the council's chair and secretary (who approve it). A
    final version: the secretariat and the regency's (regional) reviewers."""
    regency = report.regency
    with translation.override("id"):
        if report.is_final:
            title = _("Laporan evaluasi final %(period)s %(regency)s terbit") % {
                "period": Period.of(report).label, "regency": regency.display_name}
            body = _("Nomor %(number)s, versi %(version)s, %(pages)s halaman.") % {
                "number": report.number, "version": report.version, "pages": report.page_count}
        else:
            title = _("Draf laporan evaluasi %(period)s %(regency)s siap") % {
                "period": Period.of(report).label, "regency": regency.display_name}
            body = _("Versi %(version)s, %(pages)s halaman; menunggu persetujuan ketua atau "
                     "sekretaris dewan.") % {"version": report.version,
                                             "pages": report.page_count}
    if report.is_final:
        recipients = {*secretariat_user_ids(regency),
                      *role_user_ids(regency=regency, role=Role.REVIEWER)}
    else:
        recipients = {*secretariat_user_ids(regency), *approver_user_ids(regency)}
    notify(recipients, kind=REPORT_READY, title=title, body=body,
           link=report.get_absolute_url(), regency=regency)
