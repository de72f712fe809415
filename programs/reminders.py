"""Deadline reminders: e-mail the OPD heads whose quarterly reports are still missing.

A reminder goes out in the last `REMINDER_DAYS_BEFORE` days before a period's deadline, at
most once per period and agency: the `ReminderLog` row (unique per period and agency) is the
claim, written in the same transaction as the sending, so a failed send leaves no row and is
tried again on the next run, and a second run (or a second worker) finds the row and skips.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dewan.choices import Role
from dewan.models import Agency, Regency, RoleAssignment

from .choices import REMINDER_DAYS_BEFORE, SENT_REPORT_STATUSES
from .models import Program, ProgressReport, ReminderLog, ReportingPeriod
from .periods import current_period

logger = logging.getLogger(__name__)


def outstanding_programs(period: ReportingPeriod) -> dict[Agency, list[Program]]:
    """Programs running in the period's year whose report is not yet submitted, by agency."""
    sent = ProgressReport.objects.filter(program=OuterRef("pk"), year=period.year,
                                         quarter=period.quarter,
                                         status__in=SENT_REPORT_STATUSES)
    programs = (Program.objects.filter(regency=period.regency, start_year__lte=period.year,
                                       end_year__gte=period.year)
                .exclude(Exists(sent)).select_related("agency").order_by("agency__name", "code"))
    by_agency: dict[Agency, list[Program]] = defaultdict(list)
    for program in programs:
        by_agency[program.agency].append(program)
    return by_agency


def recipients_for(agency: Agency) -> list[str]:
    """The agency's OPD users with an e-mail address, and the agency's own address."""
    emails = RoleAssignment.objects.filter(role=Role.OPD, agency=agency).exclude(
        user__email="").values_list("user__email", flat=True)
    found = list(dict.fromkeys([*emails, *([agency.email] if agency.email else [])]))
    return found


def reminders_send(*, regency_id: int, today: datetime.date | None = None) -> int:
    """Send the due reminders of one regency; returns how many agencies were reminded."""
    regency = Regency.objects.get(pk=regency_id)
    today = today or regency.local_today()
    period = current_period(regency, today)
    days_left = (period.deadline - today).days
    if not 0 <= days_left <= REMINDER_DAYS_BEFORE:
        return 0
    reminded = 0
    for agency, programs in outstanding_programs(period).items():
        recipients = recipients_for(agency)
        if recipients and _remind_once(period, agency, programs, recipients, days_left):
            reminded += 1
    return reminded


def _remind_once(period: ReportingPeriod, agency: Agency, programs: list[Program],
                 recipients: list[str], days_left: int) -> bool:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(period=period, agency=agency,
                                       recipients=", ".join(recipients))
            _send(period, agency, programs, recipients, days_left)
    except IntegrityError:  # already reminded for this period
        return False
    logger.info("reminder %s → %s (%s programs)", period, agency, len(programs))
    return True


def _send(period: ReportingPeriod, agency: Agency, programs: list[Program],
          recipients: list[str], days_left: int) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("programs:quarter",
                                                   args=[period.regency.slug])
    context = {"period": period, "agency": agency, "programs": programs, "link": link,
               "days_left": days_left, "regency": period.regency}
    with translation.override("id"):
        subject = render_to_string("programs/email/reminder_subject.txt", context).strip()
        body = render_to_string("programs/email/reminder_body.txt", context)
    send_mail(subject, body, None, recipients)
