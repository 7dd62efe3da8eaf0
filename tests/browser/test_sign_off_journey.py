"""Sam writes, Morgan adds to it, Sam submits. Morgan may send it back but not sign it off, as
her words are in it; Casey, the team's second manager, signs it off, and the queue empties.
axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests.factories import TEST_PASSWORD, ManagerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_who_contributed_sends_back_and_a_second_manager_signs_off(
    page, live_server, sign_in, check_accessibility, sam, morgan, reid_case
):
    ManagerFactory(username="casey", first_name="Casey", last_name="Adebayo", team=reid_case.team)

    def add_strength(text):
        page.get_by_role("link", name="Add: existing strength").click()
        check_accessibility()
        page.get_by_label("Existing strength", exact=True).fill(text)
        page.get_by_label("Who said so").fill("Nursery")
        page.locator("#id_noted_on_0").fill("2")
        page.locator("#id_noted_on_1").fill("11")
        page.locator("#id_noted_on_2").fill("2026")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
        check_accessibility()

    def sign_out():
        page.get_by_role("button", name=re.compile("Sign out")).click()

    def submit_with_factors():
        """A child protection assessment asks the factors it found before it goes."""
        page.get_by_role("button", name="Submit for sign-off").click()
        check_accessibility()
        if not page.get_by_label("Domestic abuse: a parent or carer").is_checked():
            page.get_by_label("Domestic abuse: a parent or carer").check()
        page.get_by_role("button", name="Submit for sign-off").click()

    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("button", name="Start the assessment").click()
    check_accessibility()
    add_strength("Chloe gets both children to nursery on time.")
    sign_out()

    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("link", name=re.compile("Continue the draft")).click()
    check_accessibility()
    add_strength("Sandra has Leo every Saturday.")
    sign_out()

    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("link", name=re.compile("Continue the draft")).click()
    check_accessibility()
    submit_with_factors()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Casey Adebayo can sign it off."
    )
    check_accessibility()
    sign_out()

    # Morgan's queue shows it; she can send it back, never sign it off.
    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    queue = page.locator("#waiting-for-your-decision + ul")
    expect(queue).to_contain_text("You wrote part of it")
    queue.get_by_role("link", name=re.compile("Sign off: Assessment 1")).click()
    check_accessibility()
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    page.get_by_role("link", name="Send back for changes").click()
    check_accessibility()
    page.get_by_label("What needs to change?").fill("Add what Leo said about Saturdays.")
    page.get_by_role("button", name="Send it back").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("back with its author")
    check_accessibility()
    sign_out()

    # Sam reads why on his home page, and submits again.
    sign_in("sam", TEST_PASSWORD)
    expect(page.get_by_text("Add what Leo said about Saturdays.")).to_be_visible()
    check_accessibility()
    page.get_by_role("link", name=re.compile(f"Assessment 1, {reid_case.reference}")).click()
    check_accessibility()
    submit_with_factors()
    check_accessibility()
    sign_out()

    # Casey wrote none of it: she signs it off, and her queue is empty.
    sign_in("casey", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=re.compile("Sign off: Assessment 1")).click()
    check_accessibility()
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed off and locked")
    check_accessibility()
    page.goto(live_server.url + "/")
    expect(page.get_by_text("Nothing is waiting for your decision.")).to_be_visible()
    check_accessibility()
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.decided_by.username) == ("signed_off", "casey")
