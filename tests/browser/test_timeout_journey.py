"""A timeout never costs a social worker what they typed.

Sam is warned five minutes before the idle timeout and stays signed in. Later he is signed out
while a form is open; he saves, signs in again, and finds what he typed back in the form.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import SafetyNetworkMember
from tests.factories import TEST_PASSWORD, authenticator_for, code_from

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_expiry(page):
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=key).expire_date


def test_sam_is_warned_before_the_timeout_and_stays_signed_in(
    page, sign_in, check_accessibility, sam
):
    # The browser's clock is under the test's control; the server's is real.
    page.clock.install()
    sign_in("sam", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    check_accessibility()
    before = session_expiry(page)

    page.clock.fast_forward("25:01")
    warning = page.get_by_role("dialog", name="You are about to be signed out")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(re.compile(r"signed out in 4 minutes \d+ seconds"))
    check_accessibility()

    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    assert session_expiry(page) > before

    # Left alone for the whole timeout, the page says so and keeps what is on it.
    page.clock.fast_forward("30:01")
    ended = page.get_by_role("dialog", name="You have been signed out")
    expect(ended).to_be_visible()
    expect(ended.get_by_role("button", name="Close this message")).to_be_focused()
    check_accessibility()
    ended.get_by_role("button", name="Close this message").click()
    expect(ended).to_be_hidden()


def test_a_form_saved_after_the_timeout_comes_back_after_signing_in(
    page, live_server, sign_in, check_accessibility, sam, reid_case
):
    sign_in("sam", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    check_accessibility()
    page.goto(live_server.url + reverse("network_add", kwargs={"pk": reid_case.pk}))
    check_accessibility()
    page.get_by_label("First name").fill("Marcus")
    page.get_by_label("Last name").fill("Reid")
    page.get_by_label("Who they are to the children").fill("Uncle")
    page.get_by_label("What they have agreed to do").fill(
        "Takes Leo to football on Saturdays and rings Sam if he is worried."
    )

    # Sam goes to a meeting; the server forgets his session.
    Session.objects.all().delete()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sign in again and you will go back to your form with what you typed"
    )
    check_accessibility()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    check_accessibility()
    page.get_by_label("Security code").fill(code_from(authenticator_for(sam)))
    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We kept what you typed before you were signed out"
    )
    expect(page.get_by_label("First name")).to_have_value("Marcus")
    expect(page.get_by_label("Who they are to the children")).to_have_value("Uncle")
    expect(page.get_by_label("What they have agreed to do")).to_have_value(
        "Takes Leo to football on Saturdays and rings Sam if he is worried."
    )
    check_accessibility()
    assert not SafetyNetworkMember.objects.filter(person__first_name="Marcus").exists()

    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Marcus Reid is in the network"
    )
    check_accessibility()
    assert SafetyNetworkMember.objects.get(person__first_name="Marcus").relationship == "Uncle"
