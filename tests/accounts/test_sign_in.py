import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_right_password_leads_to_the_security_code_step(client, sam):
    response = sign_in(client, "sam", TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('second_factor')}?next=%2F"
    assert client.session[SESSION_KEY] == str(sam.pk)
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_signing_in_starts_a_new_session_key(client, sam):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key

    sign_in(client, "sam", TEST_PASSWORD)

    assert client.session.session_key != before


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_username(client, sam):
    response = sign_in(client, "sam", "not-the-password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert 'value="sam"' in html
    assert SESSION_KEY not in client.session


def test_home_asks_signed_out_visitors_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_signing_out_needs_a_post(client, sam):
    client.force_login(sam)

    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_tenth_wrong_password_locks_the_account(client, sam):
    for attempt in range(9):
        assert sign_in(client, "sam", f"wrong-{attempt}").status_code == 200

    response = sign_in(client, "sam", "wrong-9")

    assert response.status_code == 429
    assert "This account is locked for 30 minutes" in response.content.decode()
    # The right password does not get past the lock.
    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 429
    assert SESSION_KEY not in client.session


def test_an_unknown_username_is_locked_out_the_same_way(client):
    for attempt in range(10):
        response = sign_in(client, "nobody-by-this-name", f"wrong-{attempt}")

    assert response.status_code == 429
    assert "This account is locked for 30 minutes" in response.content.decode()


def test_a_successful_sign_in_resets_the_count(client, sam):
    for attempt in range(9):
        sign_in(client, "sam", f"wrong-{attempt}")
    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    for attempt in range(9):
        sign_in(client, "sam", f"again-wrong-{attempt}")

    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 302


def test_signing_in_to_another_account_does_not_reset_the_count(client, sam, jo):
    """Jo cannot spend nine guesses on Sam's password, sign in as herself, and start again."""
    for attempt in range(9):
        assert sign_in(client, "sam", f"wrong-{attempt}").status_code == 200
    assert sign_in(client, "jo", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    response = sign_in(client, "sam", "wrong-9")

    assert response.status_code == 429
    assert "This account is locked for 30 minutes" in response.content.decode()
    # Sam's own password does not get past the lock either, from here or anywhere else.
    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 429
    assert sign_in(client, "sam", TEST_PASSWORD, address="192.0.2.7").status_code == 429
    assert SESSION_KEY not in client.session


def test_the_username_count_holds_across_addresses_and_other_sign_ins(client, sam, jo):
    for round_ in range(3):
        for attempt in range(3):
            address = f"192.0.2.{round_ * 3 + attempt + 1}"
            assert sign_in(client, "sam", f"wrong-{round_}-{attempt}", address).status_code == 200
        assert sign_in(client, "jo", TEST_PASSWORD, f"192.0.2.{round_ + 100}").status_code == 302
        client.post(reverse("logout"))

    assert sign_in(client, "sam", "wrong-9", "192.0.2.50").status_code == 429


def test_a_right_password_clears_only_that_accounts_failures(client, sam, jo):
    for attempt in range(4):
        sign_in(client, "jo", f"wrong-{attempt}")
    for attempt in range(3):
        sign_in(client, "sam", f"wrong-{attempt}", address="192.0.2.7")

    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 302

    assert not AccessAttempt.objects.filter(username="sam").exists()
    assert AccessAttempt.objects.get(username="jo").failures_since_start == 4


def test_an_address_is_locked_after_ten_wrong_passwords_across_usernames(client, sam):
    for attempt in range(10):
        response = sign_in(client, f"guess-{attempt}", "password123")

    assert response.status_code == 429
    # A right password from the same address waits too; from elsewhere it is let in.
    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 429
    assert sign_in(client, "sam", TEST_PASSWORD, address="192.0.2.7").status_code == 302


def test_failed_attempts_are_recorded_for_review(client, sam):
    sign_in(client, "sam", "wrong")

    attempt = AccessAttempt.objects.get(username="sam")
    assert attempt.failures_since_start == 1
    assert "wrong" not in str(attempt.post_data)
