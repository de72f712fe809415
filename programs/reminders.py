"""Deadline reminders: tell the OPD heads whose quarterly reports are still missing.

A reminder goes out in the last `REMINDER_DAYS_BEFORE` days before a period's deadline, at
most once per period and agency: an in-app notification to the agency's users and an e-mail
to each address (users who switched the "deadline" e-mail off are left out of the e-mail).
The `ReminderLog` row (unique per period and agency) is the claim, written in the same
transaction as the sending, so a send the mail server accepted for nobody leaves no row (and
no in-app message) and is tried again on the next run, and a second run (or a second worker)
finds the row and skips. Each recipient gets their own message
(`dewan.core.mail.send_each`), so one address the server refuses does not hide the others'
delivery; the log lists the addresses the server accepted.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dewan.core.mail import send_each
from dewan.core.models import NotificationPreference
from dewan.council.choices import Role
from dewan.council.models import Agency, Regency, RoleAssignment

from . import notices
from .choices import REMINDER_DAYS_BEFORE, SENT_REPORT_STATUSES
from .models import Program, ProgressReport, ReminderLog, ReportingPeriod
from .periods import current_period, period_ensure

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
    """The agency's OPD users with an e-mail address who have not switched these reminders'
    e-mail off, and the agency's own address."""
    switched_off = NotificationPreference.objects.filter(
        user=OuterRef("user"), kind=notices.DEADLINE, email=False)
    emails = (RoleAssignment.objects.filter(role=Role.OPD, agency=agency, user__is_active=True)
              .exclude(user__email="").exclude(Exists(switched_off))
              .values_list("user__email", flat=True))
    found = list(dict.fromkeys([*emails, *([agency.email] if agency.email else [])]))
    return found


def reminders_send(*, regency_id: int, today: datetime.date | None = None) -> int:
    """Send the due reminders of one regency; returns how many agencies were reminded."""
    regency = Regency.objects.get(pk=regency_id)
    today = today or regency.local_today()
    period = current_period(regency, today)
    if period.pk is None:  # the reminder log points at a stored period
        period = period_ensure(regency=regency, period=period.period)
    days_left = (period.deadline - today).days
    if not 0 <= days_left <= REMINDER_DAYS_BEFORE:
        return 0
    reminded = 0
    for agency, programs in outstanding_programs(period).items():
        if _remind_once(period, agency, programs, days_left):
            reminded += 1
    return reminded


class NotDelivered(Exception):
    """The mail server accepted the reminder for none of the agency's addresses (or the
    agency has nobody to tell at all)."""


def _remind_once(period: ReportingPeriod, agency: Agency, programs: list[Program],
                 days_left: int) -> bool:
    """The agency's users are told in the portal, and its addresses by e-mail, in one
    transaction with the log row: when the server accepted no address, nothing stays and the
    next run tries both again."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(period=period, agency=agency)
            told = notices.deadline_near(period=period, agency=agency, programs=programs,
                                         days_left=days_left)
            recipients = recipients_for(agency)
            if recipients:
                accepted = _send(period, agency, programs, recipients, days_left)
                if not accepted:
                    raise NotDelivered
                log.recipients = ", ".join(accepted)
                log.save(update_fields=["recipients"])
            elif not told:
                raise NotDelivered
    except IntegrityError:  # already reminded for this period
        return False
    except NotDelivered:  # no log row: the next run tries again
        logger.warning("reminder %s → %s not delivered to anyone", period, agency)
        return False
    logger.info("reminder %s → %s (%s programs)", period, agency, len(programs))
    return True


def _send(period: ReportingPeriod, agency: Agency, programs: list[Program],
          recipients: list[str], days_left: int) -> list[str]:
    """One message per address; returns the addresses the mail server accepted."""
    link = settings.SITE_URL.rstrip("/") + reverse("programs:quarter",
                                                   args=[period.regency.slug])
    context = {"period": period, "agency": agency, "programs": programs, "link": link,
               "days_left": days_left, "regency": period.regency}
    with translation.override("id"):
        subject = render_to_string("programs/email/reminder_subject.txt", context).strip()
        body = render_to_string("programs/email/reminder_body.txt", context)
    subject = " ".join(subject.split())
    results = send_each([EmailMessage(subject, body, None, [address]) for address in recipients])
    for result in results:
        if not result.accepted:
            logger.warning("reminder to %s refused: %s", result.recipient, result.reason)
    return [result.recipient for result in results if result.accepted]
