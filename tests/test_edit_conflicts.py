"""Every edit page, two people at once: the later save never silently overwrites the earlier.

EDITS has a case for every URL named "*_edit" (and for every kind of part such a URL edits);
test_every_edit_view_is_covered fails when an edit page is added without one. For each case,
Sam and Morgan open the form on the same revision and Sam saves first: Morgan's save is
refused with the conflict page (409), Sam's words stay in the database, and what Morgan typed
is on the page for him to save again. A save from the latest revision goes through and the
history says who made it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.forms import PARTS as ASSESSMENT_PARTS
from assessments.models import (
    Assessment,
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    SafetyGoal,
    WordsAndPictures,
)
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.services import meeting_finalise
from meetings.views import PARTS as MEETING_PARTS
from plans.models import PlanRule, SafetyPlan
from tests.cases.test_case_pages import date_fields
from tests.test_access_matrix import project_url_names

pytestmark = pytest.mark.django_db

SAMS_WORDS = "Typed by Sam first"
MORGANS_WORDS = "Typed by Morgan at the same time"
NOTED = date_fields("noted_on", datetime.date(2026, 11, 2))


@pytest.fixture
def world(sam, reid_case, chloe, network_member):
    """One of everything that has an edit page, on Sam's case."""
    draft = Assessment.start(case=reid_case, by=sam)
    statement = DangerStatement.objects.create(
        assessment=draft,
        who_is_worried="Sam",
        worried_behaviour="Daniel comes to the house after drinking",
        likely_impact="Leo could be hurt",
    )
    meeting = Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.CORE_GROUP,
        held_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 10, 0)),
        place="Civic Centre",
        chair="Jan Patel",
        scaling_question="Where are things now?",
        created_by=sam,
    )
    attendee = Attendee.objects.create(meeting=meeting, kind="family", name="Chloe Reid")
    plan = SafetyPlan.start(case=reid_case, by=sam)
    return {
        "case": reid_case,
        "leo": reid_case.children.get(),
        "chloe": chloe.person,
        "network_member": network_member,
        "draft": draft,
        "statement": statement,
        "goal": SafetyGoal.objects.create(
            danger_statement=statement, what_needs_to_be_seen="Leo is safe", how_long="3 months"
        ),
        "meeting": meeting,
        "attendee": attendee,
        "plan": plan,
        "rule": PlanRule.objects.create(
            plan=plan, what_will_happen="A rule", professional="Sam", how_we_will_know="X"
        ),
        "words_and_pictures": WordsAndPictures.objects.create(
            case=reid_case, child=reid_case.children.get(), explanation="First words."
        ),
    }


# Each case: (the page and the row it edits, for a world) -> (url, row), the rest of a valid
# form (a value may be worked out from the world), and the field both people type in.


def person(w):
    return reverse("person_edit", args=[w["case"].pk, w["chloe"].pk]), w["chloe"]


def network_member(w):
    member = w["network_member"]
    return reverse("network_edit", args=[w["case"].pk, member.pk]), member


def meeting(w):
    return reverse("meeting_edit", args=[w["meeting"].pk]), w["meeting"]


def meeting_part(slug, make):
    def page(w):
        row = make(w)
        return reverse("meeting_part_edit", args=[w["meeting"].pk, slug, row.pk]), row

    return page


def assessment_part(slug, make):
    def page(w):
        row = make(w)
        return reverse("part_edit", args=[w["draft"].pk, slug, row.pk]), row

    return page


def goal(w):
    return reverse("goal_edit", args=[w["draft"].pk, w["statement"].pk]), w["goal"]


def words_and_pictures(w):
    return (
        reverse("words_and_pictures_edit", args=[w["case"].pk, w["leo"].pk]),
        w["words_and_pictures"],
    )


def plan(w):
    return reverse("plan_edit", args=[w["plan"].pk]), w["plan"]


def plan_rule(w):
    return reverse("plan_rule_edit", args=[w["plan"].pk, w["rule"].pk]), w["rule"]


def mapping_entry(category):
    def make(w):
        return MappingEntry.objects.create(
            assessment=w["draft"],
            category=category,
            text="Said before",
            source="Nursery",
            noted_on=datetime.date(2026, 11, 2),
        )

    return make


MEETING_DETAILS = {
    "kind": Meeting.Kind.CORE_GROUP,
    **date_fields("held_on", datetime.date(2026, 11, 2)),
    "time": "10:00",
    "place": "Civic Centre",
    "chair": "Jan Patel",
    "scaling_question": "Where are things now?",
}
MAPPING = {"source": "Nursery", **NOTED}
CATEGORIES = {
    slug: part.category for slug, part in ASSESSMENT_PARTS.items() if part.model is MappingEntry
}

