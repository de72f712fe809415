"""Fixtures of the production tests: static files collected by the Dockerfile's own step, and
an S3-compatible server (moto in server mode, over HTTP on a free port) with a fresh bucket."""

from __future__ import annotations

import logging
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from dewan.project import settings as project_settings
from tests.production.support import ROOT, Dockerfile, free_port, image_environment

S3_ACCESS_KEY, S3_SECRET_KEY = "portal-test", "portal-test-secret"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """A STATIC_ROOT filled by the Dockerfile's collectstatic command, run as written in the
    image's environment (DJANGO_DEBUG=false: the manifest storage)."""
    root = tmp_path_factory.mktemp("staticfiles")
    command = Dockerfile.read().run_containing("manage.py collectstatic")
    result = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            env=image_environment(DJANGO_STATIC_ROOT=str(root)), timeout=300)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return root


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 as a real HTTP server in a thread of this process; yields its endpoint."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@dataclass
class Bucket:
    endpoint: str
    name: str

    @property
    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=S3_ACCESS_KEY,
                            aws_secret_access_key=S3_SECRET_KEY)

    def env(self) -> dict[str, str]:
        """The variables that point the portal at this bucket, as in production."""
        return {"STORAGE_S3_BUCKET": self.name, "STORAGE_S3_ENDPOINT_URL": self.endpoint,
                "STORAGE_S3_ACCESS_KEY": S3_ACCESS_KEY, "STORAGE_S3_SECRET_KEY": S3_SECRET_KEY,
                "STORAGE_S3_REGION": "us-east-1"}

    def names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture
def bucket(s3_server) -> Bucket:
    bucket = Bucket(s3_server, f"dewan-{uuid.uuid4().hex[:12]}")
    bucket.client.create_bucket(Bucket=bucket.name)
    return bucket


@pytest.fixture
def object_storage(bucket, settings, monkeypatch) -> Bucket:
    """The portal stores its files in `bucket`, configured from the environment as in
    production (the same settings helper builds STORAGES["default"])."""
    for name, value in bucket.env().items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": project_settings.env_file_storage()}
    return bucket
