"""Workers record on phones and tablets during a visit. Every page a journey reaches fits 320
CSS pixels without scrolling sideways (WCAG 2.2 SC 1.4.10 Reflow, which axe cannot see), and
passes axe, with its 2.5.8 Target Size rule on, at 320 and at 1280 pixels wide.

The case page at 320 pixels is saved to var/screenshots/case-page-320.png (var/ is ignored by
git), for a person to look at.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, ScalingAnswer
from meetings.models import Attendee, Meeting
from plans.models import PlanRule, SafetyPlan
from tests.browser.conftest import AccessibilityChecker
from tests.factories import TEST_PASSWORD
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 320, 1280
MOST_TABS_TO_THE_CONTENTS = 12
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

# The elements that stick out past the right edge of the window, widest first, ignoring those
# inside a box that scrolls on its own (a focusable region around a wide table or picture).
OVERFLOWING = """
(width) => {
  const scrollsOnItsOwn = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
        return true;
      }
    }
    return false;
  };
  // Text can run past the edge of its element, so each run of text is measured too.
  const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const measured = [...document.body.querySelectorAll("*")].map((element) => [
    element,
    element.getBoundingClientRect().right,
  ]);
  while (text.nextNode()) {
    range.selectNodeContents(text.currentNode);
    measured.push([text.currentNode.parentElement, range.getBoundingClientRect().right]);
  }
  return measured
    .filter(([element, right]) => right > width + 0.5 && !scrollsOnItsOwn(element))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([element, right]) => {
      const id = element.id ? "#" + element.id : "";
      const classes = [...element.classList].map((name) => "." + name).join("");
      return `${element.tagName.toLowerCase()}${id}${classes} (right edge at ${Math.round(right)}px)`;
    });
}
"""


def sideways_scroll(page, width=PHONE):
    """None when the page fits `width`; otherwise what sticks out, for the failure message."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return None
    widest = page.evaluate(OVERFLOWING, width)
    return f"{page.url} is {scroll_width}px wide at {width}px: " + "; ".join(widest)


def check_at_both_widths(page, check_accessibility, urls):
    for url in urls:
        page.set_viewport_size({"width": PHONE, "height": 800})
        page.goto(url)
        problem = sideways_scroll(page)
        assert problem is None, problem
        check_accessibility()
        page.set_viewport_size({"width": DESKTOP, "height": 800})
        check_accessibility()


@pytest.fixture
def busy_case(sam, morgan, reid_case, chloe, network_member, pat_grant):
    """Leo's case with everything on it: family, network, equal scores on one day, a draft
    assessment, two approved plan versions and a draft meeting."""
    for name, kind, score in [
        ("Chloe Reid", ScalingAnswer.Kind.FAMILY, 5),
        ("Sandra Reid", ScalingAnswer.Kind.FAMILY, 5),
        ("Ms Ruth Adeyemi", ScalingAnswer.Kind.PROFESSIONAL, 3),
    ]:
        for answered_on in [datetime.date(2026, 10, 5), datetime.date(2026, 11, 2)]:
            ScalingAnswer.objects.create(
                case=reid_case,
                question="Where are things now?",
                respondent_kind=kind,
                respondent_name=name,
                agency="Riverside Primary School" if kind == "professional" else "",
                score=score,
                reason="Daniel has moved out, but still rings late at night.",
                answered_on=answered_on,
                recorded_by=sam,
            )
    assessment = Assessment.start(case=reid_case, by=sam)
    first = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=first,
        what_will_happen="Sandra visits every evening at bath time.",
        professional="Sam",
        how_we_will_know="Sandra tells Sam after every visit.",
    )
    first.submit(by=sam)
    first.approve(by=morgan)
    second = first.start_new_version(by=sam)
    rule = second.rules.get()
    rule.what_will_happen = "Sandra visits every evening and stays over at weekends."
    rule.save()
    second.submit(by=sam)
    second.approve(by=morgan)
    meeting = Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.INITIAL_CONFERENCE,
        held_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 10, 0)),
        place="Civic Centre, room 4",
        chair="Jan Patel (independent chair)",
        scaling_question="Where are things now?",
        created_by=sam,
    )
    Attendee.objects.create(meeting=meeting, kind=Attendee.Kind.FAMILY, name="Chloe Reid")
    # Seen more than ten working days ago: the visit is overdue on the case and home pages.
    Visit.objects.create(
        case=reid_case,
        child=reid_case.children.get(),
        visited_on=datetime.date(2026, 11, 2),
        child_seen=True,
        seen_alone=False,
        bedroom_seen=True,
        recorded_by=sam,
    )
    return {"assessment": assessment, "plans": (first, second), "meeting": meeting}


