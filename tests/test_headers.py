"""Headers and production settings: a Content-Security-Policy without unsafe-inline on every
page and no inline code in any template; HTTPS redirect, HSTS and secure cookies on by default
in production, each from its environment variable; `check --deploy` clean with the production
environment the README documents."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
PRODUCTION_BASE = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "dewan.project.settings"}


def readme_production_environment() -> dict[str, str]:
    """The variables of the README's "Production environment" block, with a fresh secret."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production environment", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    env = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    return env


def fresh_settings(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    code = f"from django.conf import settings as s; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env={**PRODUCTION_BASE, **env},
                          capture_output=True, text=True, cwd=ROOT)


def test_check_deploy_is_clean_with_the_production_environment_of_the_readme():
    env = {**readme_production_environment(), "PATH": "/usr/bin:/bin"}
    assert env["DJANGO_DEBUG"] == "false"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_warn_if_the_https_settings_were_turned_off():
    """The test above can fail: the same check with the HTTPS defaults switched off."""
    env = {**readme_production_environment(), "PATH": "/usr/bin:/bin",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_HSTS_SECONDS": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


HTTPS_SETTINGS = ("s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
                  " s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE")


def test_production_turns_https_redirect_hsts_and_secure_cookies_on_by_default():
    result = fresh_settings({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60},
                            HTTPS_SETTINGS)
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "True"]


def test_development_leaves_them_off():
    result = fresh_settings({}, HTTPS_SETTINGS)
    assert result.stdout.split() == ["False", "0", "False", "False", "False", "False"]


def test_each_can_be_set_by_its_environment_variable():
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60,
           "DJANGO_SECURE_SSL_REDIRECT": "no", "DJANGO_SECURE_HSTS_SECONDS": "3600",
           "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "0", "DJANGO_SECURE_HSTS_PRELOAD": "off",
           "DJANGO_SECURE_COOKIES": "false"}
    assert fresh_settings(env, HTTPS_SETTINGS).stdout.split() == [
        "False", "3600", "False", "False", "False", "False"]


@pytest.mark.parametrize("name, value", [
    ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
    ("DJANGO_SECURE_SSL_REDIRECT", "perhaps"),
    ("DJANGO_SECURE_COOKIES", "ya"),
    ("DJANGO_REVERSE_PROXIES", "-1"),
])
def test_a_malformed_value_stops_the_start_naming_the_variable(name, value):
    env = {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60, name: value}
    result = fresh_settings(env, "s.DEBUG")
    assert result.returncode != 0 and name in result.stderr


@pytest.fixture
def https_on(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_but_the_health_probe_is_not(https_on):
    response = Client().get("/akun/masuk/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/akun/masuk/"
    assert Client().get("/healthz").status_code != 301


@pytest.mark.django_db
def test_https_through_the_proxy_gets_the_page_with_hsts(https_on):
    response = Client().get("/akun/masuk/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")


@pytest.mark.django_db
def test_every_page_carries_a_csp_without_inline_code(world):
    for client, url in [(Client(), "/akun/masuk/"),
                        (world.client_for(world.secretariat), f"/r/{world.regency.slug}/")]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["img-src"] == "'self' data:"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        assert "unsafe" not in policy


def template_files() -> list[Path]:
    """Every template of the project: the shared directory and each app's."""
    folders = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("dewan/*/templates")]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


INLINE_CODE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_there_are_templates_to_scan():
    names = {path.name for path in template_files()}
    assert {"base.html", "login.html", "meeting_list.html", "dashboard.html"} <= names


@pytest.mark.parametrize("kind", sorted(INLINE_CODE))
def test_no_template_holds_inline_code_the_policy_would_block(kind):
    """Scripts and styles come from static files; data for scripts travels in json_script
    (a non-executable <script type="application/json">, made by the filter, not written in
    a template) and data-* attributes."""
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in template_files()
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if INLINE_CODE[kind].search(line)]
    assert not found, f"{kind} in {found}"


@pytest.mark.parametrize("line", [
    '<col style="width:32%">', "<style>", '<script>alert(1)</script>',
    '<button onclick="go()">', '<a href="javascript:void(0)">',
])
def test_the_scan_would_find_each_kind_of_inline_code(line):
    assert any(pattern.search(line) for pattern in INLINE_CODE.values())
