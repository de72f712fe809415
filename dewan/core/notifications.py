"""Notifications: a user's inbox in the portal and its e-mail copies.

The core knows no app. Each app registers the kinds of message it sends
(`register("programs.report_returned", _("Laporan dikembalikan"))`, in its `notices.py`,
imported by its AppConfig) and decides who is told; the core stores, shows and mails them:

* `notify(user_ids, kind=..., title=..., ...)` is called by a service **inside the
  transaction of the change**, so a change rolled back tells nobody. It writes one
  `Notification` per recipient with one INSERT, and for those who want an e-mail of this kind
  (no `NotificationPreference` row saying otherwise, an address, an active account) one task
  per notification through the outbox, again in one INSERT: a fan-out costs the request the
  same three queries whatever the number of recipients.
* `email_send` (the task `core.email_notification`) claims the notification's e-mail with a
  conditional UPDATE (a second delivery sends nothing), checks the preference again, sends
  through `dewan.core.mail.send_each` and records the server's answer.

Messages are written in Indonesian, like the portal's official letters: they are stored, and
a message read in English months later still says what happened when it happened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .mail import MailResult, mailbox, send_each
from .models import EmailStatus, Notification, NotificationPreference

logger = logging.getLogger(__name__)


# Kinds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of notification an app sends: its code, and a label for the preferences page."""

    code: str
    label: str
    description: str = ""


_KINDS: dict[str, Kind] = {}


def register(code: str, label, description="") -> str:
    """Declare a kind of notification (at import time of the app's notices module); returns
    the code, for the app's own constant."""
    _KINDS[code] = Kind(code, label, description)
    return code


def kinds() -> list[Kind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_KINDS.values())


def kind_label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


# Sending -------------------------------------------------------------------------------------

_EMAIL = ContextVar("notification_email", default=True)


@contextmanager
def in_app_only() -> Iterator[None]:
    """Within this block notifications are written to the inbox but never e-mailed (the demo
    data, which walks the real services, uses it)."""
    token = _EMAIL.set(False)
    try:
        yield
    finally:
        _EMAIL.reset(token)



def notify(user_ids: Iterable[int], *, kind: str, title: str, body: str = "", link: str = "",
           regency=None, actor=None, email: bool = True) -> list[int]:
    """Tell these users (inactive ones and the actor left out); returns the notifications'
    ids. Must run inside the transaction of the change it reports.

    `email=False` writes the in-app message only (for a kind whose e-mail another module
    sends itself).
    """
    if kind not in _KINDS:
        raise ValueError(f"unregistered notification kind {kind!r}")
    if not connection.in_atomic_block:
        raise RuntimeError("notify() belongs inside the transaction of the change it reports")
    ids = set(user_ids) - {getattr(actor, "pk", None)}
    if not ids:
        return []
    opted_out = NotificationPreference.objects.filter(user=OuterRef("pk"), kind=kind,
                                                      email=False)
    recipients = (get_user_model().objects.filter(pk__in=ids, is_active=True)
                  .annotate(opted_out=Exists(opted_out)).order_by("pk")
                  .values_list("pk", "email", "opted_out"))
    rows = [Notification(user_id=pk, regency=regency, kind=kind, title=title[:200], body=body,
                         link=link[:300],
                         email_status=EmailStatus.PENDING
                         if email and _EMAIL.get() and address and not off
                         else EmailStatus.NONE)
            for pk, address, off in recipients]
    created = Notification.objects.bulk_create(rows)
    pending = [row.pk for row in created if row.email_status == EmailStatus.PENDING]
    if pending:
        from .tasks import email_notification  # the task module imports this one

        email_notification.enqueue_each(pending)
    return [row.pk for row in created]


def email_wanted(user, kind: str) -> bool:
    """Whether the user takes e-mail of this kind (on unless they switched it off)."""
    return not NotificationPreference.objects.filter(user=user, kind=kind,
                                                     email=False).exists()


