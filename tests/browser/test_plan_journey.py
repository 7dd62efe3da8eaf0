"""Sam writes a plan from the signed-off assessment, Morgan approves it, and Pat, from the
school, finds only that case and downloads a PDF worth printing. The access log shows it."""

import datetime
import re
import subprocess

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, DangerStatement, SafetyGoal
from cases.models import AccessLogEntry
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_off(reid_case, sam, morgan):
    assessment = Assessment.start(case=reid_case, by=sam)
    statement = DangerStatement.objects.create(
        assessment=assessment,
        who_is_worried="Sam and the school",
        worried_behaviour="Daniel will come round after drinking and throw things",
        likely_impact="Leo could be badly hurt",
        family_view="Chloe says Daniel has never hurt Leo.",
    )
    SafetyGoal.objects.create(
        danger_statement=statement,
        what_needs_to_be_seen="Leo only sees Daniel at Sandra's, when he is sober.",
        how_long="Six months",
    )
    assessment.submit(by=sam)
    assessment.sign_off(by=morgan)
    return assessment


def test_a_plan_goes_from_sam_to_morgan_to_the_school(
    page,
    live_server,
    sign_in,
    check_accessibility,
    sam,
    morgan,
    pat,
    pat_grant,
    reid_case,
    network_member,
    signed_off,
    tmp_path,
):
    CaseFactory(team=reid_case.team)  # another case Pat must never see
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("button", name="Start the safety plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safety plan for")
    # The statement from the signed-off assessment, with the family's view, is in the plan.
    expect(page.get_by_text("Chloe says Daniel has never hurt Leo.")).to_be_visible()
    check_accessibility()

    page.get_by_role("link", name="Add a rule or action").click()
    check_accessibility()
    page.get_by_label("What will happen").fill(
        "Daniel only sees Leo at Sandra's house, when he is sober."
    )
    page.get_by_label("Who is responsible, from the safety network").select_option(
        label="Sandra Reid (Grandmother)"
    )
    page.get_by_label("How everyone will know it is working").fill(
        "Sandra tells Sam after every visit."
    )
    page.get_by_role("button", name="Save").click()
    check_accessibility()
    page.get_by_role("link", name="Change when worries come back, and the review date").click()
    check_accessibility()
    page.get_by_label("What are the signs the worries are coming back?").fill(
        "Daniel rings Chloe late at night."
    )
    page.get_by_label("Who to call").fill("Sandra Reid on 07700 900 111.")
    page.get_by_label("What each person will do").fill("Chloe takes Leo to Sandra's.")
    page.locator("#id_review_date_0").fill("1")
    page.locator("#id_review_date_1").fill("3")
    page.locator("#id_review_date_2").fill(str(datetime.date.today().year + 1))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Daniel rings Chloe late at night.")).to_be_visible()
    check_accessibility()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Morgan Hughes can approve it."
    )
    page.get_by_role("button", name=re.compile("Sign out")).click()
    check_accessibility()

    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("link", name="Version 1").click()
    check_accessibility()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Version 1 is approved and locked. Partners with access now see it."
    )
    check_accessibility()
    page.get_by_role("button", name=re.compile("Sign out")).click()
    check_accessibility()

    sign_in("pat", TEST_PASSWORD)
    check_accessibility()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(reid_case.reference)
    page.get_by_role("link", name=f"Read the plan for {reid_case.reference}").click()
    expect(
        page.get_by_text("Daniel only sees Leo at Sandra's house, when he is sober.")
    ).to_be_visible()
    check_accessibility()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the plan to print (PDF)").click()
    path = tmp_path / "plan.pdf"
    download_info.value.save_as(path)

    text = " ".join(
        subprocess.run(
            ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"{reid_case.reference} · Version 1, approved" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Daniel only sees Leo at Sandra's house, when he is sober." in text
    assert "The family's view: Chloe says Daniel has never hurt Leo." in text
    assert "Daniel rings Chloe late at night." in text
    assert "Page 1 of" in text
    assert "Printed" in text
    assert "by Pat Lindqvist" in text
    assert (
        AccessLogEntry.objects.filter(
            user_id=pat.pk, case=reid_case, action="download plan PDF", allowed=True
        ).count()
        == 1
    )
