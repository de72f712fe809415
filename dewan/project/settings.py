"""Settings for Portal Dewan Smart City.

One module for every environment. Everything comes from environment variables read by the
helpers below, which refuse malformed values loudly instead of guessing. With nothing set the
portal runs on the embedded defaults: SQLite, Celery tasks run eagerly in-process, uploads on
local disk and e-mail printed to the console.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Return the variable as a stripped string, or the default when unset."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean; anything other than the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    """Return an integer; a value that is not one is an error."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list with blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: dict) -> dict:
    """Parse DATABASE_URL; only PostgreSQL and SQLite URLs are accepted."""
    raw = env_str(name)
    if not raw:
        return default
    scheme = urlparse(raw).scheme
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL, got scheme {scheme!r}"
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is malformed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database")
    if scheme != "sqlite":
        # The choice fields' iterators read a few dozen rows: a server-side cursor costs them
        # two more round trips each (DECLARE … WITH HOLD, then CLOSE), and a transaction-pooling
        # PgBouncer in front of the database cannot keep one anyway.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def env_redis(name: str) -> str:
    """Return a redis:// URL, or "" when unset; any other scheme is an error."""
    raw = env_str(name)
    if raw and urlparse(raw).scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL, got {raw!r}")
    return raw


def env_http_url(name: str) -> str:
    """Return an http:// or https:// URL with a host, or "" when unset."""
    raw = env_str(name)
    parsed = urlparse(raw)
    if raw and (parsed.scheme not in {"http", "https"} or not parsed.hostname):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, got {raw!r}")
    return raw


_S3_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_S3_REGION = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_S3_VARIABLES = ("STORAGE_S3_ENDPOINT_URL", "STORAGE_S3_ACCESS_KEY", "STORAGE_S3_SECRET_KEY",
                 "STORAGE_S3_REGION")


def env_file_storage() -> dict:
    """The storage of uploads, minutes and report PDFs (STORAGES["default"]).

    An S3-compatible bucket (AWS S3, MinIO, ...) when STORAGE_S3_BUCKET is set, so that every
    web and worker replica sees the same files; otherwise the local disk under MEDIA_ROOT.
    """
    bucket = env_str("STORAGE_S3_BUCKET")
    if not bucket:
        stray = [name for name in _S3_VARIABLES if env_str(name)]
        if stray:
            raise ImproperlyConfigured(f"{', '.join(stray)} set without STORAGE_S3_BUCKET")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not _S3_BUCKET.fullmatch(bucket) or ".." in bucket:
        raise ImproperlyConfigured(
            f"STORAGE_S3_BUCKET={bucket!r} is not a bucket name "
            "(3 to 63 lowercase letters, digits, dots and hyphens)")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options(bucket)}


def _s3_options(bucket: str) -> dict:
    from botocore.config import Config  # only read when object storage is configured

    endpoint = env_http_url("STORAGE_S3_ENDPOINT_URL")
    access_key, secret_key = env_str("STORAGE_S3_ACCESS_KEY"), env_str("STORAGE_S3_SECRET_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("STORAGE_S3_ACCESS_KEY and STORAGE_S3_SECRET_KEY go together "
                                   "(set neither to use the machine's own AWS credentials)")
    region = env_str("STORAGE_S3_REGION")
    if region and not _S3_REGION.fullmatch(region):
        raise ImproperlyConfigured(f"STORAGE_S3_REGION={region!r} is not a region name")
    return {
        "bucket_name": bucket, "endpoint_url": endpoint or None, "region_name": region or None,
        "access_key": access_key or None, "secret_key": secret_key or None,
        # Private objects: no ACL is sent, so the bucket's default (owner only) applies. Files
        # leave only through the portal's permission-checked views, which stream them; a URL,
        # were one ever made, would be signed and last five minutes.
        "default_acl": None, "querystring_auth": True, "querystring_expire": 300,
        # Two uploads both named bukti.pdf get two names, as on the local disk.
        "file_overwrite": False,
        # A download larger than this is spooled to a temporary file, not held in memory.
        "max_memory_size": 2 * 1024 * 1024,
        "client_config": Config(
            signature_version="s3v4",
            # http://minio:9000/bucket/key: the style MinIO and most S3-compatible servers take.
            s3={"addressing_style": "path" if endpoint else "auto"},
            connect_timeout=5, read_timeout=30, retries={"mode": "standard", "max_attempts": 3}),
    }


DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-defaults"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "dewan.core",
    "dewan.council",
    "dewan.documents",
    "programs",
    "meetings",
    "reports",
    "dewan.home",
    "dewan.demo",
]

MIDDLEWARE = [
    # First: /healthz answers whatever the Host header and scheme (dewan/core/health.py).
    "dewan.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dewan.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A write on a regency's pages moves the version its kept pages are under (pages.py).
    "dewan.core.versions.PageVersionMiddleware",
    "dewan.core.audit.AuditMiddleware",
    "dewan.core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as axes documents: it turns a lockout flagged during the view into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dewan.project.urls"
WSGI_APPLICATION = "dewan.project.wsgi.application"
ASGI_APPLICATION = "dewan.project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "dewan.council.context_processors.navigation",
                "dewan.core.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"},
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite (the embedded default) cannot enforce "NULLS NOT DISTINCT" unique constraints; the
# services check those rules themselves and PostgreSQL enforces them in production.
SILENCED_SYSTEM_CHECKS = (["models.W047"]
                          if DATABASES["default"]["ENGINE"].endswith("sqlite3") else [])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour

