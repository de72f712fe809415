"""A real SMTP server for tests (aiosmtpd on a free localhost port) that keeps what it received.

`SmtpServer.refuse(address, "550 ...")` makes it answer RCPT TO for that address with the
given reply (`times=` limits how often); `received` holds the accepted messages, parsed with
the standard library's modern policy so headers read back as structured addresses.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class _Refusal:
    reply: str
    times: int | None


@dataclass
class SmtpServer:
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    _refusals: dict[str, _Refusal] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, address: str, reply: str = "550 5.1.1 Mailbox unavailable", *,
               times: int | None = None) -> None:
        """Answer RCPT TO for this address with `reply` (every time, or `times` times)."""
        with self._lock:
            self._refusals[address.lower()] = _Refusal(reply, times)

    def accept_all(self) -> None:
        with self._lock:
            self._refusals.clear()

    def to(self, address: str) -> list[EmailMessage]:
        """The messages whose envelope went to this address."""
        return [r.message for r in self.received if address.lower() in
                [a.lower() for a in r.rcpt_tos]]

    # aiosmtpd handler hooks ------------------------------------------------------------

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            refusal = self._refusals.get(address.lower())
            if refusal is not None:
                if refusal.times is not None:
                    refusal.times -= 1
                    if refusal.times <= 0:
                        del self._refusals[address.lower()]
                return refusal.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          message))
        return "250 Message accepted for delivery"


class running_smtp_server:
    """Context manager: start the server in its thread, stop it after."""

    def __init__(self, port: int | None = None):
        self.server = SmtpServer(port=port) if port else SmtpServer()

    def __enter__(self) -> SmtpServer:
        self.controller = Controller(self.server, hostname=self.server.host,
                                     port=self.server.port)
        self.controller.start()
        return self.server

    def __exit__(self, *exc_info) -> None:
        self.controller.stop()
