"""A password alone opens nothing: every account also gives a code from an authenticator app."""

import re

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import setup_codes
from sos_site.checks import second_factor_required
from tests.factories import TEST_PASSWORD, authenticator_for, code_from
from tests.sos_site.test_settings import PRODUCTION_ENV, load_settings
from tests.test_access_matrix import project_url_names

pytestmark = pytest.mark.django_db

CODE_STEP = reverse("second_factor")


def sign_in_with_password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def enter_setup_code(client, user):
    code, _ = setup_codes.issue(user)
    response = client.post(reverse("setup_code"), {"code": code})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("authenticator_setup"))


def concrete_paths():
    """A real path for every URL pattern in the project, ids filled in, and the admin site's."""
    for name, route in project_url_names():
        yield name, re.sub(r"<(?:int:)?[^>]+>", "1", route).replace("<str:part>", "strengths")
    yield "admin:index", reverse("admin:index")
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield "admin", reverse("admin:{}_{}_changelist".format(*info))
        yield "admin", reverse("admin:{}_{}_add".format(*info))


OPEN_BEFORE_CODE = {
    "login",
    "logout",
    "second_factor",
    "setup_code",
    "authenticator_setup",
    "healthz",
}


@pytest.mark.parametrize("method", ["get", "post"])
def test_until_the_code_is_given_every_url_leads_to_the_code_step(client, sam, method):
    authenticator_for(sam)
    sign_in_with_password(client, sam)
    walked = 0

    for name, path in concrete_paths():
        if name in OPEN_BEFORE_CODE:
            continue
        response = getattr(client, method)("/" + path.lstrip("/"))
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{CODE_STEP}?next="), path
        walked += 1

    assert walked > 60


def test_the_right_code_finishes_signing_in_with_a_new_session_key(client, sam):
    device = authenticator_for(sam)
    sign_in_with_password(client, sam)
    before = client.session.session_key

    response = client.post(f"{CODE_STEP}?next=/search/", {"code": code_from(device)})

    assert response.status_code == 302
    assert response["Location"] == "/search/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != before
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_error_and_nothing_opens(client, sam):
    device = authenticator_for(sam)
    sign_in_with_password(client, sam)
    wrong = "000000" if code_from(device) != "000000" else "111111"

    response = client.post(CODE_STEP, {"code": wrong})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "That code is not right, or it has expired" in html
    assert response.context["form"].data["code"] == wrong
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_after_a_wrong_code_even_the_right_one_must_wait(client, sam):
    # django-otp's throttle doubles the wait after each failure; guessing a million codes
    # would take longer than anyone has.
    device = authenticator_for(sam)
    sign_in_with_password(client, sam)
    client.post(CODE_STEP, {"code": "not-a-code"})

    response = client.post(CODE_STEP, {"code": code_from(device)})

    assert response.status_code == 200
    assert "You have entered too many wrong codes" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_backup_code_signs_in_once(client, sam):
    authenticator_for(sam)
    client.force_login(sam)
    client.post(reverse("backup_codes"))
    codes = client.get(reverse("backup_codes")).context["codes"]
    client.post(reverse("logout"))

    sign_in_with_password(client, sam)
    # Typed in capitals with a space, as people copy codes from paper.
    typed = f"{codes[0][:4]} {codes[0][4:]}".upper()
    assert client.post(CODE_STEP, {"code": typed}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))

    sign_in_with_password(client, sam)
    response = client.post(CODE_STEP, {"code": codes[0]})
    assert response.status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_a_new_set_of_backup_codes_replaces_the_old_one(client, sam):
    client.force_login(sam)
    client.post(reverse("backup_codes"))
    first = client.get(reverse("backup_codes")).context["codes"]

    response = client.post(reverse("backup_codes"))
    assert response.status_code == 302
    second = client.get(reverse("backup_codes")).context["codes"]

    assert len(second) == 10
    assert set(first).isdisjoint(second)
    assert set(StaticToken.objects.filter(device__user=sam).values_list("token", flat=True)) == set(
        second
    )
    # Shown once: the next visit only counts them.
    page = client.get(reverse("backup_codes"))
    assert page.context["codes"] is None
    assert "You have 10 unused backup codes" in page.content.decode()


