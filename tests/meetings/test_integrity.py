"""Workflow integrity (issue 9 item 8): what was circulated is what gets approved; history
shows readable fields only and never a draft's text to those who may not read drafts; approved
minutes and ready reports stay as they are, in Python and in PostgreSQL."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from dewan.core.frozen import FrozenRow
from dewan.core.history import history_entries
from dewan.council.choices import Role
from meetings import services
from meetings.choices import AttendanceStatus, MinutesStatus
from meetings.models import Minutes, MinutesComment
from reports.choices import RenderStatus
from tests.factories import EvaluationReportFactory, ProgramFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db

SECRET_DRAFT = "Draf awal: usulan anggaran Rp 9 miliar RAHASIA"


@pytest.fixture
def circulated(world, council, held_meeting):
    council.chair.user = world.member
    council.chair.save()
    rows = {row.member_id: row for row in held_meeting.attendances.all()}
    services.attendance_record(meeting=held_meeting, marks=[
        services.AttendanceMark(rows[council.chair.pk].pk, AttendanceStatus.PRESENT)])
    services.minutes_save(meeting=held_meeting, discussion=SECRET_DRAFT, decisions="")
    services.minutes_save(meeting=held_meeting, discussion="Pembahasan final.",
                          decisions="Kominfo menyusun Perbup.")
    return services.minutes_circulate(minutes=Minutes.objects.get(meeting=held_meeting),
                                      by=world.secretariat)


@pytest.fixture
def approved(world, circulated):
    return services.minutes_approve(minutes=circulated, by=world.secretariat)


def _url(name, meeting):
    return reverse(f"meetings:{name}", args=[meeting.regency.slug, meeting.pk])


def test_editing_circulated_minutes_returns_them_to_draft_and_keeps_the_comments(
        world, circulated):
    meeting = circulated.meeting
    world.client_for(world.member).post(_url("minutes_comment", meeting),
                                        {"text": "Mohon tambahkan nama Bappeda."})
    response = world.client_for(world.secretariat).post(_url("minutes_edit", meeting), {
        "discussion": "Pembahasan final, dengan nama Bappeda.",
        "decisions": "Kominfo menyusun Perbup."})
    assert response.status_code == 302
    assert "kembali menjadi draf" in " ".join(str(m) for m in
                                               get_messages(response.wsgi_request))
    minutes = Minutes.objects.get(pk=circulated.pk)
    assert (minutes.status, minutes.circulated_at) == (MinutesStatus.DRAFT, None)
    assert MinutesComment.objects.filter(minutes=minutes).count() == 1
    [latest, *_older] = history_entries(minutes)
    assert ("Status", "Diedarkan ke peserta", "Draf") in [(c.field.capitalize(), c.old, c.new)
                                               for c in latest.changes]
    with pytest.raises(Exception, match="diedarkan"):
        services.minutes_approve(minutes=minutes, by=world.secretariat)


def test_saving_circulated_minutes_unchanged_keeps_them_circulated(world, circulated):
    services.minutes_save(meeting=circulated.meeting, discussion=circulated.discussion,
                          decisions=circulated.decisions)
    assert Minutes.objects.get(pk=circulated.pk).status == MinutesStatus.CIRCULATED


def test_the_history_never_shows_a_drafts_text_to_those_who_may_not_read_drafts(
        world, approved):
    RoleAssignmentFactory(user=world.opd, role=Role.MEMBER, regency=world.regency)
    page_for = {user: world.client_for(getattr(world, user)).get(
        _url("minutes", approved.meeting)).content.decode()
        for user in ("secretariat", "member", "opd", "reviewer")}
    assert SECRET_DRAFT in page_for["secretariat"]
    for user in ("member", "opd", "reviewer"):
        assert "Pembahasan final." in page_for[user], user
        assert SECRET_DRAFT not in page_for[user], user
        assert "(teks tidak ditampilkan)" in page_for[user], user


def test_history_shows_readable_fields_only(world):
    program = ProgramFactory(regency=world.regency, agency=world.agency, name="Lama")
    world.client_for(world.secretariat)  # the history's user comes from the request
    program.name, program.version = "Baru", program.version + 1
    program.save()
    [latest, _created] = history_entries(program)
    assert [(c.field, c.old, c.new) for c in latest.changes] == [("nama program", "Lama",
                                                                  "Baru")]


def test_approved_minutes_refuse_changes_in_python(approved):
    minutes = Minutes.objects.get(pk=approved.pk)
    minutes.discussion = "Diubah diam-diam"
    with pytest.raises(FrozenRow, match="dikunci"):
        minutes.save()
    with pytest.raises(FrozenRow):
        Minutes.objects.get(pk=approved.pk).delete()
    assert Minutes.objects.get(pk=approved.pk).discussion == "Pembahasan final."


def test_a_ready_report_refuses_changes_in_python(world):
    report = EvaluationReportFactory(regency=world.regency, status=RenderStatus.READY,
                                     sha256="a" * 64, page_count=3)
    report = type(report).objects.get(pk=report.pk)
    report.page_count = 4
    with pytest.raises(FrozenRow, match="versi"):
        report.save()
    report = type(report).objects.get(pk=report.pk)
    report.requested_by = None  # who asked may be deleted later: not frozen
    report.save()


postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the database triggers exist on PostgreSQL only")


@postgresql
@pytest.mark.parametrize("sql", [
    "UPDATE meetings_minutes SET discussion = 'x' WHERE id = %s",
    "UPDATE meetings_minutes SET status = 'draf' WHERE id = %s",
    "UPDATE meetings_minutes SET pdf_sha256 = 'f00' WHERE id = %s",
    "DELETE FROM meetings_minutes WHERE id = %s",
])
def test_the_database_refuses_to_change_approved_minutes(approved, sql):
    with pytest.raises(IntegrityError, match="final"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, [approved.pk])
    assert Minutes.objects.get(pk=approved.pk).discussion == "Pembahasan final."


@postgresql
def test_the_database_lets_approved_minutes_lose_their_approver_account(approved):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_minutes SET approved_by_id = NULL WHERE id = %s",
                       [approved.pk])
    assert Minutes.objects.get(pk=approved.pk).approved_by is None


@postgresql
def test_the_database_refuses_to_change_a_ready_report(world):
    report = EvaluationReportFactory(regency=world.regency, status=RenderStatus.READY,
                                     sha256="a" * 64)
    queued = EvaluationReportFactory(regency=world.regency, status=RenderStatus.QUEUED,
                                     version=2)
    for sql in ("UPDATE reports_evaluationreport SET sha256 = 'b' WHERE id = %s",
                "DELETE FROM reports_evaluationreport WHERE id = %s"):
        with pytest.raises(IntegrityError, match="final"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql, [report.pk])
    with connection.cursor() as cursor:  # a report still being made is not frozen
        cursor.execute("UPDATE reports_evaluationreport SET sha256 = 'b' WHERE id = %s",
                       [queued.pk])


def test_the_minutes_pdf_has_a_signature_column_and_the_minute_taker_with_nip(world,
                                                                             circulated):
    import io

    from pypdf import PdfReader

    minutes = services.minutes_save(meeting=circulated.meeting,
                                    discussion=circulated.discussion,
                                    decisions=circulated.decisions,
                                    taker_name="Fitri Handayani, S.Kom",
                                    taker_nip="199001012015032001")
    approved = services.minutes_approve(minutes=minutes, by=world.secretariat)
    with approved.pdf.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Tanda tangan" in text
    assert "Fitri Handayani, S.Kom" in text and "NIP. 199001012015032001" in text
    assert "sekretariat" not in text.split("Notulis,")[1].split("Pimpinan")[0].lower()


@pytest.mark.parametrize("nip", ["123", "19900101 201503200", "19900101201503200X"])
def test_a_nip_is_eighteen_digits(world, held_meeting, nip):
    response = world.client_for(world.secretariat).post(
        _url("minutes_edit", held_meeting),
        {"discussion": "Isi", "decisions": "", "taker_name": "Fitri", "taker_nip": nip})
    assert response.status_code == 200
    assert "NIP terdiri atas 18 angka" in response.content.decode()
    assert not Minutes.objects.filter(meeting=held_meeting, taker_nip=nip).exists()