def test_every_page_sam_reaches_fits_a_phone(
    page, live_server, sign_in, check_accessibility, busy_case, reid_case, chloe
):
    first, second = busy_case["plans"]
    case = reid_case.pk
    sign_in("sam", TEST_PASSWORD)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}{reverse('case_detail', args=[case])}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "case-page-320.png", full_page=True)

    # From the top of the long case page, the Contents list reaches the assessment in a few Tabs.
    for _ in range(MOST_TABS_TO_THE_CONTENTS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Assessment":
            break
    else:
        pytest.fail(
            f"the Contents link to the assessment is more than {MOST_TABS_TO_THE_CONTENTS} Tabs away"
        )
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#assessments') !== null")

    # On a phone the caseload's rows stack: every cell of a case starts at the same left edge.
    page.goto(f"{live_server.url}{reverse('home')}")
    caseload = page.get_by_role("table", name="Open cases allocated to you")
    lefts = {round(cell.bounding_box()["x"]) for cell in caseload.get_by_role("cell").all()}
    assert len(lefts) == 1, f"the caseload's cells start at {sorted(lefts)}"

    check_at_both_widths(
        page,
        check_accessibility,
        [
            live_server.url + url
            for url in [
                reverse("home"),
                reverse("search") + "?q=Reid",
                reverse("case_detail", args=[case]),
                reverse("person_edit", args=[case, chloe.person.pk]),
                reverse("person_edit", args=[case, reid_case.children.get().pk]),
                reverse("child_add", args=[case]),
                reverse("family_member_add", args=[case]),
                reverse("network_add", args=[case]),
                reverse("scaling", args=[case]),
                reverse("scaling_add", args=[case]),
                reverse("visit_create", args=[case]),
                reverse("assessment_detail", args=[busy_case["assessment"].pk]),
                reverse("assessment_submit", args=[busy_case["assessment"].pk]),
                reverse("plan_detail", args=[second.pk]),
                reverse("plan_compare", args=[second.pk, first.pk]),
                *(
                    reverse(name, args=[busy_case["meeting"].pk])
                    for name in [
                        "meeting_detail",
                        "meeting_register",
                        "meeting_scaling_round",
                        "meeting_discussion",
                        "meeting_decisions",
                        "meeting_actions",
                    ]
                ),
            ]
        ],
    )


def test_every_page_morgan_reaches_fits_a_phone(
    page, live_server, sign_in, check_accessibility, busy_case, reid_case, north_referral
):
    first, second = busy_case["plans"]
    case = reid_case.pk
    sign_in("morgan", TEST_PASSWORD)

    # On a phone the lists of what is due stack, and every caption wraps inside the window.
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{live_server.url}{reverse('home')}")
    due = page.get_by_role("table", name="Due and overdue in the team, most urgent first")
    lefts = {round(cell.bounding_box()["x"]) for cell in due.get_by_role("cell").all()}
    assert len(lefts) == 1, f"the due work's cells start at {sorted(lefts)}"
    captions = page.locator("caption").evaluate_all(
        "(captions) => captions.map((caption) => caption.getBoundingClientRect().right)"
    )
    assert captions
    assert max(captions) <= PHONE, f"captions end at {captions}"

    check_at_both_widths(
        page,
        check_accessibility,
        [
            live_server.url + url
            for url in [
                reverse("home"),
                reverse("referral_queue"),
                reverse("referral_detail", args=[north_referral.pk]),
                reverse("case_detail", args=[case]),
                reverse("case_close", args=[case]),
                reverse("case_history", args=[case]),
                reverse("case_access_log", args=[case]),
                reverse("partner_access", args=[case]),
                reverse("plan_detail", args=[first.pk]),
            ]
        ],
    )


def test_every_page_pat_reaches_fits_a_phone(
    page, live_server, sign_in, check_accessibility, busy_case
):
    _, second = busy_case["plans"]
    sign_in("pat", TEST_PASSWORD)
    check_at_both_widths(
        page,
        check_accessibility,
        [
            live_server.url + reverse("home"),
            live_server.url + reverse("plan_detail", args=[second.pk]),
        ],
    )


# The checks themselves must be able to fail.


def test_the_sideways_scroll_check_names_what_is_too_wide(page):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.set_content(
        '<html><body style="margin:0"><p>Fits.</p>'
        '<div class="sos-too-wide" style="width:600px">Too wide.</div></body></html>'
    )

    problem = sideways_scroll(page)

    assert problem is not None
    assert "600px wide at 320px" in problem
    assert "div.sos-too-wide (right edge at 600px)" in problem


def test_the_sideways_scroll_check_passes_a_page_that_fits(page):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.set_content('<html><body style="margin:0"><p style="width:300px">Fits.</p></body></html>')

    assert sideways_scroll(page) is None


def test_axe_refuses_a_link_smaller_than_24_pixels(page):
    check_accessibility = AccessibilityChecker(page)
    page.set_content(
        '<html lang="en"><head><title>Tiny link</title></head><body><main>'
        '<h1>Tiny link</h1><a href="#a" style="display:inline-block;width:10px;height:10px;'
        'font-size:8px">A</a><a href="#b" style="display:inline-block;width:10px;height:10px;'
        'font-size:8px">B</a></main></body></html>'
    )

    with pytest.raises(AssertionError, match="target-size"):
        check_accessibility()
