"""Sam maps a case in all three columns, writes two danger statements with their goals, records
four people's scores and Leo's three houses, rewrites a flagged phrase, and submits. Morgan signs
it off; after that it is locked, and a new version starts from it. axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, PlainLanguageTerm, ScalingAnswer, ThreeHouses
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, field, day, month, year):
    page.locator(f"#id_{field}_0").fill(str(day))
    page.locator(f"#id_{field}_1").fill(str(month))
    page.locator(f"#id_{field}_2").fill(str(year))


def test_sam_maps_a_case_and_morgan_signs_it_off(
    page, live_server, sign_in, check_accessibility, sam, morgan, reid_case
):
    PlainLanguageTerm.objects.get_or_create(
        phrase="domestic abuse", defaults={"suggestion": "Say what happened and who did it."}
    )
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.get_by_role("link", name=reid_case.reference, exact=True).click()
    check_accessibility()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment 1")
    check_accessibility()

    def add(link, fields, button="Save"):
        page.get_by_role("link", name=link).click()
        check_accessibility()
        for label, value in fields.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
        check_accessibility()

    # 1. Every column.
    add(
        "Add: past harm",
        {
            "What happened": "Daniel threw a plate at the kitchen wall while Leo stood in the doorway.",
            "How often it has happened": "Three times since the summer",
            "The worst time it happened": "On 4 October he pushed Chloe into the fridge while she held Ava.",
            "The impact on the child": "Leo has started wetting the bed again.",
            "Who said so": "Chloe",
        },
    )
    # 5. The flagged phrase, seen as Sam types and rewritten before saving.
    page.get_by_role("link", name="Add: future danger").click()
    check_accessibility()
    worry = page.get_by_label("Future danger", exact=True)
    worry.fill("Leo will keep seeing domestic abuse at home.")
    live = page.locator(".sos-plain-language--live")
    expect(live).to_contain_text("“domestic abuse”: Say what happened and who did it")
    check_accessibility()
    worry.fill(
        "If Daniel keeps coming round after drinking, Leo will see him push and shout at Chloe."
    )
    expect(live).to_be_hidden()
    page.get_by_label("Who said so").fill("Sam (social worker)")
    page.get_by_role("button", name="Save").click()
    check_accessibility()
    add(
        "Add: complicating factor",
        {"Complicating factor": "Chloe often has no phone credit.", "Who said so": "Chloe"},
    )
    add(
        "Add: existing strength",
        {
            "Existing strength": "Chloe gets both children to nursery on time.",
            "Who said so": "Nursery",
        },
    )
    add(
        "Add: existing safety",
        {
            "Existing safety": "Chloe took the children to Sandra's on 4 October.",
            "Who said so": "Sandra",
        },
    )
    add(
        "Add: the family's goal",
        {"The family's goal": "Daniel sees the children only at Sandra's.", "Who said so": "Chloe"},
    )
    add(
        "Add: the agency's goal",
        {
            "The agency's goal": "Leo and Ava are never at home when Daniel has been drinking.",
            "Who said so": "Sam",
        },
    )
    page.get_by_role("link", name="Add: next step").click()
    check_accessibility()
    page.get_by_label("What will happen").fill("Meet Chloe and Sandra to agree who Chloe calls.")
    page.get_by_label("Who will do it").fill("Sam")
    fill_date(page, "by_when", 1, 12, 2026)
    page.get_by_role("button", name="Save").click()
    check_accessibility()

    # 2. Two danger statements, each with its goal.
    for who, behaviour, impact, goal in [
        (
            "Sam and the school",
            "Daniel will come round after drinking and throw things",
            "Leo or Ava could be badly hurt",
            "Leo and Ava only see Daniel at Sandra's, when he is sober.",
        ),
        (
            "Sam",
            "Chloe will not be able to call for help when Daniel comes round",
            "the children will be alone with him when he is angry",
            "Chloe always has a way to call Sandra or the police.",
        ),
    ]:
        add(
            "Add a danger statement",
            {
                "Who is worried": who,
                "What behaviour they are worried about": behaviour,
                "What is likely to happen to the child if nothing changes": impact,
            },
        )
        expect(page.get_by_text(re.compile("has no safety goal yet"))).to_be_visible()
        count = page.locator(".govuk-summary-card").count()
        page.get_by_role("link", name=f"Add the safety goal for statement {count}").click()
        check_accessibility()
        page.get_by_label("What everyone needs to see").fill(goal)
        page.get_by_label("For how long").fill("Every week for six months")
        page.get_by_role("button", name="Save").click()
        check_accessibility()
    expect(page.get_by_text(re.compile("has no safety goal yet"))).to_have_count(0)
    expect(
        page.get_by_text(
            "Sam and the school are worried that Daniel will come round after drinking"
        )
    ).to_be_visible()

    # 3. Four people's scores, then the chart page.
    page.get_by_role("link", name=f"Back to {reid_case.reference}").click()
    check_accessibility()
    page.get_by_role("link", name="Add a score").click()
    for name, kind, agency, score in [
        ("Chloe (mother)", "Family member", "", "6"),
        ("Sandra (grandmother)", "Family member", "", "5"),
        ("Ms Adeyemi", "Professional", "Riverside Primary School", "4"),
        ("Leo", "The child", "", "7"),
    ]:
        check_accessibility()
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Their name").fill(name)
        if agency:
            page.get_by_label("Their agency").fill(agency)
        page.get_by_label("Score, from 0 to 10").fill(score)
        page.get_by_label("Why that number").fill(f"{name} explained their number.")
        page.get_by_role("button", name="Save the score").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"score of {score} is saved"
        )
        check_accessibility()
        if name != "Leo":
            # Saving lands on the scores page, where adding another is a button.
            page.get_by_role("button", name="Add a score").click()
    expect(page.get_by_role("img", name=re.compile("Scaling scores over time"))).to_be_visible()
    assert ScalingAnswer.objects.filter(case=reid_case).count() == 4

    # 4. Leo's three houses, in his words.
    page.get_by_role("link", name=f"Back to {reid_case.reference}").click()
    check_accessibility()
    page.get_by_role("link", name=re.compile("Record .*'s three houses")).click()
    check_accessibility()
    page.get_by_label("House of worries").fill("When Daddy shouts.")
    page.get_by_label("House of good things").fill("Nanny Sandra's house.")
    page.get_by_label("House of dreams").fill("A dog.")
    page.get_by_role("button", name="Save the child's words").click()
    expect(page.get_by_text("“When Daddy shouts.”")).to_be_visible()
    check_accessibility()
    assert ThreeHouses.objects.get().house_of_worries == "When Daddy shouts."

    # 6. Sam submits.
    assessment = Assessment.objects.get()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    check_accessibility()
    page.get_by_role("button", name="Submit for sign-off").click()
    check_accessibility()
    page.get_by_label("Domestic abuse: a parent or carer").check()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted for sign-off")
    check_accessibility()
    page.get_by_role("button", name=re.compile("Sign out")).click()
    check_accessibility()

    # 7. Morgan signs it off.
    sign_in("morgan", TEST_PASSWORD)
    check_accessibility()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    check_accessibility()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signed off")
    check_accessibility()
    page.get_by_role("button", name=re.compile("Sign out")).click()
    check_accessibility()

    # 8. An edit after sign-off is refused; a new version starts from this one.
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    strength = assessment.entries.get(category="strength")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/strengths/{strength.pk}/edit/")
    check_accessibility()
    page.get_by_label("Existing strength", exact=True).fill("Changed after sign-off")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("signed off, so it is locked")
    check_accessibility()
    strength.refresh_from_db()
    assert strength.text == "Chloe gets both children to nursery on time."

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    check_accessibility()
    page.get_by_role("link", name="Start assessment 2 from assessment 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Start assessment 2 from assessment 1"
    )
    check_accessibility()
    assert Assessment.objects.filter(number=2).count() == 0  # opening the page made nothing
    page.get_by_role("button", name="Start assessment 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment 2")
    expect(page.get_by_text("Chloe gets both children to nursery on time.")).to_be_visible()
    check_accessibility()
    assert Assessment.objects.get(number=2).status == Assessment.Status.DRAFT
