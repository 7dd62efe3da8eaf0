"""A referral from school becomes a child protection case with a family and a safety network.

Sam records the referral; Morgan opens a case for two children with their mother and
grandmother; Sam adds the grandmother to the safety network; Pat sees the case only once Morgan
grants access; Alex, in another team, never sees it. axe checks every page on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import AccessLogEntry, Case, SafetyNetworkMember
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, field, day, month, year):
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def sign_out(page):
    page.get_by_role("button", name=re.compile("Sign out")).click()


def test_from_referral_to_a_case_with_a_safety_network(
    page, live_server, sign_in, check_accessibility, sam, morgan, alex, pat
):
    # 1. Sam records a referral from the school.
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name="Record a referral").first.click()
    check_accessibility()
    page.get_by_label("Referrer's name").fill("Ms Ruth Adeyemi")
    page.get_by_label("Referrer's agency").fill("Riverside Primary School")
    page.get_by_label("How to contact the referrer").fill("01632 960 123")
    page.get_by_label("The family know about this referral and agree to it").check()
    page.get_by_label("Child's first name").fill("Leo")
    page.get_by_label("Child's last name").fill("Reid")
    fill_date(page, "child_date_of_birth", 27, 1, 2022)
    page.get_by_label("What are you worried about?").fill(
        "Leo told his teacher that his dad threw a plate at his mum on Sunday night."
    )
    page.get_by_label("What is working well?").fill("His mum brings him to school every day.")
    page.get_by_label("What needs to happen?").fill("Someone to talk with his mum about safety.")
    page.get_by_label("The referrer's scaling score").fill("3")
    page.get_by_role("button", name="Save the referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral about Leo Reid"
    )
    check_accessibility()
    sign_out(page)
    check_accessibility()

    # 2. Morgan triages it into a child protection case, then adds Ava, Chloe and Sandra.
    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name="1 referral waiting for a decision").click()
    check_accessibility()
    page.get_by_role("link", name="Leo Reid").click()
    check_accessibility()
    page.get_by_label("Who made the referral").select_option(label="School")
    page.get_by_label("Open a new case").check()
    page.get_by_label("Kind of work, for a new case").select_option("child_protection")
    page.get_by_label("The main need").select_option(label="Abuse or neglect")
    page.get_by_label("Allocated worker, for a new case").select_option(label="Sam Okafor")
    page.get_by_label("Reason for the decision").fill("Leo saw violence at home: we need to act.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leo Reid")
    check_accessibility()
    case = Case.objects.get()

    page.get_by_role("link", name="Add a child").click()
    check_accessibility()
    page.get_by_label("First name").fill("Ava")
    page.get_by_label("Last name").fill("Reid")
    fill_date(page, "date_of_birth", 9, 12, 2025)
    page.get_by_label("Why there is no unique pupil number").select_option("UN1")
    page.get_by_role("button", name="Save").click()
    check_accessibility()
    for first, born, relationship in [
        ("Chloe", (30, 4, 1998), "Mother"),
        ("Sandra", (12, 8, 1969), "Grandparent"),
    ]:
        page.get_by_role("link", name="Add a family member").click()
        check_accessibility()
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill("Reid")
        fill_date(page, "date_of_birth", *born)
        page.get_by_label("Female").check()
        page.get_by_label(relationship, exact=True).check()
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{first} Reid is added")
        check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ava Reid and Leo Reid")
    sign_out(page)
    check_accessibility()

    # 3. Sam adds the grandmother to the safety network.
    sign_in("sam", TEST_PASSWORD)
    page.get_by_role("table", name="Open cases allocated to you").get_by_role(
        "link", name=case.reference
    ).click()
    check_accessibility()
    page.get_by_role("link", name="Add someone to the safety network").click()
    check_accessibility()
    page.get_by_label("Someone already recorded on this case").select_option(label="Sandra Reid")
    page.get_by_label("Who they are to the children").fill("Grandmother")
    page.get_by_label("What they have agreed to do").fill(
        "Visits every evening at bath time, and has the children to stay if Daniel comes round."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sandra Reid is in the network"
    )
    check_accessibility()
    assert SafetyNetworkMember.objects.get().person.full_name == "Sandra Reid"
    sign_out(page)
    check_accessibility()

    # 4. Pat cannot see the case until Morgan grants access.
    case_url = f"{live_server.url}/cases/{case.pk}/"
    sign_in("pat", TEST_PASSWORD)
    expect(page.get_by_text("You have not been invited to any cases yet.")).to_be_visible()
    check_accessibility()
    page.goto(case_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility()
    sign_out(page)
    check_accessibility()

    sign_in("morgan", TEST_PASSWORD)
    page.goto(case_url)
    check_accessibility()
    page.get_by_role("link", name="Partner access").click()
    check_accessibility()
    page.get_by_label("Partner").select_option(label="Pat Lindqvist, Riverside Primary School")
    page.get_by_role("button", name="Give access").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Pat Lindqvist can now see")
    check_accessibility()
    sign_out(page)
    check_accessibility()

    sign_in("pat", TEST_PASSWORD)
    expect(page.get_by_role("cell", name=case.reference)).to_be_visible()
    check_accessibility()
    sign_out(page)
    check_accessibility()

    # 5. Alex, in the South team, gets a 404 and leaves a denied entry in the access log.
    sign_in("alex", TEST_PASSWORD)
    check_accessibility()
    page.goto(case_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility()
    assert AccessLogEntry.objects.filter(case=case, user_id=alex.pk, allowed=False).exists()
