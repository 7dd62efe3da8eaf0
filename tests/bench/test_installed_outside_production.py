"""The bench app, and with it the benchmark commands, exists only outside production mode."""

import subprocess
import sys

from tests.sos_site.test_settings import (
    PRODUCTION_ENV,
    SETTINGS_FILE,
    load_settings,
    production_environ,
)

BENCH_COMMANDS = ["seed_bench", "bench_load", "bench_pdf"]


def test_production_mode_does_not_install_the_bench_app(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION_ENV)

    assert settings["PRODUCTION"] is True
    assert "bench" not in settings["INSTALLED_APPS"]


def test_debug_mode_installs_the_bench_app_after_the_service_apps(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="true")

    assert settings["PRODUCTION"] is False
    assert settings["INSTALLED_APPS"][-1] == "bench"
    assert settings["INSTALLED_APPS"].count("bench") == 1


def test_the_debug_default_installs_the_bench_app(monkeypatch):
    assert "bench" in load_settings(monkeypatch)["INSTALLED_APPS"]


def manage(*arguments, **environ):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=SETTINGS_FILE.parents[1],
        env={**production_environ(), **environ},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_production_server_neither_lists_nor_runs_the_benchmark_commands():
    listed = manage("help", "--commands", **PRODUCTION_ENV)
    refused = manage("seed_bench", "--cases", "1", **PRODUCTION_ENV)

    assert listed.returncode == 0, listed.stderr
    assert "retention" in listed.stdout.split()
    assert not set(BENCH_COMMANDS) & set(listed.stdout.split())
    assert refused.returncode != 0
    assert "Unknown command: 'seed_bench'" in refused.stderr


def test_a_development_checkout_lists_the_benchmark_commands():
    listed = manage("help", "--commands", DJANGO_DEBUG="true")

    assert listed.returncode == 0, listed.stderr
    assert set(BENCH_COMMANDS) <= set(listed.stdout.split())
