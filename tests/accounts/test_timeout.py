"""No lost work on timeout: a warning with "stay signed in", and a form posted after the
session ended comes back, as typed, once the same person signs in again."""

import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.middleware import UNSENT_FORM
from cases.models import SafetyNetworkMember
from tests.factories import TEST_PASSWORD, authenticator_for, code_from

pytestmark = pytest.mark.django_db


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def end_every_session():
    """What 30 minutes of doing nothing does: the server forgets the session."""
    Session.objects.all().delete()


def sign_in_again(client, user, then):
    """Signs in at the page the timeout sent the person to, which knows where they were."""
    login = f"{reverse('login')}?next={then}"
    response = client.post(login, {"username": user.username, "password": TEST_PASSWORD})
    next_step = response["Location"]
    response = client.post(next_step, {"code": code_from(authenticator_for(user))})
    assert response.status_code == 302
    return response["Location"]


NETWORK_MEMBER = {
    "first_name": "Marcus",
    "last_name": "Reid",
    "relationship": "Uncle",
    "agreed_to_do": "Takes Leo to football on Saturdays\nand rings Sam if he is worried.",
    "joined_on_0": "6",
    "joined_on_1": "10",
    "joined_on_2": "2026",
}


# The warning ----------------------------------------------------------------------------


def test_signed_in_pages_carry_the_timeout_warning(client, sam):
    client.force_login(sam)

    html = client.get(reverse("home")).content.decode()

    assert 'data-session-timeout="1800"' in html
    assert 'data-session-warning="300"' in html
    assert "You are about to be signed out" in html
    assert f'action="{reverse("session_extend")}"' in html


def test_the_sign_in_page_has_no_timeout_warning(client, sam):
    html = client.get(reverse("login")).content.decode()

    assert "data-session-timeout" not in html
    assert "You are about to be signed out" not in html


def test_stay_signed_in_moves_the_idle_timeout_on(client, sam):
    client.force_login(sam)
    client.get(reverse("home"))
    before = session_expiry(client)

    response = client.post(reverse("session_extend"))

    assert response.status_code == 204
    assert session_expiry(client) > before


def test_stay_signed_in_cannot_bring_back_an_ended_session(client, sam):
    client.force_login(sam)
    client.get(reverse("home"))
    end_every_session()

    assert client.post(reverse("session_extend")).status_code == 401
    assert client.get(reverse("home")).status_code == 302


# Keeping what was typed -----------------------------------------------------------------


@pytest.fixture
def timed_out_form(client, sam, reid_case):
    """Sam opened the form, typed, went to a meeting, came back and pressed Save."""
    client.force_login(sam)
    url = reverse("network_add", kwargs={"pk": reid_case.pk})
    assert client.get(url).status_code == 200
    end_every_session()
    response = client.post(url, NETWORK_MEMBER)
    return url, response


def test_a_form_posted_after_the_session_ended_asks_to_sign_in_and_saves_nothing(
    client, timed_out_form
):
    url, response = timed_out_form

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert not SafetyNetworkMember.objects.filter(person__first_name="Marcus").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Sign in again and you will go back to your form with what you typed" in page


def test_after_signing_in_again_the_form_has_what_was_typed(client, sam, timed_out_form):
    url, _ = timed_out_form

    assert sign_in_again(client, sam, then=url) == url
    response = client.get(url)

    html = response.content.decode()
    assert "We kept what you typed before you were signed out" in html
    restored = {field["name"]: field["values"] for field in response.wsgi_request.restored_form}
    for name, value in NETWORK_MEMBER.items():
        assert restored[name] == [value]
    assert "csrfmiddlewaretoken" not in restored
    # The same, as the JSON sos.js fills the form from.
    script = re.search(
        r'<script id="sos-restored-form" type="application/json">(.*?)</script>', html
    )
    assert json.loads(script.group(1)) == response.wsgi_request.restored_form
    # Handed back once: a reload shows the empty form.
    assert "We kept what you typed" not in client.get(url).content.decode()
    # Nothing was saved on Sam's behalf; saving now does it.
    assert not SafetyNetworkMember.objects.filter(person__first_name="Marcus").exists()
    assert client.post(url, NETWORK_MEMBER).status_code == 302
    assert SafetyNetworkMember.objects.filter(person__first_name="Marcus").count() == 1


def test_someone_else_signing_in_on_that_browser_never_sees_it(client, jo, timed_out_form):
    url, _ = timed_out_form

    sign_in_again(client, jo, then=url)
    response = client.get(url)

    assert response.wsgi_request.restored_form is None
    assert "Marcus" not in response.content.decode()
    assert UNSENT_FORM not in client.session


def test_a_post_from_a_browser_nobody_signed_in_on_is_not_kept(client, reid_case):
    url = reverse("network_add", kwargs={"pk": reid_case.pk})

    response = client.post(url, NETWORK_MEMBER)

    assert response.status_code == 302
    assert UNSENT_FORM not in client.session


def test_a_cross_site_post_is_refused_before_anything_is_kept(sam, reid_case):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(sam)
    url = reverse("network_add", kwargs={"pk": reid_case.pk})
    browser.get(url)
    end_every_session()

    response = browser.post(url, NETWORK_MEMBER)

    assert response.status_code == 403
    assert UNSENT_FORM not in browser.session


def test_hostile_text_comes_back_escaped(client, sam, reid_case):
    client.force_login(sam)
    url = reverse("network_add", kwargs={"pk": reid_case.pk})
    client.get(url)
    end_every_session()
    client.post(url, {**NETWORK_MEMBER, "relationship": '"><img src=x onerror=alert(1)>'})

    sign_in_again(client, sam, then=url)
    html = client.get(url).content.decode()

    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
