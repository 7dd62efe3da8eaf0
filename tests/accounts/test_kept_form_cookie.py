"""The cookie that lets a timed-out form be handed back names whose browser it is: signing out
removes it, so nothing posted afterwards is shown to anyone as what they typed."""

import pytest
from django.urls import reverse

from accounts.middleware import UNSENT_FORM
from tests.accounts.test_timeout import NETWORK_MEMBER, sign_in_again

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_out(client, sam, reid_case):
    """Sam worked on the case on this browser, then signed out."""
    client.force_login(sam)
    url = reverse("network_add", kwargs={"pk": reid_case.pk})
    client.get(url)
    assert client.cookies["sos_last_user"].value
    response = client.post(reverse("logout"))
    return url, response


def test_signing_out_removes_the_cookie(client, signed_out):
    _, response = signed_out

    assert response.cookies["sos_last_user"].value == ""
    assert response.cookies["sos_last_user"]["max-age"] == 0


@pytest.mark.parametrize("next_person", ["sam", "jo"])
def test_text_posted_after_signing_out_is_not_shown_to_whoever_signs_in_next(
    client, signed_out, next_person, request
):
    url, _ = signed_out
    planted = client.post(url, {**NETWORK_MEMBER, "agreed_to_do": "Call 01632 960 999 now."})

    assert planted.status_code == 302
    assert UNSENT_FORM not in client.session
    sign_in_again(client, request.getfixturevalue(next_person), then=url)
    response = client.get(url)
    assert response.wsgi_request.restored_form is None
    assert "01632 960 999" not in response.content.decode()


def test_over_https_the_cookie_has_the_host_prefix(client, settings, sam):
    settings.SESSION_COOKIE_SECURE = True
    client.force_login(sam)

    response = client.get(reverse("home"), secure=True)

    cookie = response.cookies["__Host-sos_last_user"]
    assert (cookie["secure"], cookie["path"], cookie["domain"]) == (True, "/", "")
    assert "sos_last_user" not in response.cookies
