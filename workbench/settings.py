"""Workbench settings, read from the environment.

Every value that comes from the environment is parsed here, once, and a malformed value stops
start-up with an ImproperlyConfigured that names the variable. Nothing else reads os.environ.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WORKBENCH_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_seconds(name: str, default: int) -> int:
    """A duration in whole seconds, at least 1."""
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be a number of seconds, 1 or more.")
    return value


def database_from_url(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except Exception as exc:  # dj-database-url raises several types for unusable URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} cannot be used: {exc}. "
            "Expected e.g. postgres://user:password@host:5432/name or sqlite:///path/to/file.sqlite3."
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} names engine {engine!r}; Workbench supports PostgreSQL and SQLite."
        )
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        # Wait for a writer instead of failing at once: the worker and the web process share the file.
        config.setdefault("OPTIONS", {})["timeout"] = 20
    elif not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} has no database name.")
    else:
        # No JIT compiling: it pays for long analytical queries, not for ours (pages, the
        # engine's checks). While an import grew the engine's index faster than its statistics
        # were refreshed (autovacuum behind, or off as on some CI machines), the planner's costs
        # for the check batches' candidate query switched JIT on, and compiling took 430 ms of a
        # 630 ms query.
        # Generic plans for prepared statements: only the engine's per-check statements are
        # prepared (workbench.db.prepared_cursor; Django binds on the client and never prepares),
        # and PostgreSQL kept planning some of them afresh at every run, its estimates for an
        # array of ids being no better than the generic ones (at 100,000 claims the claim read
        # spent 0.7-1.5 ms planning for 0.05 ms running; p95 of a check 31 -> 26 ms).
        config.setdefault("OPTIONS", {}).setdefault(
            "options", "-c jit=off -c plan_cache_mode=force_generic_plan"
        )
    return config


def redis_url_from_env(name: str) -> str | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in ("redis", "rediss", "unix") or (parsed.scheme != "unix" and not parsed.hostname):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a Redis URL; expected e.g. redis://127.0.0.1:6379/0."
        )
    return raw


DEBUG = env_bool("DEBUG", False)


def _local_secret_key() -> str:
    """A key generated once per checkout, for local use with DEBUG on only."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local use set DEBUG=1 "
            "(a key is then generated in var/secret_key)."
        )
    SECRET_KEY = _local_secret_key()
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is shorter than 32 characters; generate a long random one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "workspaces",
    "sources",
    "gazetteer",
    "claims",
    "api",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "accounts",
    "reports",
    "insights",
    "imports",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on history rows written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workbench.urls"
WSGI_APPLICATION = "workbench.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'workbench.sqlite3'}"
DATABASES = {"default": database_from_url(DATABASE_URL)}
# The engine's per-check statements are prepared on the server (workbench.db.prepared_cursor).
# Off behind a connection pooler in transaction mode that cannot carry them (PgBouncer < 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Write-ahead log: pages keep reading (an upload's progress, the claim list) while a worker
    # holds a long write transaction (an import is one), instead of waiting for it to commit.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("init_command", "PRAGMA journal_mode=WAL;")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspaces:list"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
# A request body other than files larger than this is refused (400).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

REDIS_URL = redis_url_from_env("REDIS_URL")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Without REDIS_URL the embedded default runs tasks in-process; services enqueue them
# with delay_on_commit, so they still run only after the transaction commits.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
# A task whose worker dies mid-way is delivered again; tasks are idempotent for this.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task taken by a worker that then died whole (machine or container lost, kill -9 of its main
# process) stays unacknowledged in Redis. A live worker's sweep, every BROKER_RESTORE_INTERVAL
# seconds, puts it back on the queue once it was taken more than BROKER_VISIBILITY_TIMEOUT seconds
# ago. The timeout must be longer than any task runs (a task is held unacknowledged while it runs,
# and with a prefetch of 1 it starts as soon as it is taken): otherwise a long task still running
# is handed to a second worker. The longest is reports.tasks.build_report (hard limit 62 min);
# kombu's default, an hour, is shorter than that.
BROKER_VISIBILITY_TIMEOUT = env_seconds("BROKER_VISIBILITY_TIMEOUT", 2 * 60 * 60)
BROKER_RESTORE_INTERVAL = env_seconds("BROKER_RESTORE_INTERVAL", 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": BROKER_RESTORE_INTERVAL,
    # kombu scans only on every 10th sweep by default; the interval alone says how often.
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Failure drills only (tests/drills/): seconds a worker pauses after each claim of a batch check,
# so a test can kill it half-way through deterministically. 0, and never set, in use.
ENGINE_CHECK_DRILL_DELAY = env_float("WORKBENCH_ENGINE_CHECK_DRILL_DELAY", 0.0)
CELERY_BEAT_SCHEDULE = {
    "claims-refresh-stale-derived": {
        "task": "claims.tasks.refresh_stale_claims",
        "schedule": 10 * 60.0,
    },
    # find_similar's n-gram counts, for the workspaces whose claims changed by a tenth.
    "claims-refresh-gram-counts": {
        "task": "claims.tasks.refresh_gram_counts",
        "schedule": 60 * 60.0,
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=0),
    },
}

