"""Settings come from the environment; production mode is locked down and says what is wrong."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "sos_site" / "settings.py"
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "casework.example.gov.uk",
    "DATABASE_URL": "postgres://sos@db.internal:5432/sos",
}


def production_environ():
    """This process's environment, less what only the test suite may set."""
    return {
        name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }


def load_settings(monkeypatch, **environ):
    """Read settings.py afresh with exactly these variables set."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "DATABASE_", "SOS_", "CACHE_")):
            monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_mode_passes_the_deploy_check_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SETTINGS_FILE.parents[1],
        env={**production_environ(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_mode_locks_down_cookies_transport_and_sessions(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SESSION_COOKIE_AGE"] == 30 * 60
    assert "sos_site.middleware.refresh_idle_timeout" in settings["MIDDLEWARE"]
    assert settings["SESSION_REFRESH_SECONDS"] == 60
    assert settings["DATABASES"]["default"]["ATOMIC_REQUESTS"] is True
    assert settings["ADMIN_PATH"] != "admin/"


def test_production_mode_does_not_install_the_demo_and_its_published_password(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert "demo" not in settings["INSTALLED_APPS"]


def test_development_mode_installs_the_demo(monkeypatch):
    settings = load_settings(monkeypatch)

    assert "demo" in settings["INSTALLED_APPS"]


def test_production_mode_hashes_with_argon2_and_wants_twelve_characters(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert settings["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    min_length = next(
        validator["OPTIONS"]["min_length"]
        for validator in settings["AUTH_PASSWORD_VALIDATORS"]
        if validator["NAME"].endswith("MinimumLengthValidator")
    )
    assert min_length == 12


def test_lockout_is_ten_failures_for_thirty_minutes_per_username_and_address(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert settings["AXES_FAILURE_LIMIT"] == 10
    assert settings["AXES_COOLOFF_TIME"].total_seconds() == 30 * 60
    assert settings["AXES_LOCKOUT_PARAMETERS"] == ["username", "ip_address"]
    # Axes' reset would clear the address's failures too; accounts.signals clears the account's.
    assert settings["AXES_RESET_ON_SUCCESS"] is False


def test_content_security_policy_allows_only_this_site_and_nonced_scripts(monkeypatch):
    from csp.constants import NONCE, SELF

    settings = load_settings(monkeypatch, **PRODUCTION_ENV)
    directives = settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert directives["default-src"] == [SELF]
    assert directives["script-src"] == [SELF, NONCE]
    assert "'unsafe-inline'" not in str(directives)


def test_database_url_switches_to_postgresql(monkeypatch):
    settings = load_settings(monkeypatch, DATABASE_URL="postgres://sos:secret@db:5432/sos")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db", "sos", "sos")


def test_postgresql_prepares_repeated_statements_unless_told_not_to(monkeypatch):
    url = "postgres://sos:secret@db:5432/sos"

    options = load_settings(monkeypatch, DATABASE_URL=url)["DATABASES"]["default"]["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5}

    options = load_settings(monkeypatch, DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="false")[
        "DATABASES"
    ]["default"]["OPTIONS"]
    assert options == {"server_side_binding": False, "prepare_threshold": None}


def test_each_process_caches_in_its_own_memory_and_keeps_sessions_in_the_database(monkeypatch):
    settings = load_settings(monkeypatch)

    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert "SESSION_ENGINE" not in settings  # Django's default: the database


def test_cache_url_shares_a_redis_cache_which_then_holds_sessions_too(monkeypatch):
    settings = load_settings(monkeypatch, CACHE_URL="redis://cache:6379/2")

    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "sos_site.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache:6379/2"
    # Read from the cache, written through to the database: a sign-out ends the session in
    # every process at once, as the cache is theirs to share.
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_a_cache_url_that_is_not_redis_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start with redis://"):
        load_settings(monkeypatch, CACHE_URL="memcached://cache:11211")


def test_sqlite_is_the_default_under_the_ignored_var_folder(monkeypatch):
    settings = load_settings(monkeypatch)

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == SETTINGS_FILE.parents[1] / "var" / "db.sqlite3"
    gitignore = (SETTINGS_FILE.parents[1] / ".gitignore").read_text().split()
    assert "/var/" in gitignore


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY must be set"),
        (
            {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "short"},
            "DJANGO_SECRET_KEY must be at least 50 characters",
        ),
        (
            {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""},
            "DJANGO_ALLOWED_HOSTS must be set",
        ),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false, not 'maybe'"),
        ({"DATABASE_URL": "mysql://db/sos"}, "DATABASE_URL must start with"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "soon"}, "DATABASE_CONN_MAX_AGE must be a whole number"),
        ({"DATABASE_APP_ROLE": "sos_app"}, "DATABASE_APP_ROLE needs PostgreSQL"),
        ({"DJANGO_ADMIN_PATH": "admin"}, "DJANGO_ADMIN_PATH must be set to a path other"),
        ({"DJANGO_LOG_LEVEL": "LOUD"}, "DJANGO_LOG_LEVEL must be a logging level"),
    ],
)
def test_a_bad_or_missing_value_stops_with_a_clear_error(monkeypatch, environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, **environ)


@pytest.mark.parametrize(
    ("argv", "kept_for"), [(["manage.py", "runserver"], 0), (["gunicorn"], 60)]
)
def test_connections_are_not_kept_open_under_runserver(monkeypatch, argv, kept_for):
    monkeypatch.setattr(sys, "argv", argv)

    settings = load_settings(monkeypatch, DATABASE_URL="postgres://sos@127.0.0.1:5432/sos")

    assert settings["DATABASES"]["default"]["CONN_MAX_AGE"] == kept_for
