"""What the file storage raises when it is briefly away, whichever storage is configured.

The local disk raises OSError; S3-compatible object storage (django-storages on boto3)
raises botocore's connection and HTTP client errors, which are not OSErrors. Tasks retry on
these instead of failing for good.
"""

from __future__ import annotations

from botocore.exceptions import ConnectionError as ObjectStoreConnectionError
from botocore.exceptions import HTTPClientError

STORAGE_UNAVAILABLE: tuple[type[Exception], ...] = (
    OSError, ObjectStoreConnectionError, HTTPClientError)
