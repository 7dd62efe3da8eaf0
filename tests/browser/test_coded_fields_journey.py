"""The census's codes, each asked where someone knows it, through the pages.

Morgan decides a school's referral about Tyler: who referred and the main need. Sam records
Tyler's pupil number, ethnicity and disabilities, then submits the assessment with the factors
it found. Morgan reads them as she signs it off, and closes the case with the census's reason.
axe checks every page; the saved rows carry the codes.
"""

import re
import xml.etree.ElementTree as ET  # nosec B405: reads the XML this test just made

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from cases.models import Case, Referral
from returns.checks import check_census
from returns.cin_census import build_census
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name=re.compile("Sign out")).click()


def test_the_census_codes_are_recorded_through_the_pages(
    page, live_server, sign_in, check_accessibility, sam, morgan, pending_referral
):
    # 1. Morgan decides the referral: a new child in need case, from the school.
    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name="1 referral waiting for a decision").click()
    check_accessibility()
    page.get_by_role("link", name="Tyler Booth").click()
    check_accessibility()
    page.get_by_label("Who made the referral").select_option(label="School")
    page.get_by_label("Open a new case").check()
    page.get_by_label("Kind of work, for a new case").select_option("child_in_need")
    page.get_by_label("Allocated worker, for a new case").select_option(label="Sam Okafor")
    page.get_by_label("Reason for the decision").fill("Tyler's mum needs help with breakfasts.")
    # Forgetting the main need says so, and keeps the rest.
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the main need, as the child will have a case"
    )
    expect(page.get_by_label("Reason for the decision")).to_have_value(
        "Tyler's mum needs help with breakfasts."
    )
    check_accessibility()
    page.get_by_label("The main need").select_option(label="Family in acute stress")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tyler Booth")
    expect(page.locator("main")).to_contain_text("Family in acute stress")
    check_accessibility()
    case = Case.objects.get()
    sign_out(page)
    check_accessibility()

    # 2. Sam records what the school told him about Tyler.
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("table", name="Open cases allocated to you").get_by_role(
        "link", name=case.reference
    ).click()
    check_accessibility()
    page.get_by_role("link", name="Edit Tyler Booth").click()
    check_accessibility()
    page.get_by_label("Unique pupil number (UPN)").fill("h801200001001")
    page.get_by_label("Ethnicity").select_option(label="Mixed: White and Black African")
    page.get_by_role("checkbox", name="Communication").check()
    page.get_by_label("No disability").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select ‘No disability’ on its own"
    )
    check_accessibility()
    page.get_by_label("No disability").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details are saved")
    children = page.locator("#children ~ .govuk-summary-card")
    expect(children).to_contain_text("H801200001001")
    expect(children).to_contain_text("Mixed: White and Black African")
    expect(children).to_contain_text("Communication")
    check_accessibility()

    # 3. Sam starts the assessment and submits it with the factors it found.
    page.get_by_role("button", name="Start the assessment").click()
    check_accessibility()
    page.get_by_role("button", name="Submit for sign-off").click()
    check_accessibility()
    page.get_by_label("Mental health: a parent or carer").check()
    page.get_by_label("Young carer").check()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted for sign-off")
    check_accessibility()
    sign_out(page)
    check_accessibility()

    # 4. Morgan reads the factors and signs it off.
    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=re.compile("Sign off: Assessment 1")).click()
    check_accessibility()
    factors = page.locator("#factors + ul")
    expect(factors).to_contain_text("Mental health: a parent or carer")
    expect(factors).to_contain_text("Young carer")
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed off and locked")
    check_accessibility()

    # 5. Morgan closes the case, with the census's reason.
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    check_accessibility()
    page.get_by_role("link", name="Close the case").click()
    check_accessibility()
    page.get_by_label("Closed after assessment: referred to early help").check()
    page.get_by_label("Why is the case closing?").fill("Early help will run breakfast club.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator("main")).to_contain_text(
        "Reason for closing: Closed after assessment: referred to early help"
    )
    check_accessibility()

    # The saved rows carry the codes.
    referral = Referral.objects.get()
    case.refresh_from_db()
    tyler = case.children.get()
    assessment = Assessment.objects.get()
    assert (referral.source, referral.primary_need) == ("2A", "N4")
    assert (case.referral_source, case.primary_need, case.reason_for_closure) == (
        "2A",
        "N4",
        "RC9",
    )
    assert (tyler.upn, tyler.upn_unknown, tyler.ethnicity, tyler.disabilities) == (
        "H801200001001",
        "",
        "MWBA",
        ["COMM"],
    )
    assert (assessment.status, assessment.factors) == ("signed_off", ["4B", "7A"])
    assert tyler.history.first().history_user == sam
    assert case.history.first().history_user == morgan

    # And the census holds them, as recorded, with nothing typed twice.
    export = build_census(2027)
    root = ET.fromstring(export.xml)  # noqa: S314  # nosec B314: the app's own export
    child = next(
        element
        for element in root.iter("Child")
        if element.findtext("ChildIdentifiers/LAchildID") == str(tyler.pk)
    )
    assert child.findtext("ChildIdentifiers/UPN") == "H801200001001"
    assert child.findtext("ChildCharacteristics/Ethnicity") == "MWBA"
    assert [d.text for d in child.iter("Disability")] == ["COMM"]
    episode = child.find("CINdetails")
    assert episode.findtext("CINreferralDate") == f"{referral.received_on:%Y-%m-%d}"
    assert (episode.findtext("ReferralSource"), episode.findtext("PrimaryNeedCode")) == (
        "2A",
        "N4",
    )
    assert episode.findtext("ReasonForClosure") == "RC9"
    assert [f.text for f in episode.iter("AssessmentFactors")] == ["4B", "7A"]
    problems = check_census(export.xml)
    assert not [f for f in problems.errors if f.la_child_id == str(tyler.pk)], problems.errors
