"""Meeting invitations: who is invited, sending them one by one, and what the server said.

The secretariat asks (`invitations_request`): one `InvitationDelivery` row per recipient is
set PENDING in the request's transaction, and the `meetings.send_invitations` task is
enqueued (sent after commit through the task outbox). The task (`invitations_send`) claims
each PENDING row with a conditional UPDATE, sends one e-mail per recipient through
`dewan.core.mail.send_each`, and writes what the mail server answered: SENT, or FAILED with
the server's reason. A meeting counts as invited only for what the server accepted.

Passing refusals (4xx, server unreachable) are put back to PENDING and the task retries
itself with a growing countdown, a bounded number of times (tasks.py); final refusals (5xx,
a malformed address) wait for the secretariat's "send the failed ones again"
(`invitations_retry_failed`), which takes only FAILED rows, so nobody the server accepted
gets the letter twice. On the embedded defaults (tasks run eagerly, in the request) there is
no waiting: every refusal is FAILED at once and the page says so.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dewan.core.errors import DomainError
from dewan.core.mail import MailResult, send_each
from dewan.core.versions import move_regency
from dewan.council.models import CouncilMember
from dewan.council.selectors import members_in_force

from .choices import INVITATION_SENDING_LEASE_MINUTES, DeliveryStatus, MeetingStatus
from .models import InvitationDelivery, Meeting

logger = logging.getLogger(__name__)


# Asking ------------------------------------------------------------------------------------


@transaction.atomic
def invitations_request(*, meeting: Meeting) -> int:
    """Invite every recipient (again, when asked again); returns how many. The e-mails are
    sent by a task after commit. A row being sent right now is left to its sending."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(_("Rapat dibatalkan; undangan tidak dikirim."))
    recipients = invitation_recipients(meeting)
    if not recipients:
        raise DomainError(_("Tidak ada anggota dengan alamat e-mail untuk diundang."))
    now = timezone.now()
    existing = {row.address.lower(): row
                for row in InvitationDelivery.objects.select_for_update().filter(meeting=meeting)}
    for member in recipients:
        row = existing.get(member.email.lower())
        if row is None:
            InvitationDelivery.objects.create(meeting=meeting, member=member, name=member.name,
                                              address=member.email, requested_at=now)
        elif row.status != DeliveryStatus.SENDING:
            row.member, row.name, row.status = member, member.name, DeliveryStatus.PENDING
            row.error, row.requested_at = "", now
            row.save(update_fields=["member", "name", "status", "error", "requested_at"])
    Meeting.objects.filter(pk=meeting.pk).update(invitations_requested_at=now)
    move_regency(meeting.regency_id)
    _enqueue(meeting.pk)
    return len(recipients)


@transaction.atomic
def invitations_retry_failed(*, meeting: Meeting) -> int:
    """Send again only what the server did not accept (and what a dead worker left
    "sending"); returns how many."""
    again = (InvitationDelivery.objects.filter(meeting=meeting)
             .filter(Q(status=DeliveryStatus.FAILED)
                     | Q(status=DeliveryStatus.SENDING, claimed_at__lt=_lease_start()))
             .update(status=DeliveryStatus.PENDING, requested_at=timezone.now()))
    if not again:
        raise DomainError(_("Tidak ada undangan gagal yang perlu dikirim ulang."))
    move_regency(meeting.regency_id)
    _enqueue(meeting.pk)
    return again


def _enqueue(meeting_id: int) -> None:
    from .tasks import send_meeting_invitations  # the task module imports this one

    send_meeting_invitations.enqueue(meeting_id)


def _lease_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=INVITATION_SENDING_LEASE_MINUTES)


def invitation_recipients(meeting: Meeting) -> list[CouncilMember]:
    """The listed members with an address, else the council in force; one per address."""
    listed = [a.member for a in meeting.attendances.select_related("member")
              if a.member_id and a.member.email]
    if not listed:
        day = timezone.localtime(meeting.start, meeting.regency.tzinfo).date()
        listed = [m for m in members_in_force(regency=meeting.regency, on=day) if m.email]
    by_address = {}
    for member in listed:
        by_address.setdefault(member.email.lower(), member)
    return list(by_address.values())


# Sending (the task) ------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationRun:
    """What one run of the task did: accepted, refused for good, put back for a retry."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0


def invitations_send(*, meeting_id: int, retry_later: bool = False) -> InvitationRun:
    """Send the meeting's PENDING invitations, one e-mail each, and record the answers.

    With `retry_later` (a worker that will run the task again) a passing refusal puts the
    row back to PENDING with its reason; without it the row is FAILED.
    """
    from .mail import invitation_message

    meeting = Meeting.objects.select_related("regency", "chair").filter(pk=meeting_id).first()
    if meeting is None:
        return InvitationRun()
    claimed = _claim_pending(meeting)
    move_regency(meeting.regency_id)  # conditional updates send no signal: "sending" shows
    outcomes: list[tuple[InvitationDelivery, MailResult]] = []
    messages = []
    for row in claimed:
        try:
            messages.append((row, invitation_message(meeting=meeting, name=row.name,
                                                     address=row.address)))
        except ValueError as exc:
            outcomes.append((row, MailResult(row.address, False, str(exc), permanent=True)))
    results = send_each([message for _row, message in messages])
    outcomes += [(row, result) for (row, _message), result in zip(messages, results,
                                                                   strict=True)]
    statuses = [_record(row, result, retry_later) for row, result in outcomes]
    if DeliveryStatus.SENT in statuses:
        Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=timezone.now())
    move_regency(meeting.regency_id)  # what the server answered shows on the meeting's page
    return InvitationRun(sent=statuses.count(DeliveryStatus.SENT),
                         failed=statuses.count(DeliveryStatus.FAILED),
                         waiting=statuses.count(DeliveryStatus.PENDING))


def _claim_pending(meeting: Meeting) -> list[InvitationDelivery]:
    """Take each PENDING row with a conditional UPDATE on its token; another run that took
    it first wins, and this one leaves it alone."""
    claimed = []
    now = timezone.now()
    for row in InvitationDelivery.objects.filter(meeting=meeting,
                                                 status=DeliveryStatus.PENDING):
        taken = InvitationDelivery.objects.filter(
            pk=row.pk, status=DeliveryStatus.PENDING, attempts=row.attempts
        ).update(status=DeliveryStatus.SENDING, attempts=row.attempts + 1, claimed_at=now)
        if taken:
            row.attempts += 1
            claimed.append(row)
    return claimed


def _record(row: InvitationDelivery, result: MailResult, retry_later: bool) -> str:
    """Write the server's answer while the row still holds our claim; return the status."""
    if result.accepted:
        status, fields = DeliveryStatus.SENT, {"sent_at": timezone.now(), "error": ""}
    else:
        retry = retry_later and not result.permanent
        status = DeliveryStatus.PENDING if retry else DeliveryStatus.FAILED
        fields = {"error": result.reason[:2000]}
        logger.warning("invitation %s of meeting %s refused: %s", row.address,
                       row.meeting_id, result.reason)
    InvitationDelivery.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING,
                                      attempts=row.attempts).update(status=status, **fields)
    return status


def invitations_give_up(*, meeting_id: int) -> int:
    """The retry could not be scheduled: what waited for it is FAILED, for the secretariat."""
    given_up = InvitationDelivery.objects.filter(meeting_id=meeting_id,
                                                 status=DeliveryStatus.PENDING
                                                 ).exclude(error="").update(
        status=DeliveryStatus.FAILED)
    move_regency(Meeting.objects.filter(pk=meeting_id).values_list("regency_id",
                                                                   flat=True).first())
    return given_up
