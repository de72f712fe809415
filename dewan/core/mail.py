"""Sending e-mail one recipient at a time, and knowing what the mail server said to each.

Django's `send_mail` hands a message for many recipients to the server in one go: when the
server refuses some of them, smtplib returns the refusals and Django drops them, so nobody
learns that a council member never got the letter. `send_each` sends one message per
recipient through the configured mail backend and reports, for each, whether the server
accepted it and, if not, the server's answer.

Addresses are built with `mailbox(name, address)` (the standard library's
`email.headerregistry.Address`), never by pasting `f"{name} <{address}>"`: a name such as
"Drs. Hotman Lumban Gaol, M.Pd" holds a comma, which in a header separates two addresses.
"""

from __future__ import annotations

import smtplib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address

from django.core.mail import EmailMessage, get_connection

# Answers about the session, not about the message: another try later may get through.
SESSION_ERRORS = (smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                  smtplib.SMTPAuthenticationError)


@dataclass(frozen=True)
class MailResult:
    """What became of one message: accepted by the server, or refused and why.

    `permanent` marks a refusal that sending the same message again will not cure (a 5xx
    answer, a malformed address); a 4xx answer or a connection failure may pass by itself.
    """

    recipient: str
    accepted: bool
    reason: str = ""
    permanent: bool = False


def mailbox(name: str, address: str) -> str:
    """`"Name" <address>` for a To header, quoted or encoded as the name needs it.

    Control characters and line breaks in the name are dropped (a header holds one line);
    a malformed address raises ValueError.
    """
    display_name = " ".join("".join(
        char if unicodedata.category(char)[0] != "C" else " " for char in name).split())
    try:
        return str(Address(display_name=display_name, addr_spec=address.strip()))
    except Exception as exc:  # email's parser raises several kinds of errors
        raise ValueError(f"invalid address {address!r}: {exc}") from None


def send_each(messages: Sequence[EmailMessage], *, connection=None) -> list[MailResult]:
    """Send every message (each with exactly one recipient) over one connection of the
    configured backend; return one result per message, in order. Never raises for what the
    server or the network does: that is in the results.

    After a connection failure the connection is opened again for the next message; when
    opening itself fails, the remaining messages are reported with the same reason rather
    than each waiting for the same timeout.
    """
    connection = connection or get_connection(fail_silently=False)
    results: list[MailResult] = []
    unreachable: MailResult | None = None
    try:
        for message in messages:
            recipient = _only_recipient(message)
            if unreachable is None:
                try:
                    connection.open()
                except Exception as exc:
                    unreachable = _refusal(recipient, exc)
            if unreachable is not None:
                results.append(MailResult(recipient, False, unreachable.reason, False))
                continue
            result = _send_one(connection, message, recipient)
            if not result.accepted and not result.permanent:
                connection.close()  # a broken session would fail every later message
            results.append(result)
    finally:
        connection.close()
    return results


def _only_recipient(message: EmailMessage) -> str:
    recipients = message.recipients()
    if len(recipients) != 1:
        raise ValueError(f"send_each sends one recipient per message, got {len(recipients)}")
    return str(recipients[0])


def _send_one(connection, message: EmailMessage, recipient: str) -> MailResult:
    try:
        sent = connection.send_messages([message])
    except Exception as exc:
        return _refusal(recipient, exc)
    if not sent:  # a backend that reports instead of raising
        return MailResult(recipient, False, "the mail backend did not send the message")
    return MailResult(recipient, True)


def _refusal(recipient: str, exc: Exception) -> MailResult:
    """The reason in the server's words when it answered, and whether it is final."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, answer = next(iter(exc.recipients.values()))
        return MailResult(recipient, False, _answer(code, answer), code >= 500)
    if isinstance(exc, smtplib.SMTPResponseException):  # SMTPDataError, SMTPSenderRefused, ...
        final = exc.smtp_code >= 500 and not isinstance(exc, SESSION_ERRORS)
        return MailResult(recipient, False, _answer(exc.smtp_code, exc.smtp_error), final)
    if isinstance(exc, ValueError):  # a malformed address or header: sending again won't help
        return MailResult(recipient, False, f"{type(exc).__name__}: {exc}", True)
    return MailResult(recipient, False, f"{type(exc).__name__}: {exc}", False)


def _answer(code: int, answer: bytes | str) -> str:
    text = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
    return f"{code} {text}".strip()