# Logins: django-axes counts failures in the database (so every process sees them) and locks
# the username and, separately, the address after 5 failures for 15 minutes. Its backend
# comes first so a locked-out login is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are in the audit log
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts during a lockout do not push its end further: the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not clear the failures: it would let an attacker with an account of their own
# wipe the count of their address between guesses at someone else's password.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "dewan.council.auth_views.lockout_response"
# The client's address. Behind N reverse proxies that each append to X-Forwarded-For, the
# client is the N-th address from the right; anything further left was written by the client
# and is not trusted. With 0 proxies only the connection's own address counts. Production runs
# behind one TLS-terminating proxy (docker-compose.yml), so that is the default there; without
# it every user would share the proxy's address and one attacker could lock everybody out.
REVERSE_PROXIES = env_int("DJANGO_REVERSE_PROXIES", 0 if DEBUG else 1)
if REVERSE_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_REVERSE_PROXIES must be 0 or more")
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if REVERSE_PROXIES else ("REMOTE_ADDR",)
)
AXES_IPWARE_PROXY_COUNT = REVERSE_PROXIES - 1 if REVERSE_PROXIES else None
AXES_IPWARE_PROXY_ORDER = "left-most"
IPWARE_STRICT = False  # a longer, spoofed chain still yields the address our proxy saw

# Sessions end after 30 minutes without a request, 12 hours after the login whatever the
# activity (dewan.core.middleware.SessionLifetimeMiddleware), and when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_MAX_LIFETIME_SECONDS = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Language and locale: Bahasa Indonesia first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dewan.project.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"  # never routed: files are served by permission-checked views
# Used when no object storage is configured (STORAGE_S3_BUCKET, see env_file_storage).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": env_file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps (vendored next to the minified files they describe) are read only by developer
# tools: compressing them would add some ten seconds to collectstatic for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploads larger than this are refused by the forms with a clear message.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# E-mail: console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=bool(EMAIL_HOST))
# Seconds to wait for the mail server; without it a server that never answers holds a worker
# (or, on the embedded defaults, a request) forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Invitations the mail server refused for a passing reason are tried again after this many
# seconds, doubling each time (meetings.tasks).
INVITATION_RETRY_SECONDS = env_int("INVITATION_RETRY_SECONDS", 60)
# Notification e-mails refused for a passing reason are tried again after this many seconds,
# doubling each time (dewan.core.tasks.email_notification).
NOTIFICATION_RETRY_SECONDS = env_int("NOTIFICATION_RETRY_SECONDS", 60)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portal Dewan Smart City <noreply@localhost>")

# Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = env_redis("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": "reports"}}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis down or silent must not hold a user's request: connecting and every socket read or
# write give up after these seconds, and a publish is retried once (kombu also bounds the
# total time spent connecting for a publish by the connection timeout). What the broker did not
# take stays in the task outbox, and the `core.send_outbox` sweeper sends it when Redis is
# back (docs/reliability.md). Reads on a worker's BRPOP connection are event-driven and do
# not wait on the socket timeout.
BROKER_CONNECT_TIMEOUT = env_int("CELERY_BROKER_CONNECT_TIMEOUT", 1)
BROKER_SOCKET_TIMEOUT = env_int("CELERY_BROKER_SOCKET_TIMEOUT", 2)
_BROKER_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                 "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = _BROKER_RETRY
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
}
# The outbox sweeper (core.send_outbox, beat every 30 s) leaves a message this young to the
# request that wrote it; older ones it sends.
OUTBOX_GRACE_SECONDS = env_int("OUTBOX_GRACE_SECONDS", 20)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A report left "rendering" longer than this by a worker that vanished may be claimed again
# (by the stale-report sweeper or a redelivery); far above a real render's time.
REPORTS_RENDER_LEASE_SECONDS = env_int("REPORTS_RENDER_LEASE_SECONDS", 900)
# From this many programs a report is rendered in parts, in parallel render processes.
REPORTS_PARALLEL_MIN_PROGRAMS = env_int("REPORTS_PARALLEL_MIN_PROGRAMS", 100)

# The cache only saves time (tests/reliability checks that pages answer with its Redis away;
# each use waits at most a second on a dead Redis): the national figures and table rows
# (reports/selectors.py, dewan/core/fragments.py) and the busiest regency pages, kept whole
# per user under the versions of their data (dewan/council/pages.py). The embedded defaults'
# per-process memory keeps rows only: other processes' writes would not reach it.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "OPTIONS": {"socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
                     "socket_timeout": BROKER_CONNECT_TIMEOUT}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Off only to measure what a page costs when it is drawn (bench/national).
KEEP_PAGES = env_bool("DJANGO_KEEP_PAGES", default=True)

# The public verification page's rate limits count in the shared cache (Redis; the embedded
# defaults' per-process memory cache is good enough for one runserver).
RATELIMIT_USE_CACHE = "default"

# Widgets (every select option, every input) are drawn by Jinja2 instead of the Django
# template engine: the same Django widget templates in their Jinja2 form, a sixth less time
# on pages with filter forms (docs/performance.md); the admin's own widgets fall back to the
# Django engine. Pages and crispy layouts stay Django templates.
FORM_RENDERER = "dewan.core.renderers.WidgetRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# HTTPS: on by default whenever DJANGO_DEBUG is off; each can be turned off for a deployment
# that truly needs it. The TLS-terminating proxy says the request was HTTPS.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's health probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
                                          default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and styles only from the portal's own static files, no
# inline code (templates keep none; data for scripts travels in json_script and data-*).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its icons as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],  # htmx
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
