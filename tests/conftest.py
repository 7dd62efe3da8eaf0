import datetime
import os

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from cases.models import FamilyMember, PartnerAccessGrant, Referral, SafetyNetworkMember
from tests.factories import (
    CaseFactory,
    DataOfficerFactory,
    FamilyMemberFactory,
    ManagerFactory,
    PartnerFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
    authenticator_for,
)

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
def _force_login_completes_both_factors(monkeypatch):
    """`client.force_login(user)` signs in as far as a real person does: password and code.

    The user gets a confirmed authenticator, and the session records it, as the security code
    step would. `force_login(user, second_factor=False)` stops after the password, as someone
    who has not yet entered their code.
    """
    password_only = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        password_only(self, user, backend)
        if second_factor:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "pdfs", "returns"],
    }
}
DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "pdfs", "returns"],
    }
}


@pytest.fixture(autouse=True)
def _pdfs_render_inline(settings):
    # As on the laptop demo; tests/assessments/test_background_pdfs.py runs the real queue.
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test starts as a server does after a restart: nothing cached (the case page).
    cache.clear()


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


@pytest.fixture(scope="session")
def _connections_closed_before_playwright():
    connections.close_all()


@pytest.fixture(scope="session")
def playwright(_connections_closed_before_playwright, playwright):
    """pytest-playwright's, with the test thread's database connections closed on the way in
    and on the way out.

    Playwright's sync API keeps an asyncio loop running in the test thread. While it runs,
    Django keeps that thread's connections in another store (asgiref's Local), so a connection
    opened on one side of it would be left open on the other, and the test database could not
    be dropped at the end of the run.
    """
    yield playwright
    connections.close_all()


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


@pytest.fixture
def jo(north):
    """Another social worker in Sam's team: can read Sam's cases, not change them."""
    return UserFactory(username="jo", first_name="Jo", last_name="Marsh", team=north)


@pytest.fixture
def devi():
    """A data and performance officer: the statutory returns, and no case's notes."""
    return DataOfficerFactory(username="devi", first_name="Devi", last_name="Patel")


@pytest.fixture
def kim():
    """A partner with no grant on anything."""
    return PartnerFactory(username="kim", first_name="Kim", agency="Hillside Health Visitors")


@pytest.fixture
def reid_case(sam, north):
    leo = PersonFactory(
        first_name="Leo", last_name="Reid", date_of_birth=datetime.date(2022, 1, 27)
    )
    return CaseFactory(allocated_worker=sam, team=north, children=[leo])


@pytest.fixture
def chloe(reid_case):
    return FamilyMemberFactory(
        case=reid_case,
        person=PersonFactory(first_name="Chloe", last_name="Reid"),
        relationship=FamilyMember.Relationship.MOTHER,
    )


@pytest.fixture
def network_member(reid_case, chloe):
    return SafetyNetworkMember.objects.create(
        case=reid_case,
        person=PersonFactory(first_name="Sandra", last_name="Reid"),
        relationship="Grandmother",
        agreed_to_do="Visits every evening at bath time.",
        joined_on=datetime.date(2026, 10, 6),
    )


@pytest.fixture
def pat_grant(reid_case, pat, morgan):
    return PartnerAccessGrant.objects.create(
        case=reid_case,
        partner=pat,
        granted_by=morgan,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2099, 1, 1),
    )


@pytest.fixture
def north_referral(sam, north):
    return ReferralFactory(team=north, recorded_by=sam)


@pytest.fixture
def pending_referral(north_referral):
    assert north_referral.status == Referral.Status.NEW
    return north_referral


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Rendered PDFs are files; each test gets its own empty folder for them.
    settings.MEDIA_ROOT = tmp_path / "media"