EDITS = {
    "person_edit": (
        person,
        {"first_name": "Chloe", "last_name": "Reid"},
        "communication_needs",
    ),
    "network_edit": (
        network_member,
        {
            "relationship": "Grandmother",
            **date_fields("joined_on", datetime.date(2026, 10, 6)),
        },
        "agreed_to_do",
    ),
    "meeting_edit": (meeting, MEETING_DETAILS, "minutes"),
    "meeting_part_edit/attendees": (
        meeting_part("attendees", lambda w: w["attendee"]),
        {"kind": "family", "attendance": "attended"},
        "name",
    ),
    "meeting_part_edit/answers": (
        meeting_part(
            "answers",
            lambda w: MeetingScalingAnswer.objects.create(
                meeting=w["meeting"], attendee=w["attendee"], score=5, reason="Before"
            ),
        ),
        {"score": 6, "attendee": lambda w: w["attendee"].pk},
        "reason",
    ),
    "meeting_part_edit/decisions": (
        meeting_part(
            "decisions",
            lambda w: Decision.objects.create(meeting=w["meeting"], kind=Decision.Kind.OTHER),
        ),
        {"kind": Decision.Kind.OTHER},
        "details",
    ),
    "meeting_part_edit/actions": (
        meeting_part(
            "actions",
            lambda w: Action.objects.create(
                meeting=w["meeting"], what="Before", who="Sam", by_when=datetime.date(2026, 12, 1)
            ),
        ),
        {"who": "Sam", **date_fields("by_when", datetime.date(2026, 12, 1))},
        "what",
    ),
    **{
        f"part_edit/{slug}": (assessment_part(slug, mapping_entry(category)), MAPPING, "text")
        for slug, category in CATEGORIES.items()
    },
    "part_edit/past-harm": (
        assessment_part(
            "past-harm",
            lambda w: PastHarm.objects.create(
                assessment=w["draft"], behaviour="Before", noted_on=datetime.date(2026, 11, 2)
            ),
        ),
        {
            "frequency": "Weekly",
            "worst_incident": "A shouting match",
            "impact_on_child": "Leo hides",
            **MAPPING,
        },
        "behaviour",
    ),
    "part_edit/next-steps": (
        assessment_part(
            "next-steps",
            lambda w: NextStep.objects.create(
                assessment=w["draft"],
                case=w["case"],
                what="Before",
                who="Sam",
                by_when=datetime.date(2026, 12, 1),
            ),
        ),
        {"who": "Sam", **date_fields("by_when", datetime.date(2026, 12, 1))},
        "what",
    ),
    "part_edit/worry-statements": (
        assessment_part("worry-statements", lambda w: w["statement"]),
        {"who_is_worried": "Sam", "likely_impact": "Leo could be hurt"},
        "worried_behaviour",
    ),
    "goal_edit": (goal, {"how_long": "3 months"}, "what_needs_to_be_seen"),
    "words_and_pictures_edit": (words_and_pictures, {}, "explanation"),
    "plan_edit": (plan, {}, "worry_signs"),
    "plan_rule_edit": (
        plan_rule,
        {"professional": "Sam", "how_we_will_know": "X"},
        "what_will_happen",
    ),
}


def test_every_edit_view_is_covered():
    """An edit page, or a kind of part one edits, without a case here fails this test."""
    edit_pages = {name for name, _ in project_url_names() if name.endswith("_edit")}
    parts = {f"meeting_part_edit/{slug}" for slug in MEETING_PARTS} | {
        f"part_edit/{slug}" for slug in ASSESSMENT_PARTS
    }

    assert edit_pages - {case.split("/")[0] for case in EDITS} == set()
    assert parts - set(EDITS) == set()


def form_data(world, data, field, words, revision):
    values = {name: value(world) if callable(value) else value for name, value in data.items()}
    return {**values, field: words, "revision": revision}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def revision_on_the_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]["revision"].value()


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_stale_save_is_refused_and_what_was_typed_is_kept(world, sam, morgan, edit):
    page, data, field = EDITS[edit]
    url, row = page(world)
    first, second = signed_in(sam), signed_in(morgan)
    revision = revision_on_the_form(first, url)
    assert revision_on_the_form(second, url) == revision

    saved = first.post(url, form_data(world, data, field, SAMS_WORDS, revision))
    history = row.history.count()
    refused = second.post(url, form_data(world, data, field, MORGANS_WORDS, revision))

    assert saved.status_code == 302
    assert refused.status_code == 409
    row.refresh_from_db()
    assert getattr(row, field) == SAMS_WORDS
    assert row.history.count() == history
    assert row.history.first().history_user == sam
    html = refused.content.decode()
    assert "Someone else changed this while you were writing" in html
    assert f"Saved by {sam}" in html
    assert SAMS_WORDS in html  # what is saved now
    assert MORGANS_WORDS in html  # what Morgan typed, kept in the form
    assert int(refused.context["form"]["revision"].value()) == row.revision


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_save_from_the_latest_revision_is_kept_and_attributed(world, morgan, edit):
    page, data, field = EDITS[edit]
    url, row = page(world)
    client = signed_in(morgan)
    revision = revision_on_the_form(client, url)

    response = client.post(url, form_data(world, data, field, MORGANS_WORDS, revision))

    assert response.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == MORGANS_WORDS
    assert row.revision == revision + 1
    assert row.history.first().history_user == morgan


@pytest.mark.parametrize("edit", [edit for edit in sorted(EDITS) if edit.startswith("meeting")])
def test_a_finalised_meeting_refuses_an_edit_even_from_the_latest_revision(world, sam, edit):
    page, data, field = EDITS[edit]
    url, row = page(world)
    client = signed_in(sam)
    revision = revision_on_the_form(client, url)
    meeting_finalise(meeting=world["meeting"], by=sam)

    response = client.post(url, form_data(world, data, field, SAMS_WORDS, revision))

    assert "This meeting is finalised, so it cannot change." in response.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) != SAMS_WORDS


def test_a_part_saved_after_the_meeting_was_finalised_elsewhere_is_refused(world, sam):
    """The meeting in hand still says draft; the save reads it again under the row lock."""
    attendee = world["attendee"]
    assert not attendee.meeting.is_finalised
    Meeting.objects.filter(pk=attendee.meeting_id).update(status=Meeting.Status.FINALISED)
    attendee.name = SAMS_WORDS

    with pytest.raises(ValidationError, match="This meeting is finalised"):
        attendee.save_checked(expected_revision=attendee.revision, by=sam)

    attendee.refresh_from_db()
    assert attendee.name == "Chloe Reid"
