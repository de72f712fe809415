"""Invitations through a real SMTP server: what arrives, what the server refused, and the retry.

The server is aiosmtpd on a free port (tests/smtp.py); Django's SMTP backend sends to it.
Tasks run eagerly here, as on the embedded defaults (the worker's retries with backoff:
tests/reliability/test_broker_down.py).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import invitations, services
from meetings.choices import DeliveryStatus
from meetings.models import InvitationDelivery, Meeting
from meetings.tasks import send_meeting_invitations
from tests.factories import CouncilMemberFactory
from tests.smtp import free_port

pytestmark = pytest.mark.django_db
committing = pytest.mark.django_db(transaction=True)

# Six of ten members of the demo council carry their degrees after a comma.
TITLED = {
    "Drs. Hotman Lumban Gaol, M.Pd": "hotman.gaol@example.go.id",
    'Ir. Ronald "Ucok" Sihombing, M.T.': "ronald@example.go.id",
    "Dr. Ratna Sari Dewi Ünal, S.Kom., M.Kom": "ratna@example.go.id",
}


@pytest.fixture
def invited_meeting(world, council):
    """A meeting whose attendance lists the council plus members with awkward names."""
    for order, (name, address) in enumerate(TITLED.items(), start=10):
        CouncilMemberFactory(regency=world.regency, decree=council.decree, name=name,
                             email=address, agency=world.agency, order=order)
    start = timezone.now() + datetime.timedelta(days=3)
    return services.meeting_create(regency=world.regency, data={
        "kind": "rapat_dewan", "title": "Rapat Dewan Smart City", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Ruang Rapat Sekretariat",
        "mode": "hybrid", "online_link": "https://zoom.example/j/1", "chair": council.chair,
    })


def recipients(meeting) -> dict[str, str]:
    return {m.email: m.name for m in invitations.invitation_recipients(meeting)}


def invite(world, meeting, name="meetings:invite"):
    """POST as the secretariat and follow to the page. In the tests marked `committing` the
    request's transaction really commits, so the eager task runs inside the request, as on
    the embedded defaults, and the message says what happened."""
    url = reverse(name, args=[world.regency.slug, meeting.pk])
    return world.client_for(world.secretariat).post(url, follow=True)


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def statuses(meeting) -> dict[str, str]:
    return dict(InvitationDelivery.objects.filter(meeting=meeting)
                .values_list("address", "status"))


@committing
def test_each_member_receives_the_invitation_with_their_name_intact_and_the_ics(
        world, invited_meeting, smtp_server, eager_celery):
    expected = recipients(invited_meeting)
    assert len(expected) == 6
    response = invite(world, invited_meeting)

    assert response.status_code == 200
    assert sorted(a for r in smtp_server.received for a in r.rcpt_tos) == sorted(expected)
    for received in smtp_server.received:
        message = received.message
        [to] = message["To"].addresses
        assert (to.display_name, to.addr_spec) == (expected[to.addr_spec], to.addr_spec)
        assert received.rcpt_tos == [to.addr_spec]  # one message each: no one sees the others
        assert message["Subject"].strip().startswith("Undangan: Rapat Dewan Smart City")
        [ics] = [part for part in message.iter_attachments()
                 if part.get_content_type() == "text/calendar"]
        assert ics.get_filename() == f"rapat-{invited_meeting.pk}.ics"
        [event] = Calendar.from_ical(ics.get_content()).walk("VEVENT")
        assert str(event["summary"]) == "Rapat Dewan Smart City"
    assert set(statuses(invited_meeting).values()) == {DeliveryStatus.SENT}
    assert Meeting.objects.get(pk=invited_meeting.pk).invitations_sent_at is not None
    assert shown_messages(response) == ["Undangan diterima server surel untuk 6 penerima, "
                                        "dengan lampiran kalender (.ics)."]


def test_nothing_is_sent_before_the_request_commits(world, invited_meeting, smtp_server,
                                                    eager_celery,
                                                    django_capture_on_commit_callbacks):
    url = reverse("meetings:invite", args=[world.regency.slug, invited_meeting.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.client_for(world.secretariat).post(url)
    assert smtp_server.received == []
    assert set(statuses(invited_meeting).values()) == {DeliveryStatus.PENDING}
    for callback in callbacks:
        callback()
    assert len(smtp_server.received) == 6


@committing
def test_a_refused_member_is_shown_as_failed_and_the_retry_sends_to_them_alone(
        world, invited_meeting, smtp_server, eager_celery):
    hotman = "hotman.gaol@example.go.id"
    smtp_server.refuse(hotman, "550 5.1.1 <hotman.gaol@example.go.id>: Recipient address rejected")
    response = invite(world, invited_meeting)

    assert shown_messages(response) == [
        "1 dari 6 undangan gagal dikirim. Lihat alasannya di bagian Undangan dan kirim ulang "
        "yang gagal."]
    assert statuses(invited_meeting) == {
        address: DeliveryStatus.FAILED if address == hotman else DeliveryStatus.SENT
        for address in recipients(invited_meeting)}
    failed = InvitationDelivery.objects.get(meeting=invited_meeting, address=hotman)
    assert failed.error.startswith("550 5.1.1") and failed.sent_at is None
    page = response.content.decode()
    assert "Recipient address rejected" in page and "Kirim ulang yang gagal" in page
    assert len(smtp_server.received) == 5

    smtp_server.accept_all()
    response = invite(world, invited_meeting, "meetings:invite_retry")
    assert [r.rcpt_tos for r in smtp_server.received[5:]] == [[hotman]]
    [to] = smtp_server.received[5].message["To"].addresses
    assert to.display_name == "Drs. Hotman Lumban Gaol, M.Pd"
    assert set(statuses(invited_meeting).values()) == {DeliveryStatus.SENT}
    failed.refresh_from_db()
    assert failed.attempts == 2
    assert "Kirim ulang yang gagal" not in response.content.decode()


@committing
def test_with_the_mail_server_down_the_request_says_so_and_the_retry_delivers_later(
        world, invited_meeting, settings, eager_celery):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = False
    response = invite(world, invited_meeting)

    assert response.redirect_chain[0][1] == 302  # not a 500
    assert shown_messages(response)[0].startswith("6 dari 6 undangan gagal dikirim.")
    rows = InvitationDelivery.objects.filter(meeting=invited_meeting)
    assert {row.status for row in rows} == {DeliveryStatus.FAILED}
    assert all("Connection refused" in row.error for row in rows)
    assert Meeting.objects.get(pk=invited_meeting.pk).invitations_sent_at is None

    from tests.smtp import running_smtp_server

    with running_smtp_server(port=settings.EMAIL_PORT) as server:
        invite(world, invited_meeting, "meetings:invite_retry")
    assert len(server.received) == 6
    assert set(statuses(invited_meeting).values()) == {DeliveryStatus.SENT}


def test_a_repeated_task_sends_nothing_twice(world, invited_meeting, smtp_server):
    invitations.invitations_request(meeting=invited_meeting)  # no commit: the task by hand
    assert send_meeting_invitations.apply(args=[invited_meeting.pk]).get() == 6
    assert send_meeting_invitations.apply(args=[invited_meeting.pk]).get() == 0
    assert len(smtp_server.received) == 6


def test_a_passing_refusal_waits_for_the_workers_retry_and_is_then_sent(
        world, invited_meeting, smtp_server):
    invitations.invitations_request(meeting=invited_meeting)
    smtp_server.refuse("ratna@example.go.id", "451 4.7.1 Greylisted, coba lagi nanti")
    run = invitations.invitations_send(meeting_id=invited_meeting.pk, retry_later=True)
    assert (run.sent, run.failed, run.waiting) == (5, 0, 1)
    waiting = InvitationDelivery.objects.get(meeting=invited_meeting,
                                             address="ratna@example.go.id")
    assert waiting.status == DeliveryStatus.PENDING and waiting.error.startswith("451")
    assert waiting.awaits_retry

    smtp_server.accept_all()
    run = invitations.invitations_send(meeting_id=invited_meeting.pk, retry_later=True)
    assert (run.sent, run.failed, run.waiting) == (1, 0, 0)
    assert [r.rcpt_tos for r in smtp_server.received[5:]] == [["ratna@example.go.id"]]


def test_a_final_refusal_is_not_retried_by_the_worker(world, invited_meeting, smtp_server):
    invitations.invitations_request(meeting=invited_meeting)
    smtp_server.refuse("ratna@example.go.id", "550 5.1.1 User unknown")
    run = invitations.invitations_send(meeting_id=invited_meeting.pk, retry_later=True)
    assert (run.sent, run.failed, run.waiting) == (5, 1, 0)


@committing
def test_asking_again_sends_to_everyone_again_but_retrying_needs_a_failure(
        world, invited_meeting, smtp_server, eager_celery):
    invite(world, invited_meeting)
    response = invite(world, invited_meeting, "meetings:invite_retry")
    assert shown_messages(response) == ["Tidak ada undangan gagal yang perlu dikirim ulang."]
    assert len(smtp_server.received) == 6
    invite(world, invited_meeting)
    assert len(smtp_server.received) == 12
    assert InvitationDelivery.objects.filter(meeting=invited_meeting).count() == 6


@committing
def test_who_received_the_invitation_is_shown_to_the_secretariat_only(
        world, invited_meeting, smtp_server, eager_celery):
    invite(world, invited_meeting)
    url = invited_meeting.get_absolute_url()
    page = world.client_for(world.secretariat).get(url).content.decode()
    assert "hotman.gaol@example.go.id" in page
    for user in (world.member, world.opd, world.reviewer):
        page = world.client_for(user).get(url)
        assert page.status_code == 200
        assert "hotman.gaol@example.go.id" not in page.content.decode()


def test_an_invitation_left_sending_by_a_dead_worker_can_be_sent_again(
        world, invited_meeting, smtp_server):
    invitations.invitations_request(meeting=invited_meeting)
    stale = timezone.now() - datetime.timedelta(hours=1)
    InvitationDelivery.objects.filter(meeting=invited_meeting).update(
        status=DeliveryStatus.SENDING, attempts=1, claimed_at=stale)
    assert invitations.invitations_retry_failed(meeting=invited_meeting) == 6
