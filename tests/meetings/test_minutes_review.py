"""Minutes reviewed by the council: approved only once the meeting has started, circulated to
the members who attended (who are told and may comment), comments seen by the secretariat and
the attendees only and resolved by the secretariat, approval confirmed on a page that names
what it locks; the typed line breaks and lists survive on the page and in the PDF."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dewan.core.models import Notification
from dewan.council.access import access_for
from dewan.council.choices import Role
from meetings import services
from meetings.choices import AttendanceStatus, MeetingStatus, MinutesStatus
from meetings.models import Meeting, Minutes, MinutesComment
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.regency.slug, meeting.pk, *args])


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def absent_member(world):
    user = UserFactory(username="anggota-absen")
    RoleAssignmentFactory(user=user, role=Role.MEMBER, regency=world.regency)
    return user


@pytest.fixture
def attended(world, council, held_meeting, absent_member):
    """world.member attended as the chair's account; another member with an account was
    absent; the secretary attended but has no account."""
    council.chair.user, council.member.user = world.member, absent_member
    council.chair.save()
    council.member.save()
    rows = {row.member_id: row for row in held_meeting.attendances.all()}
    services.attendance_record(meeting=held_meeting, marks=[
        services.AttendanceMark(rows[council.chair.pk].pk, AttendanceStatus.PRESENT),
        services.AttendanceMark(rows[council.secretary.pk].pk, AttendanceStatus.ONLINE),
        services.AttendanceMark(rows[council.member.pk].pk, AttendanceStatus.ABSENT),
    ])
    return held_meeting


@pytest.fixture
def circulated(world, attended):
    services.minutes_save(meeting=attended, discussion="Pembahasan Perbup.",
                          decisions="Keputusan:\n- Kominfo menyusun draf\n- Bappeda menganggarkan")
    return services.minutes_circulate(minutes=Minutes.objects.get(meeting=attended),
                                      by=world.secretariat)


def _comment(world, meeting, text="Nama Kepala Bappeda salah ketik.", user="member"):
    return world.client_for(getattr(world, user)).post(_url("minutes_comment", meeting),
                                                       {"text": text})


# --- the meeting has to have started ----------------------------------------------------------

def test_minutes_of_a_meeting_still_to_come_cannot_be_approved_and_its_date_stays(
        world, meeting):
    start = meeting.start
    services.minutes_save(meeting=meeting, discussion="Ditulis terlalu awal", decisions="")
    minutes = services.minutes_circulate(minutes=Minutes.objects.get(meeting=meeting))
    client = world.client_for(world.secretariat)
    confirm = client.get(_url("minutes_approve_confirm", meeting)).content.decode()
    assert "belum dimulai" in confirm and 'name="konfirmasi"' not in confirm
    response = client.post(_url("minutes_approve", meeting), {"konfirmasi": "ya"})
    assert "belum dimulai" in _said(response)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED and not minutes.number
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.start == start


def test_approval_marks_a_started_meeting_held_and_keeps_its_date(world, circulated):
    meeting = circulated.meeting
    start = meeting.start
    services.minutes_approve(minutes=circulated, by=world.secretariat)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.start == start


def test_a_future_meeting_cannot_be_recorded_as_held(world, meeting, held_meeting):
    client = world.client_for(world.secretariat)
    local = timezone.localtime(meeting.start, world.regency.tzinfo)
    response = client.post(_url("edit", meeting), {
        "kind": meeting.kind, "title": meeting.title,
        "start": local.strftime("%Y-%m-%dT%H:%M"),
        "end": (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place, "mode": meeting.mode, "online_link": meeting.online_link,
        "status": MeetingStatus.HELD})
    assert "belum dimulai tidak dapat dicatat" in response.content.decode()
    with pytest.raises(services.DomainError):
        services.meeting_update(meeting=meeting, data={"status": MeetingStatus.HELD})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.SCHEDULED
    services.meeting_update(meeting=held_meeting, data={"status": MeetingStatus.HELD})


# --- approval asks first ---------------------------------------------------------------------

def test_approval_asks_for_confirmation_and_names_what_it_locks(world, circulated):
    meeting = circulated.meeting
    client = world.client_for(world.secretariat)
    page = client.get(_url("minutes", meeting)).content.decode()
    assert _url("minutes_approve_confirm", meeting) in page
    response = client.post(_url("minutes_approve", meeting))  # straight, unconfirmed
    assert response["Location"] == _url("minutes_approve_confirm", meeting)
    assert Minutes.objects.get(pk=circulated.pk).status == MinutesStatus.CIRCULATED
    with CaptureQueriesContext(connection) as queries:
        confirm = client.get(_url("minutes_approve_confirm", meeting)).content.decode()
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    for locked in ("nomor", "PDF", "agenda", "daftar hadir", "data rapat"):
        assert locked in confirm
    client.post(_url("minutes_approve", meeting), {"konfirmasi": "ya"})
    assert Minutes.objects.get(pk=circulated.pk).status == MinutesStatus.APPROVED


def test_the_confirmation_names_the_comments_still_open(world, circulated):
    _comment(world, circulated.meeting, "Tolong tambahkan Dinas PUPR")
    confirm = world.client_for(world.secretariat).get(
        _url("minutes_approve_confirm", circulated.meeting)).content.decode()
    assert "1 komentar peserta belum ditindaklanjuti" in confirm
    assert "Tolong tambahkan Dinas PUPR" in confirm


# --- circulation and comments -----------------------------------------------------------------

@pytest.mark.usefixtures("eager_celery")
def test_circulating_tells_the_members_who_attended_and_have_an_account(
        world, attended, absent_member, smtp_server, django_capture_on_commit_callbacks):
    services.minutes_save(meeting=attended, discussion="Isi", decisions="")
    client = world.client_for(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("minutes_circulate", attended))
    told = Notification.objects.filter(kind="meetings.minutes_circulated")
    assert [n.user for n in told] == [world.member]
    assert told[0].link == _url("minutes", attended)
    [message] = smtp_server.to(world.member.email)
    assert attended.title in message["Subject"]
    assert smtp_server.to(absent_member.email) == []


def test_an_attendee_comments_and_the_secretariat_is_told(world, circulated):
    response = _comment(world, circulated.meeting)
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert (comment.author, comment.minutes) == (world.member, circulated)
    [notice] = Notification.objects.filter(kind="meetings.minutes_commented")
    assert notice.user == world.secretariat and "salah ketik" in notice.body
    page = world.client_for(world.member).get(_url("minutes", circulated.meeting))
    assert "Nama Kepala Bappeda salah ketik." in page.content.decode()


def test_comments_are_for_the_secretariat_and_the_attendees_only(world, circulated,
                                                                 absent_member):
    _comment(world, circulated.meeting, "Komentar RAHASIA-PESERTA")
    for user in (absent_member, world.opd):  # they read the minutes, not the comments
        page = world.client_for(user).get(_url("minutes", circulated.meeting))
        assert page.status_code == 200
        assert "RAHASIA-PESERTA" not in page.content.decode()
        assert not MinutesComment.objects.for_access(access_for(user, world.regency)).exists()
    assert "RAHASIA-PESERTA" in world.client_for(world.secretariat).get(
        _url("minutes", circulated.meeting)).content.decode()
    assert MinutesComment.objects.for_access(access_for(world.member, world.regency)).exists()


def test_members_who_did_not_attend_cannot_comment(world, circulated, absent_member):
    response = world.client_for(absent_member).post(_url("minutes_comment", circulated.meeting),
                                                    {"text": "Saya tidak hadir"})
    assert response.status_code == 403
    assert _comment(world, circulated.meeting, user="secretariat").status_code == 403
    assert _comment(world, circulated.meeting, user="reviewer").status_code == 403
    assert not MinutesComment.objects.exists()


def test_the_secretariat_resolves_a_comment_with_a_note(world, circulated):
    _comment(world, circulated.meeting)
    comment = MinutesComment.objects.get()
    client = world.client_for(world.secretariat)
    url = _url("minutes_comment_resolve", circulated.meeting, comment.pk)
    assert "tidak disimpan" in _said(client.post(url, {"note": ""}))
    comment.refresh_from_db()
    assert not comment.is_resolved
    client.post(url, {"note": "Nama diperbaiki pada pembahasan."})
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == world.secretariat
    assert comment.resolution == "Nama diperbaiki pada pembahasan."
    assert world.client_for(world.member).post(url, {"note": "x"}).status_code == 403
    page = world.client_for(world.member).get(_url("minutes", circulated.meeting))
    assert "Nama diperbaiki pada pembahasan." in page.content.decode()


def test_comments_close_with_the_approval_which_tells_attendees_and_secretariat(
        world, circulated):
    other_secretariat = UserFactory(username="sekretariat-2")
    RoleAssignmentFactory(user=other_secretariat, role=Role.SECRETARIAT,
                          regency=world.regency)
    world.client_for(world.secretariat).post(_url("minutes_approve", circulated.meeting),
                                             {"konfirmasi": "ya"})
    told = {n.user for n in Notification.objects.filter(kind="meetings.minutes_approved")}
    assert told == {world.member, other_secretariat}  # the approver is not told
    response = _comment(world, circulated.meeting)
    assert "selama notulen diedarkan" in _said(response)
    assert not MinutesComment.objects.exists()


# --- what people type survives ----------------------------------------------------------------

def test_the_form_says_what_formatting_works(world, held_meeting):
    page = world.client_for(world.secretariat).get(
        _url("minutes_edit", held_meeting)).content.decode()
    assert page.count("baris baru tetap menjadi baris baru") == 2  # under both fields
    assert "“- ”" in page


def test_typed_line_breaks_and_lists_survive_on_the_page_and_in_the_pdf(world, circulated):
    edited = services.minutes_save(meeting=circulated.meeting,
                                   discussion="Baris satu\nBaris dua",
                                   decisions=circulated.decisions)
    services.minutes_circulate(minutes=edited, by=world.secretariat)  # edited: a new draft
    page = world.client_for(world.member).get(_url("minutes", circulated.meeting))
    html = page.content.decode()
    assert "Baris satu<br>\nBaris dua" in html
    assert "<ul>\n<li>Kominfo menyusun draf</li>\n<li>Bappeda menganggarkan</li>\n</ul>" in html
    minutes = services.minutes_approve(minutes=Minutes.objects.get(pk=circulated.pk),
                                       by=world.secretariat)
    with minutes.pdf.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Baris satu" in lines and "Baris dua" in lines
    assert "Kominfo menyusun draf" in lines and "Bappeda menganggarkan" in lines
    assert text.count("•") == 2  # each a list item with its bullet


def test_the_markup_keeps_lists_typed_right_under_a_line_and_never_raw_html():
    from meetings.markup import render_markdown

    html = render_markdown("Keputusan:\n1. Satu\n2. Dua\nPenutup <script>x</script>")
    assert html.startswith("<p>Keputusan:</p>\n<ol>\n<li>Satu</li>\n<li>Dua</li>\n</ol>")
    assert "<p>Penutup" in html and "<script" not in html
