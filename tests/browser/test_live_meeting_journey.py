"""Sam records a review child protection conference as it happens, with the keyboard alone: the
register, the scaling round and the decisions for five people take three pages and no more than
25 key presses and typed answers. Leo sends apologies, Sandra does not want to give a number,
and the conference decides that a plan is still needed."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendee, Meeting, MeetingScalingAnswer
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITED = [
    ("child", "Leo Reid", ""),
    ("family", "Chloe Reid", ""),
    ("family", "Sandra Reid", ""),
    ("professional", "Pat Lindqvist", "Riverside Primary School"),
    ("professional", "Sam Okafor", "Children's services"),
]


class Keyboard:
    """The page's keyboard, counting what a person does with it: each key pressed and each
    answer typed is one action."""

    def __init__(self, page):
        self.page = page
        self.actions = 0

    def press(self, key):
        self.page.keyboard.press(key)
        self.actions += 1

    def type(self, text):
        self.page.keyboard.type(text)
        self.actions += 1


@pytest.fixture
def conference_today(reid_case, sam):
    meeting = Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.REVIEW_CONFERENCE,
        held_at=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time(10))
        ),
        place="Civic Centre, room 4",
        chair="Jan Patel (independent chair)",
        scaling_question="Where are things now for Leo?",
        created_by=sam,
    )
    for kind, name, agency in INVITED:
        Attendee.objects.create(meeting=meeting, kind=kind, name=name, agency=agency)
    return meeting


def test_sam_records_the_register_scaling_round_and_decisions_with_the_keyboard(
    page, live_server, sign_in, check_accessibility, sam, conference_today
):
    sign_in("sam", TEST_PASSWORD)
    check_accessibility()
    page.goto(f"{live_server.url}{conference_today.get_absolute_url()}")
    check_accessibility()
    page.get_by_role("link", name="Take the register").click()
    keyboard = Keyboard(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Take the register")
    first_page = len(check_accessibility.loaded) - 1

    # The register: everyone invited is marked as there, and the cursor is on Leo.
    check_accessibility()
    keyboard.press("ArrowDown")  # Leo sent apologies
    keyboard.press("Enter")

    # The scaling round: Chloe, Sandra, Pat and Sam came; the cursor is on Chloe's score.
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the scaling round")
    check_accessibility()
    for score, reason in [
        ("7", "Daniel has moved out."),
        ("D", None),  # Sandra did not want to give a number
        ("4", "Leo is calmer at school."),
        ("3", "Daniel still comes round."),
    ]:
        keyboard.type(score)
        keyboard.press("Tab")
        if reason:
            keyboard.type(reason)
        if score == "3":
            keyboard.press("Enter")  # the last row: save and go on to the decisions
        else:
            keyboard.press("Tab")
            keyboard.press("Tab")

    # The decisions: the cursor is on the first decision.
    expect(page.get_by_role("heading", level=1)).to_have_text("Record decisions")
    check_accessibility()
    keyboard.press("Space")  # A child protection plan is needed
    keyboard.press("Tab")
    keyboard.type("E")  # Emotional abuse
    keyboard.press("Tab")
    keyboard.press("Enter")

    # Saved, and on to the actions, which are not part of the count.
    expect(page.get_by_role("heading", level=1)).to_have_text("Record actions")
    check_accessibility()
    recorded_on = check_accessibility.loaded[first_page:-1]
    assert len(recorded_on) <= 3, recorded_on
    assert keyboard.actions <= 25, f"{keyboard.actions} actions"

    attendance = dict(conference_today.attendees.values_list("name", "attendance"))
    assert attendance == {
        "Leo Reid": "apologies",
        "Chloe Reid": "attended",
        "Sandra Reid": "attended",
        "Pat Lindqvist": "attended",
        "Sam Okafor": "attended",
    }
    answers = {
        answer.attendee.name: (answer.score, answer.declined, answer.reason)
        for answer in MeetingScalingAnswer.objects.filter(meeting=conference_today)
    }
    assert answers == {
        "Chloe Reid": (7, False, "Daniel has moved out."),
        "Sandra Reid": (None, True, ""),
        "Pat Lindqvist": (4, False, "Leo is calmer at school."),
        "Sam Okafor": (3, False, "Daniel still comes round."),
    }
    decision = conference_today.decisions.get()
    assert (decision.kind, decision.category) == ("plan_needed", "emotional")
    assert decision.history.get().history_user == sam
