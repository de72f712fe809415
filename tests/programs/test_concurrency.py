"""No lost updates: of two people saving the same program or report at the same moment, the
later save is refused with a conflict message and nothing is overwritten.

These tests run real concurrent requests, each thread with its own PostgreSQL connection.
The main thread holds the row lock until both requests are waiting on it, so the two saves
really are in flight together; then it lets go and one of them wins.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from dewan.council.choices import Role
from programs.choices import ReportStatus
from programs.models import Program, ProgressReport
from tests.factories import ProgramFactory, RoleAssignmentFactory, UserFactory
from tests.programs.conftest import make_report
from tests.programs.test_programs import program_post
from tests.programs.test_reports import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.usefixtures("reference_data"),
]


def post_together(requests: list[tuple[Client, str, dict]], hold=None) -> list:
    """POST every request from its own thread; with `hold` (a model row), keep that row
    locked until all of them wait for it, so that they overlap for certain."""
    responses: list = [None] * len(requests)

    def send(index: int, client: Client, url: str, data: dict) -> None:
        try:
            responses[index] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, *request))
               for i, request in enumerate(requests)]
    if hold is None:
        for thread in threads:
            thread.start()
    else:
        with transaction.atomic():
            type(hold).objects.select_for_update().get(pk=hold.pk)
            for thread in threads:
                thread.start()
            _wait_for_lock_waiters(len(threads))
    for thread in threads:
        thread.join(timeout=30)
    return responses


def _wait_for_lock_waiters(count: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction PostgreSQL keeps one snapshot of the statistics: refresh it.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"{count} requests never waited on the row lock together")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_concurrent_program_edits_keep_the_first_and_refuse_the_second(world):
    program = ProgramFactory(regency=world.regency, agency=world.agency, code="KOM-01")
    url = reverse("programs:edit", args=[world.regency.slug, program.pk])
    names = ["Versi sekretariat", "Versi OPD"]
    responses = post_together([
        (logged_in(world.secretariat), url,
         program_post(world, code="KOM-01", name=names[0], version=1)),
        (logged_in(world.opd), url, program_post(world, code="KOM-01", name=names[1],
                                                 version=1)),
    ], hold=program)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409]
    winner = names[[r.status_code for r in responses].index(302)]
    loser = next(r for r in responses if r.status_code == 409)
    assert "telah diubah oleh pengguna lain" in loser.content.decode()
    program.refresh_from_db()
    assert (program.name, program.version) == (winner, 2)
    assert program.history.count() == 2  # created, then exactly one change


def test_two_concurrent_report_edits_keep_the_first_and_refuse_the_second(world, period):
    program = ProgramFactory(regency=world.regency, agency=world.agency, start_year=2020,
                             end_year=2035)
    report = make_report(program, period, ReportStatus.DRAFT, physical_progress=10)
    colleague = UserFactory(username="operator-kominfo")
    RoleAssignmentFactory(user=colleague, role=Role.OPD, regency=world.regency,
                          agency=world.agency)
    url = reverse("programs:report_edit", args=[world.regency.slug, report.pk])
    responses = post_together([
        (logged_in(world.opd), url, form_data(version=1, physical_progress="30")),
        (logged_in(colleague), url, form_data(version=1, physical_progress="70")),
    ], hold=report)
    assert sorted(r.status_code for r in responses) == [302, 409]
    winner = ["30", "70"][[r.status_code for r in responses].index(302)]
    report.refresh_from_db()
    assert (str(int(report.physical_progress)), report.version) == (winner, 2)


def test_two_people_creating_the_same_report_at_once_make_one_report(world, period):
    program = ProgramFactory(regency=world.regency, agency=world.agency, start_year=2020,
                             end_year=2035)
    colleague = UserFactory(username="operator-kominfo")
    RoleAssignmentFactory(user=colleague, role=Role.OPD, regency=world.regency,
                          agency=world.agency)
    url = reverse("programs:report_new",
                  args=[world.regency.slug, program.pk, period.year, period.quarter])
    responses = post_together([
        (logged_in(world.opd), url, form_data(physical_progress="30")),
        (logged_in(colleague), url, form_data(physical_progress="70")),
    ])
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert ProgressReport.objects.count() == 1
    assert Program.objects.get().reports.get().version == 1
