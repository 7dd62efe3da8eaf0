"""A first sign-in needs a one-time set-up code from an administrator, not only the password:
otherwise whoever learns a new account's password first adds their own phone to it."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import setup_codes
from accounts.models import SetupCode
from tests.factories import TEST_PASSWORD, authenticator_for, code_from

pytestmark = pytest.mark.django_db

SETUP_CODE = reverse("setup_code")
APP_SETUP = reverse("authenticator_setup")


def sign_in_with_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def errors(response):
    return response.context["form"].errors["code"]


def test_a_password_alone_cannot_add_an_app(client, sam):
    sign_in_with_password(client, sam)

    page = client.get(SETUP_CODE)
    refused = client.post(SETUP_CODE, {"code": "ABCD-EFGH-JKMN"})

    assert page.status_code == 200
    assert "Enter your set-up code" in page.content.decode()
    assert errors(refused) == [
        "You need a new set-up code. Ask your administrator for one, then enter it here."
    ]
    assert client.get(APP_SETUP)["Location"].startswith(SETUP_CODE)
    assert not TOTPDevice.objects.filter(user=sam).exists()


def test_the_right_code_opens_the_app_step_and_is_spent_when_the_app_is_confirmed(client, sam):
    code, _ = setup_codes.issue(sam)
    sign_in_with_password(client, sam)

    # Typed as people type it: lower case, spaces for the dashes.
    response = client.post(SETUP_CODE, {"code": code.lower().replace("-", " ")})
    assert response["Location"].startswith(APP_SETUP)
    assert client.get(APP_SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=sam)
    response = client.post(APP_SETUP, {"code": code_from(device)})

    assert response["Location"].startswith(reverse("backup_codes"))
    assert not SetupCode.objects.filter(user=sam).exists()
    spent = SetupCode.history.filter(user_id=sam.pk).order_by("history_id").last()
    assert (spent.history_type, spent.history_user) == ("-", sam)


def test_a_spent_code_cannot_add_a_second_app(client, sam):
    code, _ = setup_codes.issue(sam)
    sign_in_with_password(client, sam)
    client.post(SETUP_CODE, {"code": code})
    client.get(APP_SETUP)
    client.post(APP_SETUP, {"code": code_from(TOTPDevice.objects.get(user=sam))})
    assert TOTPDevice.objects.get(user=sam).confirmed
    TOTPDevice.objects.filter(user=sam).delete()  # the phone is lost
    client.logout()
    sign_in_with_password(client, sam)

    response = client.post(SETUP_CODE, {"code": code})

    assert response.status_code == 200
    assert "You need a new set-up code" in errors(response)[0]


def test_five_wrong_codes_spend_it_and_each_says_how_many_tries_are_left(client, sam):
    code, _ = setup_codes.issue(sam)
    sign_in_with_password(client, sam)

    first = client.post(SETUP_CODE, {"code": "AAAA-AAAA-AAAA"})
    for _ in range(3):
        client.post(SETUP_CODE, {"code": "AAAA-AAAA-AAAA"})
    fifth = client.post(SETUP_CODE, {"code": "AAAA-AAAA-AAAA"})
    right_too_late = client.post(SETUP_CODE, {"code": code})

    assert errors(first) == [
        "That set-up code is not right. Check it against the one your administrator gave you. "
        "You can try 4 more times."
    ]
    assert "tried too many times" in errors(fifth)[0]
    assert "You need a new set-up code" in errors(right_too_late)[0]
    assert client.get(APP_SETUP)["Location"].startswith(SETUP_CODE)
    tries = SetupCode.history.filter(user_id=sam.pk, history_type="~")
    assert tries.count() == 5
    assert {entry.history_user for entry in tries} == {sam}


def test_an_expired_code_is_refused_with_what_to_do(client, sam):
    code, _ = setup_codes.issue(sam)
    SetupCode.objects.filter(user=sam).update(expires_at=timezone.now() - timedelta(seconds=1))
    sign_in_with_password(client, sam)

    response = client.post(SETUP_CODE, {"code": code})

    assert errors(response) == [
        "Your set-up code has expired. Ask your administrator for a new one, then enter it here."
    ]


def test_a_code_that_expires_during_set_up_adds_no_app(client, sam):
    code, _ = setup_codes.issue(sam)
    sign_in_with_password(client, sam)
    client.post(SETUP_CODE, {"code": code})
    client.get(APP_SETUP)
    SetupCode.objects.filter(user=sam).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(APP_SETUP, {"code": code_from(TOTPDevice.objects.get(user=sam))})

    assert response["Location"].startswith(SETUP_CODE)
    assert not TOTPDevice.objects.filter(user=sam, confirmed=True).exists()


def test_one_persons_code_does_not_open_anothers_account(client, sam, alex):
    code, _ = setup_codes.issue(alex)
    setup_codes.issue(sam)
    sign_in_with_password(client, sam)

    response = client.post(SETUP_CODE, {"code": code})

    assert "not right" in errors(response)[0]


def test_a_new_code_replaces_the_old_one(sam):
    old, _ = setup_codes.issue(sam)
    new, expires_at = setup_codes.issue(sam)

    assert SetupCode.objects.filter(user=sam).count() == 1
    with pytest.raises(setup_codes.SetupCodeRefused):
        setup_codes.check(sam, old)
    assert setup_codes.check(sam, new).expires_at == expires_at
    assert timedelta(days=6, hours=23) < expires_at - timezone.now() <= timedelta(days=7)


def test_only_a_hash_is_kept(sam):
    code, _ = setup_codes.issue(sam)

    stored = SetupCode.objects.get(user=sam).code_hash
    assert setup_codes.normalise(code) not in stored
    assert check_password(setup_codes.normalise(code), stored)


def test_the_command_prints_the_code_once_and_refuses_someone_with_an_app(sam, alex, capsys):
    call_command("setup_code", "sam")
    printed = capsys.readouterr().out

    code = printed.split("Set-up code for sam: ")[1].split()[0]
    assert setup_codes.check(sam, code)
    assert "It works once, until" in printed
    authenticator_for(alex)
    with pytest.raises(CommandError, match="already has an authenticator app"):
        call_command("setup_code", "alex")
    with pytest.raises(CommandError, match="no active account"):
        call_command("setup_code", "nobody")


def test_an_administrator_makes_a_code_in_the_admin_site(client, admin_user, sam):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:cases_user_changelist"),
        {"action": "make_setup_code", "_selected_action": [sam.pk]},
    )

    assert response.status_code == 200
    code = response.context["code"]
    assert f'<code id="setup-code">{code}</code>' in response.content.decode()
    assert setup_codes.check(sam, code)
    issued = SetupCode.history.get(user_id=sam.pk, history_type="+")
    assert issued.history_user == admin_user
    assert issued.issued_by == admin_user
