"""Settings for the test suite: the production settings with the few test-only overrides."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from workbench.settings import *  # noqa: E402,F403
from workbench.settings import DATABASES, REDIS_URL, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process in tests unless a test starts a real worker (tests/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The broker is the real Redis when REDIS_URL is set; with eager tasks nothing is sent to it
# except by the worker test, which turns eagerness off.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not the in-memory default, so a worker process can open the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-workbench.sqlite3")}
WHITENOISE_AUTOREFRESH = True
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# The suite makes many API calls from one address within a minute, and with REDIS_URL the counts
# outlive a run; tests/api/test_errors.py sets tiny rates (and its own cache) to test throttling.
API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute"}
