"""Sam records an initial child protection conference: five people, scores from 2 to 7, a
decision that a plan is needed. Finalising, once he has confirmed it, puts the scores on the
case's chart, and the first core group appears on his dashboard, due in 10 working days."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import ScalingAnswer
from meetings.timescales import add_working_days
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = [
    ("Professional", "Ms Adeyemi", "Riverside Primary School", "4"),
    ("Professional", "PC Ross", "Police", "2"),
    ("Family member", "Chloe Reid", "", "7"),
    ("Family member", "Sandra Reid", "", "5"),
    ("The child", "Leo Reid", "", "6"),
]


def test_sam_records_and_finalises_an_initial_conference(
    page, live_server, sign_in, check_accessibility, sam, reid_case
):
    today = timezone.localdate()
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("link", name="Record a meeting").click()
    check_accessibility()
    page.get_by_label("Initial child protection conference").check()
    page.locator("#id_held_on_0").fill(str(today.day))
    page.locator("#id_held_on_1").fill(str(today.month))
    page.locator("#id_held_on_2").fill(str(today.year))
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Where").fill("Civic Centre, room 4")
    page.get_by_label("Who chaired it").fill("Jan Patel (independent chair)")
    page.get_by_label("Minutes").fill("Everyone agreed Leo needs a child protection plan.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Initial child protection conference"
    )
    check_accessibility()

    for kind, name, agency, _score in PEOPLE:
        page.get_by_role("link", name="Add someone who was invited").click()
        check_accessibility()
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Name", exact=True).fill(name)
        if agency:
            page.get_by_label("Agency").fill(agency)
        page.get_by_role("button", name="Save").click()
        check_accessibility()
    for kind, name, _agency, score in PEOPLE:
        page.get_by_role("link", name="Add a scaling answer").click()
        check_accessibility()
        page.get_by_label("Who answered").select_option(label=f"{name} ({kind})")
        page.get_by_label("Score, from 0 to 10").fill(score)
        page.get_by_label("Why that number").fill(f"{name} said why.")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "A scaling answer is saved"
        )
        check_accessibility()

    page.get_by_role("link", name="Add a decision").click()
    check_accessibility()
    page.get_by_label("A child protection plan is needed").check()
    page.get_by_label("Category of the plan").select_option(label="Emotional abuse")
    page.get_by_role("button", name="Save").click()
    check_accessibility()

    # Finalising asks first, saying what will be copied where.
    page.get_by_role("button", name="Finalise the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finalise the meeting")
    expect(page.get_by_role("main")).to_contain_text(
        "5 scaling answers will be added to the case's scaling chart"
    )
    expect(page.get_by_role("main")).to_contain_text("cannot be undone")
    check_accessibility()
    page.get_by_role("button", name="Finalise the meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The meeting is finalised")
    check_accessibility()
    assert sorted(answer.score for answer in ScalingAnswer.objects.filter(case=reid_case)) == [
        2,
        4,
        5,
        6,
        7,
    ]

    # The case chart shows the five new scores.
    page.get_by_role("link", name=f"Back to {reid_case.reference}").click()
    check_accessibility()
    page.get_by_role("link", name="All scores, with the table of every answer").click()
    expect(page.get_by_role("img", name=re.compile("Scaling scores over time"))).to_be_visible()
    rows = page.locator("#all-scores tbody tr")
    expect(rows).to_have_count(5)
    check_accessibility()

    # The dashboard shows the first core group due in 10 working days.
    page.get_by_role("link", name="My caseload").click()
    due = add_working_days(today, 10)
    row = page.locator("tr", has_text="First core group")
    expect(row).to_contain_text(f"{due.day} {due:%b %Y}")
    check_accessibility()
