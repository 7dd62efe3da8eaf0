"""Session rules: 10 hours at most, deactivation and password changes end sessions, and long
passphrases are welcome."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from sos_site.middleware import SIGNED_IN_AT
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_session_ends_after_ten_hours_however_active(client, sam, settings):
    client.force_login(sam)
    assert client.get(reverse("home")).status_code == 200

    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session


def test_deactivating_a_user_ends_their_live_session_at_once(client, sam):
    client.force_login(sam)
    assert client.get(reverse("home")).status_code == 200

    sam.is_active = False
    sam.save()

    assert client.get(reverse("home")).status_code == 302


def test_a_password_change_ends_the_users_other_sessions(client, sam):
    client.force_login(sam)
    assert client.get(reverse("home")).status_code == 200

    sam.set_password("a-brand-new-passphrase-for-sam")
    sam.save()

    assert client.get(reverse("home")).status_code == 302


def test_the_session_key_changes_at_sign_in(client, sam):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("login"), {"username": "sam", "password": TEST_PASSWORD})

    assert client.session.session_key != before


def test_a_64_character_passphrase_is_accepted_and_short_or_common_ones_are_not(sam):
    passphrase = "correct horse battery staple, and a cup of tea before each visit"
    assert len(passphrase) == 64
    validate_password(passphrase, user=sam)
    for weak, reason in [("short-pass", "at least 12"), ("password12345", "too common")]:
        with pytest.raises(ValidationError, match=reason):
            validate_password(weak, user=sam)


def session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_pages_move_the_idle_timeout_on_at_most_once_a_minute(client, sam):
    from sos_site.middleware import REFRESHED_AT

    client.force_login(sam)
    client.get(reverse("home"))
    first = session_row(client).expire_date

    client.get(reverse("home"))
    assert session_row(client).expire_date == first  # no write within the minute

    session = client.session
    session[REFRESHED_AT] = int(time.time()) - 61
    session.save()
    saved = session_row(client).expire_date
    client.get(reverse("home"))
    assert session_row(client).expire_date > saved