def test_someone_without_an_app_is_asked_for_their_setup_code_first(client, sam):
    sign_in_with_password(client, sam)

    response = client.get(f"{CODE_STEP}?next=/search/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('setup_code')}?next=%2Fsearch%2F"
    # The app's page shows no QR code to a password alone.
    response = client.get(f"{reverse('authenticator_setup')}?next=/search/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('setup_code')}?next=%2Fsearch%2F"
    assert not TOTPDevice.objects.filter(user=sam).exists()


def test_setting_up_the_app_shows_a_qr_code_and_a_key_to_type(client, sam):
    sign_in_with_password(client, sam)
    enter_setup_code(client, sam)

    response = client.get(reverse("authenticator_setup"))

    html = response.content.decode()
    device = TOTPDevice.objects.get(user=sam)
    assert response.status_code == 200
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in html
    assert 'alt="QR code for adding Signs of Safety to an authenticator app"' in html
    assert response.context["secret"].replace(" ", "") in device.config_url
    # The same secret until it is confirmed, so a reload does not break a half-done scan.
    client.get(reverse("authenticator_setup"))
    assert TOTPDevice.objects.get(user=sam).key == device.key


def test_a_wrong_first_code_keeps_the_app_unconfirmed(client, sam):
    sign_in_with_password(client, sam)
    enter_setup_code(client, sam)
    client.get(reverse("authenticator_setup"))

    response = client.post(reverse("authenticator_setup"), {"code": "12345"})

    assert response.status_code == 200
    assert "Enter the code as 6 digits" in response.content.decode()
    assert not TOTPDevice.objects.get(user=sam).confirmed
    assert client.get(reverse("home")).status_code == 302


def test_confirming_the_app_signs_in_and_shows_ten_backup_codes_once(client, sam):
    sign_in_with_password(client, sam)
    enter_setup_code(client, sam)
    client.get(reverse("authenticator_setup"))
    device = TOTPDevice.objects.get(user=sam)

    response = client.post(
        f"{reverse('authenticator_setup')}?next=/search/", {"code": code_from(device)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('backup_codes')}?next=%2Fsearch%2F"
    assert TOTPDevice.objects.get(user=sam).confirmed
    page = client.get(response["Location"])
    codes = page.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in page.content.decode()
    assert 'href="/search/"' in page.content.decode()
    assert client.get("/search/").status_code == 200


def test_a_confirmed_app_cannot_be_replaced_by_whoever_has_the_password(client, sam):
    authenticator_for(sam)
    sign_in_with_password(client, sam)

    response = client.get(reverse("authenticator_setup"))

    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert TOTPDevice.objects.filter(user=sam).count() == 1


def test_a_password_sign_in_never_reuses_an_earlier_code(client, sam):
    client.force_login(sam)
    assert DEVICE_ID_SESSION_KEY in client.session
    client.post(reverse("logout"))

    sign_in_with_password(client, sam)

    assert client.get(reverse("home")).status_code == 302


def test_removing_the_authenticator_ends_the_second_factor_of_open_sessions(client, sam):
    client.force_login(sam)
    assert client.get(reverse("home")).status_code == 200

    TOTPDevice.objects.filter(user=sam).delete()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_unconfirmed_authenticator_named_in_the_session_opens_nothing(client, sam):
    client.force_login(sam)
    TOTPDevice.objects.filter(user=sam).update(confirmed=False)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)


def test_another_users_device_in_the_session_opens_nothing(client, sam, alex):
    client.force_login(sam)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_for(alex).persistent_id
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)


def test_a_signed_in_page_checks_the_second_factor_in_the_user_query(client, sam):
    client.force_login(sam)
    client.get(reverse("backup_codes"))  # the first request after sign-in saves the session

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("backup_codes"))

    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The session, the user with their team and devices, and the page's count of backup codes.
    assert len(statements) == 3
    assert statements[1].startswith('SELECT "cases_user"')
    assert "otp_totp_totpdevice" in statements[1]
    assert response.status_code == 200
    assert response.wsgi_request.user.is_verified()
    assert response.wsgi_request.user.otp_device.name == "Authenticator app"


def test_the_user_is_loaded_once_as_itself_and_not_at_all_without_a_session(client, sam):
    client.force_login(sam)
    client.get(reverse("backup_codes"))  # the first request after sign-in saves the session

    signed_in = client.get(reverse("backup_codes")).wsgi_request.user
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        signed_out = client.get(reverse("login")).wsgi_request.user

    # The user object itself, not a lazy wrapper; and no session or user query without a session.
    assert type(signed_in) is type(sam)
    assert signed_in == sam
    assert signed_in.is_verified()
    assert not signed_out.is_authenticated
    assert [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == []


def test_the_code_step_only_returns_to_pages_on_this_site(client, sam):
    device = authenticator_for(sam)
    sign_in_with_password(client, sam)

    response = client.post(
        f"{CODE_STEP}?next=https://elsewhere.example/", {"code": code_from(device)}
    )

    assert response["Location"] == reverse("home")


def test_partners_give_a_code_too(client, pat):
    response = sign_in_with_password(client, pat)

    assert response["Location"].startswith(CODE_STEP)
    assert client.get(reverse("home")).status_code == 302


def test_the_pending_step_shows_no_menu(client, sam):
    authenticator_for(sam)
    sign_in_with_password(client, sam)

    response = client.get(CODE_STEP)

    assert response.status_code == 200
    assert response.context["navigation"] == []
    assert "Sign out" in response.content.decode()


# The laptop demo -------------------------------------------------------------------------


def test_the_demo_setting_skips_the_code_on_a_laptop(client, sam, settings):
    settings.DEBUG = True
    settings.SOS_DEMO_SKIP_SECOND_FACTOR = True

    response = sign_in_with_password(client, sam)

    assert response["Location"] == reverse("home")
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert "Demo: sign-in does not ask for a security code." in page.content.decode()


def test_the_demo_setting_does_nothing_outside_debug_mode(client, sam, settings):
    settings.DEBUG = False
    settings.SOS_DEMO_SKIP_SECOND_FACTOR = True

    response = sign_in_with_password(client, sam)

    assert response["Location"].startswith(CODE_STEP)
    assert client.get(reverse("home")).status_code == 302


def test_production_mode_refuses_the_demo_setting(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SOS_DEMO_SKIP_SECOND_FACTOR"):
        load_settings(monkeypatch, **PRODUCTION_ENV, SOS_DEMO_SKIP_SECOND_FACTOR="true")
    assert load_settings(monkeypatch, **PRODUCTION_ENV)["SOS_DEMO_SKIP_SECOND_FACTOR"] is False


def test_the_deploy_check_reports_a_skipped_second_factor(settings):
    settings.DEBUG = False
    settings.SOS_DEMO_SKIP_SECOND_FACTOR = True
    assert [error.id for error in second_factor_required(None)] == ["sos.E004"]

    settings.SOS_DEMO_SKIP_SECOND_FACTOR = False
    assert second_factor_required(None) == []
