"""The production image's build steps, run here as CI has no Docker engine.

The Dockerfile's `collectstatic` is run as written, in the image's environment
(DJANGO_DEBUG=false, so the manifest storage), by the `collected_static` fixture; every other
RUN step is either done by `make` on this machine too or only makes sense inside the image,
and a new step fails `test_every_run_step_of_the_dockerfile_is_run_here_or_is_image_only`
until someone says which.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from django.urls import reverse

from tests.production.support import ROOT, Dockerfile

STATIC = ROOT / "static"
SOURCE_MAP = re.compile(rb"[#@]\s*sourceMappingURL=([^\s*]+)")

# Each RUN command of the Dockerfile, and where CI does the same.
RUN_STEPS = {
    "apt-get update": "make debs-test",
    "apt-get install": "make debs-test installs the same packages (checked below)",
    "rm -rf /var/lib/apt/lists/*": "image only: a smaller layer",
    "pip install --no-cache-dir -r requirements.txt": "make venv installs the same file",
    "python manage.py collectstatic --noinput": "run as written: collected_static fixture",
    "useradd": "image only: the unprivileged user the image runs as",
    "mkdir -p /data/media": "image only: the media volume's mount point",
    "chown portal /data/media": "image only",
}


def source_maps_named_in(path: Path) -> list[str]:
    return [match.decode() for match in SOURCE_MAP.findall(path.read_bytes())
            if not match.startswith(b"data:")]


def test_every_source_map_a_static_file_names_is_in_the_repository():
    named = {}
    for path in sorted([*STATIC.rglob("*.js"), *STATIC.rglob("*.css")]):
        for name in source_maps_named_in(path):
            named[path.relative_to(STATIC)] = source_map = path.parent / name
            assert source_map.is_file(), f"{path.relative_to(ROOT)} names missing {name}"
            parsed = json.loads(source_map.read_text())
            assert parsed["version"] == 3 and parsed["sources"], f"{source_map} is no map"
    # The vendored files that ship maps today: a regex that stops matching fails here.
    assert {str(p) for p in named} >= {"vendor/chartjs/chart.umd.min.js",
                                       "vendor/bootstrap/bootstrap.bundle.min.js",
                                       "vendor/bootstrap/bootstrap.min.css"}


def test_the_dockerfile_collects_static_files_with_the_manifest_storage(collected_static):
    assert Dockerfile.read().env["DJANGO_DEBUG"] == "false"  # hence the manifest storage
    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    for original in ("vendor/chartjs/chart.umd.min.js", "vendor/bootstrap/bootstrap.min.css"):
        hashed = collected_static / manifest[original]
        (map_name,) = source_maps_named_in(hashed)
        # The comment now names the map's hashed copy, which was collected beside it.
        assert map_name == Path(manifest[original + ".map"]).name
        assert (hashed.parent / map_name).is_file()
        assert hashed.with_name(hashed.name + ".br").is_file()  # compressed for whitenoise


@pytest.mark.django_db
def test_pages_render_in_production_mode_from_the_collected_manifest(collected_static,
                                                                      settings, client):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert re.search(r'/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css',
                     response.content.decode())


def test_every_run_step_of_the_dockerfile_is_run_here_or_is_image_only():
    for command in Dockerfile.read().runs:
        assert any(step in command for step in RUN_STEPS), (
            f"new Dockerfile step {command!r}: run it in CI here, or add it to RUN_STEPS "
            "saying why it cannot run outside the image")


def test_the_image_installs_the_debian_packages_make_installs():
    install = Dockerfile.read().run_containing("apt-get install")
    image = {word for word in shlex.split(install)[2:] if not word.startswith("-")}
    makefile = (ROOT / "Makefile").read_text()
    make = set(re.search(r"^RUN_DEBS\s*:=(.*)$", makefile, re.M).group(1).split())
    assert image == make
