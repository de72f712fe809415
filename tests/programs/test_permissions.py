"""Every programs page in the permission matrix: who may open it, who gets 403, who 404."""

import pytest
from django.urls import reverse

from programs.choices import ReportStatus
from tests.matrix import assert_matrix
from tests.programs.conftest import attach, make_report

pytestmark = pytest.mark.django_db

EVERYONE = {"secretariat", "opd", "other_opd", "member", "reviewer"}
EDITORS = {"secretariat", "opd", "other_opd"}


def url(world, name, *args):
    return reverse(f"programs:{name}", args=[world.regency.slug, *args])


def test_read_pages_are_open_to_every_role_of_the_regency(world, program, period):
    for name in ("list", "export", "report_export"):
        assert_matrix(world, url(world, name), allowed=EVERYONE)
    assert_matrix(world, reverse("home:dashboard", args=[world.regency.slug]), allowed=EVERYONE)
    assert_matrix(world, url(world, "detail", program.pk), allowed=EVERYONE)


def test_adding_and_importing_programs_is_for_secretariat_and_opd(world):
    for name in ("create", "import", "import_template"):
        assert_matrix(world, url(world, name), allowed=EDITORS)


def test_only_secretariat_and_owning_opd_may_edit_a_program(world, program):
    for name in ("edit", "indicators"):
        assert_matrix(world, url(world, name, program.pk), allowed={"secretariat", "opd"})


def test_the_quarter_page_is_for_opd_heads(world, period):
    assert_matrix(world, url(world, "quarter"), allowed={"opd", "other_opd"})


def test_only_the_owning_opd_may_start_a_report(world, program, period):
    assert_matrix(world, url(world, "report_new", program.pk, period.year, period.quarter),
                  allowed={"opd"})


def test_a_draft_report_exists_only_for_its_own_agency(world, program, period):
    draft = make_report(program, period, ReportStatus.DRAFT)
    assert_matrix(world, url(world, "report_detail", draft.pk), allowed={"opd"},
                  hidden={"secretariat", "other_opd", "member", "reviewer"})
    assert_matrix(world, url(world, "report_edit", draft.pk), allowed={"opd"},
                  hidden={"other_opd"})


def test_a_verified_report_is_readable_by_all_but_other_opds(world, program, period):
    verified = make_report(program, period, ReportStatus.VERIFIED)
    assert_matrix(world, url(world, "report_detail", verified.pk),
                  allowed={"opd", "secretariat", "member", "reviewer"}, hidden={"other_opd"})


def test_evidence_downloads_follow_the_report(world, program, period):
    submitted = make_report(program, period, ReportStatus.SUBMITTED)
    evidence = attach(submitted)
    assert_matrix(world, url(world, "evidence", submitted.pk, evidence.pk),
                  allowed={"opd", "secretariat", "reviewer"}, hidden={"other_opd", "member"})


def test_verification_pages_are_for_the_secretariat(world):
    for name in ("verification", "periods"):
        assert_matrix(world, url(world, name), allowed={"secretariat"})


def test_verify_and_return_are_for_the_secretariat(world, program, period):
    first = make_report(program, period, ReportStatus.SUBMITTED)
    assert_matrix(world, url(world, "report_verify", first.pk), allowed={"secretariat"},
                  method="post", data={"version": first.version})
    first.refresh_from_db()
    assert first.status == ReportStatus.VERIFIED
    second = make_report(program, _previous(period), ReportStatus.SUBMITTED)
    assert_matrix(world, url(world, "report_return", second.pk), allowed={"secretariat"},
                  method="post", data={"version": second.version, "comment": "Foto kurang."})
    second.refresh_from_db()
    assert second.status == ReportStatus.RETURNED


def test_another_regency_never_sees_a_program(world, program):
    client = world.client_for(world.outsider_secretariat)
    other = reverse("programs:detail", args=[world.other_regency.slug, program.pk])
    assert client.get(other).status_code == 404


def _previous(period):
    from programs.periods import period_ensure

    return period_ensure(regency=period.regency, period=period.period.previous())
