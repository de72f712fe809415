"""The Content-Security-Policy (no inline script or style) in a real browser: the pages that
run the most JavaScript — the dashboard's Chart.js charts and the meeting agenda edited in
place with htmx — work under it and make Chromium report no violation.

Violations reach the page as `securitypolicyviolation` events and the console as errors,
after the fact. To know every earlier one has arrived without waiting for time, each check
ends with a deliberate violation (an image from a host the policy does not allow; it is
refused before any request is made) and waits for that one: events arrive in order, so any
other would be in the lists before it.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from dewan.council.models import Regency
from dewan.demo.data.council import DEMO_PASSWORD
from meetings import services
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
CONTROL_HOST = "csp-control.invalid"


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    regency = Regency.objects.get(slug="humbang-hasundutan")
    start = timezone.now() + datetime.timedelta(days=7)
    return services.meeting_create(regency=regency, data={
        "kind": "rapat_dewan", "title": "Rapat uji CSP", "start": start,
        "end": start + datetime.timedelta(hours=2), "place": "Aula", "mode": "luring"})


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from the first script on and console errors.

    Waits are written as functions (`() => ...`): Playwright evaluates a bare expression
    string with eval() in the page, which this policy refuses."""
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    return page


def violations_so_far(page) -> tuple[list[str], list[str]]:
    """Every violation reported until now as events and as console errors, the control
    left out."""
    with page.expect_console_message(lambda m: CONTROL_HOST in m.text):
        page.evaluate(f"""() => {{
          const img = document.createElement('img');
          img.src = 'https://{CONTROL_HOST}/control.png';
          document.body.appendChild(img);
        }}""")
    page.wait_for_function(f"() => window.__csp.some((v) => v.includes('{CONTROL_HOST}'))")
    events = [v for v in page.evaluate("window.__csp") if CONTROL_HOST not in v]
    console = [t for t in page.console_errors
               if "Content Security Policy" in t and CONTROL_HOST not in t]
    return events, console


def test_the_dashboard_draws_its_charts_without_a_csp_violation(demo, live_server, watched):
    page = watched
    log_in(page, live_server, "sekretariat.humbahas", DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/r/humbang-hasundutan/program/dasbor/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for chart in ("chart-progress", "chart-status", "chart-budget"):
        page.wait_for_function(
            f"() => typeof Chart !== 'undefined' && Chart.getChart('{chart}') !== undefined")
    assert violations_so_far(page) == ([], [])


def test_the_agenda_is_edited_in_place_without_a_csp_violation(demo, live_server, watched):
    page = watched
    log_in(page, live_server, "sekretariat.humbahas", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/r/humbang-hasundutan/rapat/{demo.pk}/")
    page.evaluate("window.__noReload = true")
    for title in ("Pembukaan", "Paparan OPD"):
        page.fill("#agenda-title", title)
        page.click("#agenda button:has-text('Tambah')")
        page.wait_for_selector(f"#agenda .agenda-item:has-text('{title}')")
    page.locator("#agenda .agenda-item", has_text="Paparan OPD").locator(
        "button[title=Naikkan]").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#agenda .agenda-item')[0].innerText"
        ".includes('Paparan')")
    assert page.evaluate("window.__noReload") is True  # htmx did it, no page load
    assert violations_so_far(page) == ([], [])


def test_an_inline_script_is_refused_by_the_browser(demo, live_server, watched):
    """The policy is really enforced: the control of the tests above, for scripts."""
    page = watched
    page.goto(f"{live_server.url}/akun/masuk/")
    page.evaluate("""() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
    }""")
    page.wait_for_function("() => window.__csp.some((v) => v.startsWith('script-src'))")
    assert page.evaluate("window.__ran === undefined")


def test_the_admin_and_its_audit_log_work_without_a_csp_violation(demo, live_server, watched):
    page = watched
    page.goto(f"{live_server.url}/admin/login/?next=/admin/core/auditentry/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")  # the login itself is the first entry
    assert "admin" in page.inner_text("#result_list")
    assert violations_so_far(page) == ([], [])
