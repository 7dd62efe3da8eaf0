import os

import pytest

from tests.factories import ManagerFactory, PartnerFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's Chromium, with everything that would reach for the network switched off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; the suite checks the production hasher in test_settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def north():
    return TeamFactory(name="North")


@pytest.fixture
def south():
    return TeamFactory(name="South")


@pytest.fixture
def sam(north):
    return UserFactory(username="sam", first_name="Sam", last_name="Okafor", team=north)


@pytest.fixture
def morgan(north):
    return ManagerFactory(username="morgan", first_name="Morgan", last_name="Hughes", team=north)


@pytest.fixture
def alex(south):
    return UserFactory(username="alex", first_name="Alex", last_name="Brennan", team=south)


@pytest.fixture
def pat():
    return PartnerFactory(username="pat", first_name="Pat", last_name="Lindqvist")
