"""Morgan reviews the case: the timeline, filtered to scaling scores; the diff between plan
versions 1 and 2; and the record that Pat downloaded the plan. axe checks every page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from assessments.models import ScalingAnswer
from plans.models import PlanRule, SafetyPlan
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_versions(reid_case, sam, morgan):
    first = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=first,
        what_will_happen="Sandra visits every evening.",
        professional="Sam",
        how_we_will_know="Sandra tells Sam.",
    )
    first.submit(by=sam)
    first.approve(by=morgan)
    second = first.start_new_version(by=sam)
    rule = second.rules.get()
    rule.what_will_happen = "Sandra visits every evening and stays over at weekends."
    rule.save()
    second.submit(by=sam)
    second.approve(by=morgan)
    return first, second


def test_morgan_reads_the_history_of_the_case(
    page,
    live_server,
    sign_in,
    check_accessibility,
    sam,
    morgan,
    pat,
    pat_grant,
    reid_case,
    two_versions,
):
    answer = ScalingAnswer(
        case=reid_case,
        question="Q",
        respondent_kind="family",
        respondent_name="Chloe Reid",
        score=6,
        reason="Daniel has moved out.",
        answered_on=datetime.date(2026, 11, 2),
        recorded_by=sam,
    )
    answer._history_user = sam
    answer.save()
    first, second = two_versions

    # Pat downloads the current plan.
    sign_in("pat", TEST_PASSWORD)
    check_accessibility()
    with page.expect_download():
        page.get_by_role(
            "link", name=f"Download to print the plan for {reid_case.reference}"
        ).click()
    page.get_by_role("button", name=re.compile("Sign out")).click()
    check_accessibility()

    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.goto(f"{live_server.url}/cases/{reid_case.pk}/")
    check_accessibility()
    page.get_by_role("link", name="Case history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case history")
    check_accessibility()

    # Pat's download is in the timeline.
    download = page.locator(".sos-event", has_text="PDF download")
    expect(download).to_contain_text("Pat Lindqvist")

    page.get_by_text("Filter the history").click()
    page.get_by_label("Scaling scores").check()
    page.get_by_role("button", name="Show events").click()
    events = page.locator(".sos-event")
    expect(events).to_have_count(1)
    expect(events.first).to_contain_text("Scaling score: added")
    expect(events.first).to_contain_text("Sam Okafor")
    check_accessibility()

    page.goto(f"{live_server.url}/plans/{second.pk}/")
    check_accessibility()
    page.get_by_text("Compare with another version").click()
    page.get_by_role("link", name="Compare with version 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(page.locator(".sos-compare ins.sos-diff__added").first).to_contain_text(
        "stays over at weekends."
    )
    check_accessibility()

    page.goto(f"{live_server.url}/cases/{reid_case.pk}/access-log/")
    row = page.locator("tr", has_text="Downloaded plan PDF")
    expect(row.first).to_contain_text("Pat Lindqvist")
    check_accessibility()
