"""Kith's one settings module. Everything that differs between machines comes from the environment.

- DEBUG is off unless KITH_DEBUG is set.
- SECRET_KEY must come from KITH_SECRET_KEY; `make demo` and the tests pass a demo secret.
- DATABASE_URL selects PostgreSQL; without it Kith uses an embedded SQLite file under var/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KITH_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("KITH_DEBUG")
SECRET_KEY = os.environ.get("KITH_SECRET_KEY", "")
if not SECRET_KEY:
    raise RuntimeError("Set KITH_SECRET_KEY (make demo sets a demo secret for you).")

ALLOWED_HOSTS = env_list("KITH_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KITH_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_htmx",
    "crispy_forms",
    "crispy_forms_gds",
    "govuk_frontend_django",
    "django.contrib.postgres",
    "kith.core",
    "kith.people",
    "kith.journey",
    "kith.assessments",
    "kith.plans",
    "kith.meetings",
    "kith.voice",
    "kith.standards",
    "kith.demo",
    "kith.returns",
    "kith.partnership",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A device handed over to a child shows only that child's own pages until given back.
    "kith.voice.middleware.HandOverMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kith" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kith.core.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kith.sqlite3'}"),
        conn_max_age=env_int("KITH_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Name search uses the trigram "<%" operator over a GIN index; its default threshold (0.6)
    # misses a name with two slips ("Jaydn Smiht"), 0.4 finds it and still ranks the best first.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.4"
    if env_bool("KITH_PG_PREPARED", default=True):
        # Server-side binding lets psycopg prepare a statement it has run a few times on a
        # connection, so PostgreSQL stops re-planning the same page's queries on every request
        # (measured: the child's record went from about 12 to 8 ms a request). Turn it off with
        # KITH_PG_PREPARED=0 behind a connection pooler in transaction mode.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (imports, exports, linkage runs): Django's tasks API with the database backend,
# worked by `manage.py db_worker` (django-tasks-db). KITH_TASKS_IMMEDIATE=1 runs each task as it is enqueued
# (tests, and `make demo` on one machine).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("KITH_TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The number a child or family can ring when their worker is not there (shown on the child's
# pages). Synthetic by default: set the council's real duty number in production.
KITH_DUTY_PHONE = os.environ.get("KITH_DUTY_PHONE", "0800 000 0000")

# The council's codes on its statutory returns: the DfE's three-digit local authority number and
# the ONS (GSS) code. The defaults are one council's (Richmond upon Thames: 318, E09000027), whose
# real postcodes the synthetic borough's addresses use so that its returns validate; its pupil
# numbers are issued under the LA number. Set the council's own in production.
KITH_LA_CODE = os.environ.get("KITH_LA_CODE", "318")
KITH_LA_GSS_CODE = os.environ.get("KITH_LA_GSS_CODE", "E09000027")
# The DfE validators run in their own environment (make validators); another can be named here.
KITH_VALIDATORS_PYTHON = os.environ.get("KITH_VALIDATORS_PYTHON", "")

# Practice timescales a council may set for itself, as JSON, e.g. {"assessment_working_days": 40}.
# The names and defaults are in kith/core/timescales.py.
KITH_TIMESCALES = json.loads(os.environ.get("KITH_TIMESCALES", "{}") or "{}")
# A council's own words for the assessment mapping's sections and prompts, as JSON, e.g.
# {"danger": "Worry statement", "goal": "Wellbeing goal"}. The names and defaults are in
# kith/assessments/labels.py; `manage.py check` reports a mistyped name.
KITH_PRACTICE_LABELS = json.loads(os.environ.get("KITH_PRACTICE_LABELS", "{}") or "{}")
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "journey:my-work"
LOGOUT_REDIRECT_URL = "core:sign-in"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kith.core.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("KITH_FAST_PASSWORD_HASHING"):
    # Only the test suite sets this: Argon2 is deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

AXES_FAILURE_LIMIT = env_int("KITH_SIGN_IN_ATTEMPTS", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True

SECURE_COOKIES = env_bool("KITH_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions live in the database. A cache-backed session would be read from each gunicorn worker's
# own memory and could be stale after another worker changed it (a sign-out, a hand-over to a child).
SESSION_ENGINE = "kith.core.sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("KITH_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("KITH_HSTS_SECONDS", 0)
if env_bool("KITH_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kith"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LANGUAGE_CODE = "en-gb"
# Staff pages are in English. Children's own pages can also be read in these languages (one of
# them right to left); each app's translations are in <app>/locale and compiled by make.
LANGUAGES = [("en-gb", "English"), ("ar", "العربية"), ("pl", "Polski")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk",
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    BASE_DIR / "var" / "build" / "static",  # compiled by make from kith/core/scss
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KITH_LOG_LEVEL", "WARNING")},
}

# How many days a reason given to open a record outside one's team lasts.
KITH_ACCESS_REASON_HOURS = env_int("KITH_ACCESS_REASON_HOURS", 8)
KITH_SERVICE_NAME = os.environ.get("KITH_SERVICE_NAME", "Kith")
