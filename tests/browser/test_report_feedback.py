"""Feedback while a report is being made (issue 12 item 7): on the embedded defaults the
report renders in-process for a few seconds; the button says so and cannot be pressed twice,
and exactly one report is made. The busy state is recorded by a listener in the same submit
event, so the check does not race the request."""

from __future__ import annotations

import pytest

from dewan.council.choices import Role
from reports.models import EvaluationReport
from tests.browser.conftest import log_in
from tests.factories import RegencyFactory, RoleAssignmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"


def test_making_a_report_shows_that_it_is_being_made_and_sends_once(
        page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    regency = RegencyFactory(name="Umpan Balik", slug="umpan-balik")
    user = UserFactory(username="sekretariat-umpan")
    user.set_password(PASSWORD)
    user.save()
    RoleAssignmentFactory(user=user, role=Role.SECRETARIAT, regency=regency)
    log_in(page, live_server, user.username, PASSWORD)
    page.goto(f"{live_server.url}/r/{regency.slug}/laporan/")
    page.wait_for_load_state("load")  # the portal's scripts are in
    # A listener on window runs after the portal's (on document) in the same submit event:
    # it writes down the button as the user sees it while the report is being made, in
    # sessionStorage, which outlives the navigation to the report's page.
    page.evaluate("""window.addEventListener("submit", (event) => {
        const button = event.target.querySelector("[type=submit]");
        sessionStorage.setItem("seen", JSON.stringify([button.disabled,
            button.getAttribute("aria-busy"), button.innerText]));
    })""")
    page.locator("#report-request button[type=submit]").click()
    page.wait_for_url(f"**/r/{regency.slug}/laporan/*/")
    disabled, busy, text = page.evaluate("JSON.parse(sessionStorage.getItem('seen'))")
    assert (disabled, busy) == (True, "true")
    assert "Sedang membuat laporan" in text
    assert EvaluationReport.objects.filter(regency=regency).count() == 1
