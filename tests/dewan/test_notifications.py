"""The inbox, the bell and the e-mail copies (dewan/core/notifications.py), with a real SMTP
server. The apps' own notices (who is told of what) are tested beside each app."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dewan.core import notifications
from dewan.core.models import EmailStatus, Notification, NotificationPreference, OutboxMessage
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

PING = notifications.register("tests.ping", "Uji pemberitahuan")


def tell(*users, **extra) -> list[int]:
    with transaction.atomic():
        return notifications.notify([u.pk for u in users], kind=PING,
                                    title=extra.pop("title", "Laporan dikembalikan"),
                                    body="Perbaiki lampiran.", link="/r/humbang-uji/", **extra)


def test_a_change_rolled_back_tells_nobody(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        notifications.notify([world.opd.pk], kind=PING, title="Tidak jadi")
        raise DatabaseError("the change failed")
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_notify_outside_a_transaction_is_refused():
    user = UserFactory()
    with pytest.raises(RuntimeError):
        notifications.notify([user.pk], kind=PING, title="x")
    assert not Notification.objects.exists()


def test_an_unregistered_kind_is_refused(world):
    with pytest.raises(ValueError), transaction.atomic():
        notifications.notify([world.opd.pk], kind="tidak.terdaftar", title="x")


@pytest.mark.parametrize("count", [1, 20])
def test_telling_many_users_costs_the_same_queries_as_telling_one(world, count):
    users = [UserFactory() for _ in range(count)]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        ids = notifications.notify([u.pk for u in users], kind=PING, title="Rapat")
    assert len(ids) == count
    # the recipients with their e-mail choice, the notifications, the outbox rows
    assert len(queries) == 3


def test_the_actor_and_inactive_users_are_not_told(world):
    world.member.is_active = False
    world.member.save()
    with transaction.atomic():
        notifications.notify([world.opd.pk, world.member.pk, world.secretariat.pk], kind=PING,
                             title="x", actor=world.secretariat)
    assert list(Notification.objects.values_list("user", flat=True)) == [world.opd.pk]


def test_the_email_copy_reaches_a_real_mail_server_after_the_commit(
        world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [pk] = tell(world.opd)
        assert smtp_server.received == []  # nothing before the commit
    [message] = smtp_server.to(world.opd.email)
    assert message["Subject"] == "Laporan dikembalikan"
    text = message.get_content()
    assert "Perbaiki lampiran." in text and "/r/humbang-uji/" in text
    assert reverse("notifications:preferences") in text
    notification = Notification.objects.get(pk=pk)
    assert notification.email_status == EmailStatus.SENT and notification.emailed_at
    assert not OutboxMessage.objects.exists()


def test_a_user_who_switched_the_kind_off_gets_the_message_in_the_portal_only(
        world, smtp_server, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=world.opd, kind=PING, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        tell(world.opd, world.other_opd)
    assert smtp_server.to(world.opd.email) == []
    assert len(smtp_server.to(world.other_opd.email)) == 1
    assert Notification.objects.filter(user=world.opd, email_status=EmailStatus.NONE).exists()


def test_a_refused_address_is_recorded_and_the_message_stays_in_the_inbox(
        world, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.refuse(world.opd.email, "550 5.1.1 Mailbox unavailable")
    with django_capture_on_commit_callbacks(execute=True):
        [pk] = tell(world.opd)
    notification = Notification.objects.get(pk=pk)
    assert notification.email_status == EmailStatus.FAILED
    assert "550" in notification.email_error
    assert notification.read_at is None


def test_a_second_delivery_of_the_email_task_sends_nothing(
        world, smtp_server, django_capture_on_commit_callbacks):
    from dewan.core.tasks import email_notification

    with django_capture_on_commit_callbacks(execute=True):
        [pk] = tell(world.opd)
    email_notification.apply(args=[pk])
    assert len(smtp_server.received) == 1


def test_switching_off_after_the_change_but_before_the_sending_is_honoured(world, smtp_server):
    [pk] = tell(world.opd)  # the outbox is not sent: on_commit never runs here
    NotificationPreference.objects.create(user=world.opd, kind=PING, email=False)
    assert notifications.email_send(notification_id=pk) == EmailStatus.NONE
    assert smtp_server.received == []


# --- the pages ------------------------------------------------------------------------------

def test_the_bell_shows_the_unread_count(world):
    page = world.client_for(world.opd).get(reverse("notifications:inbox")).content.decode()
    assert "portal-bell-count" not in page
    for number in range(3):
        tell(world.opd, title=f"Pesan {number}")
    page = world.client_for(world.opd).get(reverse("notifications:inbox")).content.decode()
    count = page.split('portal-bell-count">', 1)[1].split("<", 1)[0]
    assert count == "3"


def test_the_bell_costs_one_query_whatever_the_number_of_messages(world):
    client = world.client_for(world.opd)
    url = reverse("home:overview", args=[world.regency.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(30):
        tell(world.opd, title=f"Pesan {number}")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
    bell = [q["sql"] for q in after if "core_notification" in q["sql"]]
    assert len(bell) == 1 and "COUNT" in bell[0].upper()


def test_the_inbox_lists_only_the_users_own_messages(world):
    tell(world.opd, title="Untuk OPD")
    tell(world.other_opd, title="Untuk OPD lain")
    page = world.client_for(world.opd).get(reverse("notifications:inbox")).content.decode()
    assert "Untuk OPD" in page and "Untuk OPD lain" not in page


def test_another_users_notification_is_a_404(world):
    [pk] = tell(world.other_opd)
    response = world.client_for(world.opd).post(reverse("notifications:read", args=[pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=pk).read_at is None


def test_marking_read_is_a_post_one_or_all(world):
    first, second, third = (tell(world.opd, title=f"Pesan {n}")[0] for n in range(3))
    client = world.client_for(world.opd)
    assert client.get(reverse("notifications:read", args=[first])).status_code == 405
    client.post(reverse("notifications:read", args=[first]))
    assert set(Notification.objects.filter(read_at__isnull=True)
               .values_list("pk", flat=True)) == {second, third}
    unread = client.get(reverse("notifications:inbox"), {"belum": "1"}).content.decode()
    assert "Pesan 0" not in unread and "Pesan 1" in unread
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_opening_a_message_marks_it_read_and_goes_to_its_page(world):
    [pk] = tell(world.opd)
    response = world.client_for(world.opd).post(reverse("notifications:read", args=[pk]),
                                                {"buka": "1"})
    assert response.status_code == 302 and response["Location"] == "/r/humbang-uji/"
    assert Notification.objects.get(pk=pk).read_at is not None


def test_a_link_to_another_site_is_never_followed(world):
    with transaction.atomic():
        [pk] = notifications.notify([world.opd.pk], kind=PING, title="x",
                                    link="//evil.example/")
    response = world.client_for(world.opd).post(reverse("notifications:read", args=[pk]),
                                                {"buka": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:inbox")


def test_reading_the_inbox_and_the_preferences_never_writes(world):
    tell(world.opd)
    client = world.client_for(world.opd)
    for name in ("notifications:inbox", "notifications:preferences"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        writes = [q["sql"] for q in queries
                  if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
        assert writes == [], name


def test_the_inbox_costs_the_same_queries_for_1_and_30_messages(world):
    client = world.client_for(world.opd)
    tell(world.opd)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:inbox"))
    for number in range(29):
        tell(world.opd, title=f"Pesan {number}", regency=world.regency)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:inbox"))
    assert len(many) == len(one)


def test_the_preferences_page_switches_a_kinds_email_off_and_on(world):
    client = world.client_for(world.opd)
    field = "email_" + PING.replace(".", "__")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Uji pemberitahuan" in page and f'name="{field}"' in page and "checked" in page
    client.post(reverse("notifications:preferences"), {})  # every box unticked
    assert not notifications.email_wanted(world.opd, PING)
    client.post(reverse("notifications:preferences"), {field: "on"})
    assert notifications.email_wanted(world.opd, PING)


def test_the_pages_are_for_signed_in_users(client):
    for name in ("notifications:inbox", "notifications:preferences"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_a_failing_email_task_keeps_its_outbox_row_and_the_change_stands(
        world, django_capture_on_commit_callbacks, monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("mail server away")

    monkeypatch.setattr(notifications, "email_send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        ids = tell(world.opd, world.other_opd)
    assert Notification.objects.filter(pk__in=ids).count() == 2
    kept = OutboxMessage.objects.order_by("pk")
    assert [m.args for m in kept] == [[pk] for pk in sorted(ids)]
    assert all("mail server away" in m.last_error for m in kept)
