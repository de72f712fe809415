"""dewan.core.mail against a real SMTP server: addresses built by the standard library, one
message per recipient, and what the server said to each."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage

from dewan.core.mail import mailbox, send_each
from tests.smtp import free_port

NAMES = [
    "Drs. Hotman Lumban Gaol, M.Pd",
    'Ir. "Ucok" Sihombing',
    "Dr. Ratna Sari Dewi Ünal, S.Kom., M.T.",
    "Zhāng Wěi 张伟 <keluarga>",
    "Nama; dengan (komentar) dan \\ garis miring",
]


def letter(to: str, subject: str = "Undangan") -> EmailMessage:
    return EmailMessage(subject=subject, body="Isi surat", from_email="portal@example.go.id",
                        to=[to])


@pytest.mark.parametrize("name", NAMES)
def test_a_name_with_commas_quotes_or_non_ascii_reads_back_from_the_received_header(
        name, smtp_server):
    address = "anggota@example.go.id"
    [result] = send_each([letter(mailbox(name, address))])
    assert result.accepted
    [received] = smtp_server.received
    assert received.rcpt_tos == [address]
    [parsed] = received.message["To"].addresses
    assert (parsed.display_name, parsed.addr_spec) == (name, address)


def test_line_breaks_and_control_characters_in_a_name_do_not_reach_the_header(smtp_server):
    to = mailbox("Hotman\r\nBcc: korban@example.com\x00 Gaol", "hotman@example.go.id")
    [result] = send_each([letter(to)])
    assert result.accepted
    message = smtp_server.received[0].message
    assert message["Bcc"] is None
    assert message["To"].addresses[0].display_name == "Hotman Bcc: korban@example.com Gaol"
    assert smtp_server.received[0].rcpt_tos == ["hotman@example.go.id"]


def test_a_malformed_address_is_refused_by_mailbox():
    with pytest.raises(ValueError):
        mailbox("Hotman", "bukan alamat")


def test_each_recipient_gets_its_own_message_and_its_own_answer(smtp_server):
    smtp_server.refuse("tidak.ada@example.go.id", "550 5.1.1 <tidak.ada@example.go.id>: "
                                                  "Recipient address rejected")
    results = send_each([letter(mailbox("Satu", "satu@example.go.id")),
                         letter(mailbox("Tidak Ada", "tidak.ada@example.go.id")),
                         letter(mailbox("Tiga", "tiga@example.go.id"))])
    assert [(r.accepted, r.permanent) for r in results] == [(True, False), (False, True),
                                                            (True, False)]
    assert results[1].reason.startswith("550 5.1.1")
    assert "Recipient address rejected" in results[1].reason
    assert [r.rcpt_tos for r in smtp_server.received] == [["satu@example.go.id"],
                                                          ["tiga@example.go.id"]]


def test_a_temporary_refusal_is_not_final(smtp_server):
    smtp_server.refuse("penuh@example.go.id", "452 4.2.2 Mailbox full")
    [result] = send_each([letter(mailbox("Penuh", "penuh@example.go.id"))])
    assert (result.accepted, result.permanent) == (False, False)
    assert result.reason == "452 4.2.2 Mailbox full"


def test_a_server_that_is_not_there_fails_every_message_with_the_reason(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = False
    results = send_each([letter(mailbox("Satu", "satu@example.go.id")),
                         letter(mailbox("Dua", "dua@example.go.id"))])
    assert [(r.accepted, r.permanent) for r in results] == [(False, False), (False, False)]
    assert all("Connection refused" in r.reason for r in results)


def test_a_message_for_several_recipients_is_a_programming_error(smtp_server):
    message = EmailMessage(subject="x", body="y", to=["a@example.go.id", "b@example.go.id"])
    with pytest.raises(ValueError):
        send_each([message])
    assert smtp_server.received == []
