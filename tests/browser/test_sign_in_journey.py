import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts import setup_codes
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sam_signs_in_and_lands_on_his_caseload(page, sign_in, check_accessibility, sam):
    sign_in("sam", TEST_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("My caseload")
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Signed in as Sam Okafor")
    check_accessibility()

    page.get_by_role("button", name=re.compile("Sign out")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_accessibility()


def test_a_wrong_password_keeps_the_username_and_explains(page, sign_in, check_accessibility, sam):
    sign_in("sam", "not-the-right-password")

    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page.get_by_label("Username")).to_have_value("sam")
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    check_accessibility()


def test_ten_wrong_passwords_lock_the_account(page, sign_in, check_accessibility, sam):
    for attempt in range(1, 10):
        sign_in("sam", f"wrong-password-{attempt}")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        check_accessibility()

    sign_in("sam", "wrong-password-10")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This account is locked for 30 minutes"
    )
    check_accessibility()

    # Even the right password is refused until the lock expires.
    sign_in("sam", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This account is locked for 30 minutes"
    )
    check_accessibility()


def test_the_not_found_page_is_accessible(page, live_server, sign_in, check_accessibility, sam):
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()

    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility()


def test_a_first_sign_in_sets_up_the_authenticator_app(page, sign_in, check_accessibility, sam):
    code, _ = setup_codes.issue(sam)
    sign_in("sam", TEST_PASSWORD, has_app=False)

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your set-up code")
    page.get_by_label("Set-up code").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That set-up code is not right")
    check_accessibility()
    page.get_by_label("Set-up code").fill(code.lower())
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()
    check_accessibility()
    key = page.locator("#authenticator-key").inner_text().replace(" ", "")

    # What the phone shows once the key is typed into it.
    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code as 6 digits")
    check_accessibility()
    page.get_by_label("Code from your authenticator app").fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="Confirm and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.get_by_role("list", name="Backup codes").get_by_role("listitem")).to_have_count(10)
    check_accessibility()
    page.get_by_role("link", name=re.compile("continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    check_accessibility()
