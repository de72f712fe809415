"""Every kind of demo user logs in through the real login page and lands on its home page."""

import pytest
from django.core.management import call_command

from dewan.demo.data.council import DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = [
    # Regency users land on their own task list ("Tugas saya"), reviewers on the national page.
    ("sekretariat.humbahas", "/r/humbang-hasundutan/beranda/", "Kabupaten Humbang Hasundutan"),
    ("opd.kominfo.humbahas", "/r/humbang-hasundutan/beranda/", "Kabupaten Humbang Hasundutan"),
    ("anggota.humbahas", "/r/humbang-hasundutan/beranda/", "Kabupaten Humbang Hasundutan"),
    ("reviewer.komdigi", "/nasional/", "Kabupaten Batang"),
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_each_demo_role_logs_in_and_sees_its_home_page(demo, live_server, page):
    for username, path, text in HOMES:
        page.context.clear_cookies()
        log_in(page, live_server, username, DEMO_PASSWORD)
        assert page.url == f"{live_server.url}{path}", username
        assert text in page.content(), username
        assert "Keluar" in page.content()


def test_a_wrong_password_is_refused_with_a_message_in_indonesian(demo, live_server, page):
    log_in(page, live_server, "sekretariat.humbahas", "salah")
    assert "/akun/masuk/" in page.url
    assert "kata sandi" in page.content().lower()


def test_the_secretariat_home_page_looks_right(demo, live_server, page, tmp_path):
    log_in(page, live_server, "sekretariat.humbahas", DEMO_PASSWORD)
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert page.locator("h1").inner_text() == "Tugas saya"
    assert "Kabupaten Humbang Hasundutan" in page.content()
    assert page.locator("nav").get_by_text("Rapat").is_visible()