# Imports uploaded through the pages, and notifications by e-mail.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_MB", 50) * 1_000_000


def email_from_url(url: str) -> dict[str, Any]:
    """EMAIL_URL: smtp://user:password@host:587 (STARTTLS), smtps://... (TLS), or console://."""
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL={url!r} is not usable; expected smtp://user:password@host:587, smtps://... or console://."
        )
    try:
        port = parsed.port or (465 if parsed.scheme == "smtps" else 587)
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL={url!r} has a malformed port.") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme == "smtp" and port != 25,
    }


# The embedded default prints e-mail on the console; EMAIL_URL (or EMAIL_BACKEND) sends it.
EMAIL_BACKEND = (
    os.environ.get("EMAIL_BACKEND", "").strip() or "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_URL", "").strip():
    globals().update(email_from_url(os.environ["EMAIL_URL"].strip()))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "workbench@localhost")
# Links in e-mails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where the demo command reads the five seed texts (URLs and provenance); shipped with the checkout.
SEEDS_DIR = Path(os.environ.get("WORKBENCH_SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # In-process tasks (no REDIS_URL) would print a "Task ... succeeded" line into every command.
    "loggers": {
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
        # django-axes announces itself at every start, commands included; failures still log.
        "axes.apps": {"level": "WARNING"},
    },
}

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (the compose deployment).
TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", False)
if TRUST_X_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # Token first: a script without a session gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in and out; the browsable pages are replaced by /api/docs/ (Swagger UI).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Every error in one JSON shape (api/errors.py).
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Counted in the default cache: Redis with REDIS_URL (shared by all web processes), else local memory.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.WorkbenchAutoSchema",
}


# Requests per user (token or session) and per anonymous IP address: "N/second|minute|hour|day".
def env_rate(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    count, _, period = raw.partition("/")
    if not count.isdigit() or period not in ("second", "minute", "hour", "day"):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate; write e.g. 600/minute (second, minute, hour, day)."
        )
    return raw


API_THROTTLE_RATES = {
    "user": env_rate("API_THROTTLE_USER", "600/minute"),
    "anon": env_rate("API_THROTTLE_ANON", "30/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Workbench API",
    "DESCRIPTION": (
        "Workspaces, sources, claims, links and the engine's suggestions, with the pages' permissions. "
        "Authenticate with `Authorization: Token <key>` (`manage.py drf_create_token USERNAME`) or a "
        "session. Lists are cursor-paginated (`next`/`previous`); every error is "
        '`{"error": {"status", "code", "message", "fields"}}`.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Swagger UI's files from the drf-spectacular-sidecar package, served as our static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StanceEnum": "sources.models.Stance",
        "GradeEnum": "sources.models.Grade",
        "RoleEnum": "workspaces.models.Role",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "RelationEnum": "claims.models.LinkRelation",
        "LinkStateEnum": "claims.models.LinkState",
    },
}

# --- Accounts and hardening (SECURITY.md) ----------------------------------------------------

# django-axes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Minutes a username is locked out from one address after too many failures.
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # hours
# Per username and address together: one attacker cannot lock every user out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the TLS proxy the client's address is the last hop the proxy appended.
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Workbench")

SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
# Signed out after this many seconds without a request (0: never); SESSION_COOKIE_AGE is the
# longest a login lasts however active it is.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# No inline script or style anywhere: JavaScript and CSS are files under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Uploads: the archived copy of a claim's page. Larger request bodies are refused by Django
# (DATA_UPLOAD_MAX_MEMORY_SIZE, for everything but files) and by the form (files).
ARCHIVE_UPLOAD_MAX_BYTES = env_int("ARCHIVE_UPLOAD_MAX_MB", 20) * 2**20
ARCHIVE_UPLOAD_EXTENSIONS = env_list(
    "ARCHIVE_UPLOAD_EXTENSIONS",
    ["html", "htm", "mhtml", "pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "json", "warc", "wacz"],
)