def email_send(*, notification_id: int, retry_later: bool = False) -> str:
    """Send one notification's e-mail copy; returns its e-mail status afterwards (or "" when
    there was nothing to send). With `retry_later` (a worker that will run the task again),
    a passing refusal puts it back to PENDING for the next try."""
    claimed = Notification.objects.filter(pk=notification_id,
                                          email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING)
    if not claimed:  # sent already, or no e-mail wanted
        return EmailStatus.NONE
    notification = Notification.objects.select_related("user", "regency").get(
        pk=notification_id)
    user = notification.user
    if not (user.is_active and user.email and email_wanted(user, notification.kind)):
        return _record(notification, EmailStatus.NONE, "")  # switched off since
    try:
        message = notification_message(notification)
    except ValueError as exc:  # a malformed address
        result = MailResult(user.email, False, str(exc), permanent=True)
    else:
        [result] = send_each([message])
    if result.accepted:
        return _record(notification, EmailStatus.SENT, "")
    logger.warning("notification %s to %s refused: %s", notification.pk, user.email,
                   result.reason)
    retry = retry_later and not result.permanent
    return _record(notification, EmailStatus.PENDING if retry else EmailStatus.FAILED,
                   result.reason)


def email_give_up(*, notification_id: int) -> None:
    """The retry could not be scheduled: the e-mail is failed (the in-app message stays)."""
    Notification.objects.filter(pk=notification_id, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.FAILED)


def _record(notification: Notification, status: str, reason: str) -> str:
    fields = {"email_status": status, "email_error": reason[:2000]}
    if status == EmailStatus.SENT:
        fields["emailed_at"] = timezone.now()
    Notification.objects.filter(pk=notification.pk, email_status=EmailStatus.SENDING).update(
        **fields)
    return status


def notification_message(notification: Notification) -> EmailMessage:
    """The e-mail copy: the title as subject, the text, the link, and where to switch such
    e-mails off. In Indonesian, like the message itself."""
    user = notification.user
    base = settings.SITE_URL.rstrip("/")
    with translation.override("id"):
        context = {
            "notification": notification, "name": user.get_full_name() or user.username,
            "url": base + notification.link if notification.link else "",
            "inbox_url": base + reverse("notifications:inbox"),
            "preferences_url": base + reverse("notifications:preferences"),
            "kind": kind_label(notification.kind),
        }
        body = render_to_string("core/email/notification_body.txt", context)
    to = mailbox(context["name"], user.email)
    return EmailMessage(subject=" ".join(notification.title.split()), body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


# Reading and marking ----------------------------------------------------------------------------


def unread_count(user) -> int:
    """The bell's figure (reads the partial index `notification_unread`)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own messages, newest first."""
    messages = Notification.objects.filter(user=user).select_related("regency")
    return messages.filter(read_at__isnull=True) if unread_only else messages


def notification_of(user, pk) -> Notification:
    """One of the user's own messages; another user's does not exist for them (404)."""
    found = Notification.objects.filter(user=user, pk=pk).first()
    if found is None:
        raise Http404
    return found


def mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's messages read (or all of them, without an id); returns how
    many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


# Preferences -------------------------------------------------------------------------------------


def email_preferences(user) -> dict[str, bool]:
    """{kind code: e-mail on?} for every registered kind."""
    off = set(NotificationPreference.objects.filter(user=user, email=False)
              .values_list("kind", flat=True))
    return {kind.code: kind.code not in off for kind in kinds()}


@transaction.atomic
def email_preferences_save(*, user, wanted: dict[str, bool]) -> None:
    """Store the user's choice for each registered kind (unknown codes are ignored)."""
    known = {kind.code for kind in kinds()}
    for code, email in wanted.items():
        if code in known:
            NotificationPreference.objects.update_or_create(user=user, kind=code,
                                                            defaults={"email": email})
