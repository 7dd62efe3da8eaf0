"""
Settings for Signs of Safety case management.

One file, driven by environment variables. It starts with safe defaults for a laptop demo
(DJANGO_DEBUG=true, SQLite under var/) and turns on production mode with DJANGO_DEBUG=false,
which then requires DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS. A missing or malformed value
stops the process with an ImproperlyConfigured error that names the variable.

Every variable is listed in README.md under "Configuration".
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default, *, minimum=0):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name, reason):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set {reason}.")
    return value


# --- Mode -------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)
PRODUCTION = not DEBUG

if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", "in production mode (DJANGO_DEBUG=false)")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set in production mode, for example "
            "'casework.example.gov.uk'."
        )
else:
    # Only ever used on a developer's laptop: production mode refuses to start without a key.
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "insecure-development-key-never-used-in-production-0123456789"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Older keys still accepted for sessions and signed values while a rotation settles.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# --- Applications -----------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "cases",
    "assessments",
    "plans",
    "meetings",
    "visits",
    "returns",
    "history",
]
# The laptop demo's seed_demo adds users with a published password: production never has it.
if not PRODUCTION:
    INSTALLED_APPS.append("demo")

# Benchmark seeding and load driving (bench/) serve development only: a production server
# neither lists nor runs them. Appended here, not listed above, so the list stays as it is.
if not PRODUCTION:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sos_site.middleware.refresh_idle_timeout",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.second_factor_state",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sos_site.middleware.absolute_session_limit",
    "accounts.middleware.require_second_factor",
    "accounts.middleware.KeepFormAfterExpiry",
    "sos_site.middleware.no_store_when_signed_in",
    "cases.middleware.CaseAccessLogMiddleware",
    # Axes must come last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sos_site.urls"
WSGI_APPLICATION = "sos_site.wsgi.application"

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
                "cases.navigation.navigation",
            ],
            # sos_site is not an installed app, so its template tags are named here.
            "libraries": {"govuk": "sos_site.templatetags.govuk"},
            # {% path %}, every template's links: {% url %} reversed once per process; and
            # |short_date, the dates in every table.
            "builtins": ["sos_site.templatetags.paths", "sos_site.templatetags.dates"],
        },
    },
]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms-gds styles text, email and password inputs; a number input is a GOV.UK input too.
CRISPY_CLASS_CONVERTERS = {"numberinput": "govuk-input"}

# --- Database ---------------------------------------------------------------------------------

DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
# runserver answers each request on a thread of its own. A connection kept for reuse would stay
# open after its thread ended, one per request, until the database refused any more.
_UNDER_RUNSERVER = sys.argv[1:2] == ["runserver"]
try:
    _database = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if _UNDER_RUNSERVER else 60),
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address we can use: {error}"
    ) from None
if _database["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:// or postgres://.")
# A request either saves everything it changed or nothing: no half-saved assessments.
_database["ATOMIC_REQUESTS"] = True
if _database["ENGINE"] == "django.db.backends.postgresql":
    # Values travel apart from the SQL, so that a query a connection runs again and again (the
    # timeline's UNION above all) is parsed and planned once, then run as a prepared statement.
    _prepare = env_bool("DATABASE_PREPARED_STATEMENTS", True)
    _database.setdefault("OPTIONS", {}).update(
        server_side_binding=_prepare, prepare_threshold=5 if _prepare else None
    )
DATABASES = {"default": _database}
# PostgreSQL only: the role the app and the worker connect as, which may add to the access log and
# history but never change them. migrate, run as the owner of the tables, grants it its rights
# (history/db_roles.py). Empty when the app connects as the owner, as on a laptop.
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "").strip()
if DATABASE_APP_ROLE and _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_APP_ROLE needs PostgreSQL: SQLite has no roles.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, passwords and sign-in -------------------------------------------------------------

AUTH_USER_MODEL = "cases.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
]

# Lock after 10 failed attempts for 30 minutes, counted per username and per address. Axes'
# defaults lock for ever. Axes' own reset on success would clear the username's failures and the
# address's, so anyone with an account could spend 9 guesses on someone else's, sign in as
# themselves and start again. Instead accounts.signals clears, on a right password, only the
# failures typed against that username: an office's own typing mistakes stop counting against
# its address once each person gets in, and nobody else's failures are touched.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind the proxy, the client's address is the last one the proxy added to X-Forwarded-For.
if env_int("DJANGO_TRUSTED_PROXY_COUNT", 0):
    AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Every account signs in with a password and then a code from an authenticator app (TOTP), or
# a single-use backup code. Authenticator apps show the account under this name.
OTP_TOTP_ISSUER = os.environ.get("SOS_SERVICE_NAME", "Signs of Safety").strip()
# Only for a laptop demo: skip the code step, so the published demo logins work on their own.
# Production mode refuses it, and the sos.E004 check reports it.
SOS_DEMO_SKIP_SECOND_FACTOR = env_bool("SOS_DEMO_SKIP_SECOND_FACTOR", False)
if PRODUCTION and SOS_DEMO_SKIP_SECOND_FACTOR:
    raise ImproperlyConfigured(
        "SOS_DEMO_SKIP_SECOND_FACTOR is for laptop demos; it cannot be used in production mode."
    )

AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Cache ------------------------------------------------------------------------------------

# The case page's and the case history's rendered content is cached (cases.views.case_detail,
# history.views.case_history). Unset, each process
# keeps its own cache in memory. CACHE_URL=redis://host:6379/0 (Redis or Valkey) shares one
# cache between every process and machine, and then holds the sessions too, read from the cache
# and written through to the database. It holds children's records: keep it on the private
# network, like the database.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "sos_site.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "sos"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_URL in ("", "locmem://"):
    # Sessions stay in the database: a cache in one process cannot end them in the others.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 500, minimum=1)},
        }
    }
else:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or locmem://.")
# How long a cached case page may show a member of staff's or a team's old name, which are not
# part of any case's history. A change to any of the case's own records replaces the page.
SOS_CASE_PAGE_CACHE_SECONDS = env_int("SOS_CASE_PAGE_CACHE_SECONDS", 600)

# --- Sessions and cookies ---------------------------------------------------------------------

# 30 minutes idle: the expiry moves forward as people work, so only inactivity signs out.
SESSION_COOKIE_AGE = 30 * 60
# sos_site.middleware.refresh_idle_timeout saves the session, moving the expiry on, whenever
# it is this old: the timeout is exact to within a minute, for one write a minute per person.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
# Pages warn this long before the idle timeout, with a button to stay signed in.
SESSION_WARNING_SECONDS = 5 * 60
# However active someone is, a session ends after 10 hours (sos_site.middleware).
SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # __Host- cookies are only accepted over HTTPS, for the whole site, with no Domain.
    SESSION_COOKIE_NAME = "__Host-sos-session"
    CSRF_COOKIE_NAME = "__Host-sos-csrftoken"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # The load balancer checks health over plain HTTP inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 63072000, minimum=1)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO", False):
        # Only behind a proxy that sets this header itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Content Security Policy ------------------------------------------------------------------

# Everything is served from this site. The one inline script (GOV.UK Frontend's "js-enabled"
# marker) carries a per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
# On a laptop, files are served straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "sos_site.storage.StaticFiles"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Plan PDFs render in the background (`manage.py pdf_worker`) when SOS_BACKGROUND_PDFS is on,
# which it is by default on PostgreSQL. Otherwise (the SQLite laptop demo) they render inline.
BACKGROUND_PDFS = env_bool(
    "SOS_BACKGROUND_PDFS", _database["ENGINE"] == "django.db.backends.postgresql"
)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if BACKGROUND_PDFS
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default", "pdfs", "returns"],
    }
}
# The census check runs with the same worker when SOS_BACKGROUND_RETURNS is on (by default, when
# plan PDFs do): the Department's validator can take longer than a web worker may. Off, it runs
# in the request, as it must when there is no queue.
BACKGROUND_RETURNS = env_bool("SOS_BACKGROUND_RETURNS", BACKGROUND_PDFS)
if BACKGROUND_RETURNS and not BACKGROUND_PDFS:
    raise ImproperlyConfigured(
        "SOS_BACKGROUND_RETURNS needs the background queue, which SOS_BACKGROUND_PDFS turns on."
    )
# A job still running after this long is taken to have lost its worker, and is queued again.
SOS_PDF_JOB_LEASE_SECONDS = env_int("SOS_PDF_JOB_LEASE_SECONDS", 300, minimum=10)

# Rendered plan PDFs. They are never served from here directly: a view checks access first.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))

# --- Admin, language and time -----------------------------------------------------------------

ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "sos-admin/").strip("/") + "/"
if ADMIN_PATH in {"/", "admin/"}:
    raise ImproperlyConfigured("DJANGO_ADMIN_PATH must be set to a path other than 'admin/'.")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Logging ----------------------------------------------------------------------------------

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_LEVEL must be a logging level, not {LOG_LEVEL!r}.")

# One line per event, no case content: see sos_site/logging.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "sos_site.logging.SafeFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint reports every rendering step at INFO; only its warnings are worth reading.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # At DEBUG this would log every query with its parameters: case content.
        "django.db.backends": {"level": "INFO"},
    },
}

# Emergency ("break-glass") access to a case lasts this long.
BREAK_GLASS_MINUTES = env_int("SOS_BREAK_GLASS_MINUTES", 240, minimum=1)

# How many working days may pass between visits to a child in need or a child in care: the
# council's own standard. A child on a child protection plan is seen every 10 working days.
SOS_VISIT_INTERVAL_WORKING_DAYS = env_int("SOS_VISIT_INTERVAL_WORKING_DAYS", 20, minimum=1)

# How many years after a case closes its records are kept, by practice context. `manage.py
# retention` lists cases past this and, once confirmed, purges them. Override with, for example,
# SOS_RETENTION_YEARS="early_help=7,child_protection=25".
RETENTION_YEARS = {
    "early_help": 7,
    "child_in_need": 25,
    "child_protection": 25,
    "child_in_care": 75,
    "care_leaver": 75,
}
for _item in env_list("SOS_RETENTION_YEARS", []):
    _context, _, _years = _item.partition("=")
    if _context not in RETENTION_YEARS or not _years.isdigit():
        raise ImproperlyConfigured(
            f"SOS_RETENTION_YEARS has {_item!r}: use context=years, where context is one of "
            f"{', '.join(RETENTION_YEARS)}."
        )
    RETENTION_YEARS[_context] = int(_years)

# --- Statutory returns: the CIN census ---------------------------------------------------------

# The council's three-digit local authority number, as the Department for Education lists it.
SOS_LA_CODE = os.environ.get("SOS_LA_CODE", "999").strip()
if not (SOS_LA_CODE.isdigit() and len(SOS_LA_CODE) == 3):
    raise ImproperlyConfigured(
        f"SOS_LA_CODE must be three digits, such as 201; it is {SOS_LA_CODE!r}."
    )
# The census validator runs in its own environment (`make cin-validator`; /opt/cin-validator in
# the image), because it needs older pandas and numpy than the app.
CIN_VALIDATOR_PYTHON = os.environ.get(
    "SOS_CIN_VALIDATOR_PYTHON", str(BASE_DIR / "var" / "cin-validator" / "bin" / "python")
)
