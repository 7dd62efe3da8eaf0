"""The discussion, the decisions and the actions, each on one page. An action's owner is one of
the people who came; once the meeting is finalised, a worker who owns one sees it on their home
page, and an overdue one stands out."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import PracticeContext, User
from meetings.models import Action, Attendee, Decision, Meeting
from meetings.services import meeting_finalise
from tests.factories import CaseFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def formset_data(prefix, rows, *, initial=0):
    """What a decisions or actions page posts: a dict of fields for each row."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        "next": "",
    }
    for number, row in enumerate(rows):
        data[f"{prefix}-{number}-revision"] = row.pop("revision", 1)
        for name, value in row.items():
            data[f"{prefix}-{number}-{name}"] = value
    return data


def action_row(what, owner, by_when, **more):
    return {
        "what": what,
        "owner": owner.pk if owner else "",
        "by_when_0": by_when.day if by_when else "",
        "by_when_1": by_when.month if by_when else "",
        "by_when_2": by_when.year if by_when else "",
        **more,
    }


@pytest.fixture
def sam_attends(conference, sam):
    return Attendee.objects.create(
        meeting=conference,
        kind="professional",
        name="Sam Okafor",
        agency="Children's services",
        user=sam,
    )


# --- Decisions ------------------------------------------------------------------------------


def test_several_decisions_save_together(client, sam, conference):
    client.force_login(sam)
    data = formset_data(
        "decision",
        [
            {
                "kind": "plan_needed",
                "category": "emotional",
                "details": "Leo saw Daniel hurt Chloe.",
            },
            {"kind": "other", "category": "", "details": "Sandra to join the core group."},
        ],
    )

    response = client.post(reverse("meeting_decisions", args=[conference.pk]), data)

    assert response["Location"] == reverse("meeting_actions", args=[conference.pk])
    decisions = list(conference.decisions.order_by("pk"))
    assert [(d.kind, d.category) for d in decisions] == [
        ("plan_needed", "emotional"),
        ("other", ""),
    ]
    assert decisions[0].history.first().history_user == sam


def test_a_plan_without_a_category_is_an_error_on_that_row_and_the_other_row_keeps_its_words(
    client, sam, conference
):
    client.force_login(sam)
    data = formset_data(
        "decision",
        [
            {"kind": "other", "category": "", "details": "Sandra to join the core group."},
            {"kind": "plan_needed", "category": "", "details": ""},
        ],
    )

    response = client.post(reverse("meeting_decisions", args=[conference.pk]), data)

    assert response.status_code == 200
    first, second = response.context["formsets"][0].forms
    assert second.errors == {"category": ["Choose the category of the child protection plan"]}
    assert first["details"].value() == "Sandra to join the core group."
    assert not Decision.objects.exists()


def test_a_decision_can_be_removed_from_the_page(client, sam, conference):
    decision = Decision.objects.create(meeting=conference, kind="other", details="A mistake")
    client.force_login(sam)
    data = formset_data(
        "decision",
        [
            {"id": decision.pk, "kind": "other", "details": "A mistake", "DELETE": "on"},
            {"kind": "", "category": "", "details": ""},
        ],
        initial=1,
    )

    response = client.post(reverse("meeting_decisions", args=[conference.pk]), data)

    assert response.status_code == 302
    assert not Decision.objects.exists()
    assert Decision.history.filter(history_type="-").get().history_user == sam


def test_a_saved_decision_has_a_box_to_remove_it_and_the_empty_row_has_none(
    client, sam, conference
):
    Decision.objects.create(meeting=conference, kind="other", details="Sandra joins")
    client.force_login(sam)

    page = client.get(reverse("meeting_decisions", args=[conference.pk])).content.decode()

    assert 'name="decision-0-DELETE"' in page
    assert "Remove this decision" in page
    assert 'name="decision-1-DELETE"' not in page


def test_save_and_add_another_comes_back_with_an_empty_row(client, sam, conference):
    client.force_login(sam)
    url = reverse("meeting_decisions", args=[conference.pk])
    data = formset_data("decision", [{"kind": "step_down", "category": "", "details": ""}])
    data["add_another"] = ""
    del data["next"]

    response = client.post(url, data)

    assert response["Location"] == url
    forms = client.get(url).context["formsets"][0].forms
    assert [form.instance.pk is None for form in forms] == [False, True]


# --- Actions --------------------------------------------------------------------------------


def test_an_action_is_owned_by_someone_who_came_and_keeps_their_name_in_words(
    client, sam, conference, sam_attends
):
    client.force_login(sam)
    due = datetime.date(2026, 12, 20)
    data = formset_data("action", [action_row("Hold the first core group.", sam_attends, due)])

    response = client.post(reverse("meeting_actions", args=[conference.pk]), data)

    assert response["Location"] == conference.get_absolute_url() + "#actions"
    action = Action.objects.get()
    assert (action.owner, action.who, action.by_when) == (
        sam_attends,
        "Sam Okafor (Children's services)",
        due,
    )
    assert action.history.first().history_user == sam


def test_an_action_without_an_owner_or_a_real_date_says_so_and_keeps_the_rest(
    client, sam, conference, sam_attends, chloe_attends
):
    client.force_login(sam)
    data = formset_data(
        "action",
        [
            action_row("Hold the first core group.", None, datetime.date(2026, 12, 20)),
            action_row("Tell Leo about the plan.", chloe_attends, None),
            action_row("Book the review.", sam_attends, datetime.date(2099, 1, 1)),
        ],
    )

    response = client.post(reverse("meeting_actions", args=[conference.pk]), data)

    first, second, third = response.context["formsets"][0].forms
    assert first.errors == {"owner": ["Choose who will do it"]}
    assert second.errors == {"by_when": ["Enter the date"]}
    assert list(third.errors) == ["by_when"]
    assert third.errors["by_when"][0].startswith("The date must be on or before")
    assert second["what"].value() == "Tell Leo about the plan."
    assert not Action.objects.exists()


def test_an_action_recorded_before_owners_keeps_its_name_while_new_rows_are_added(
    client, sam, conference, sam_attends
):
    older = Action.objects.create(
        meeting=conference, what="Ring the school.", who="Jan", by_when=datetime.date(2026, 12, 10)
    )
    client.force_login(sam)
    page = client.get(reverse("meeting_actions", args=[conference.pk]))
    assert "Jan (as recorded)" in page.content.decode()
    data = formset_data(
        "action",
        [
            action_row("Ring the school.", None, older.by_when, id=older.pk),
            action_row("Hold the first core group.", sam_attends, datetime.date(2026, 12, 20)),
        ],
        initial=1,
    )

    response = client.post(reverse("meeting_actions", args=[conference.pk]), data)

    assert response.status_code == 302
    older.refresh_from_db()
    assert (older.owner, older.who) == (None, "Jan")
    assert Action.objects.get(owner=sam_attends).who == "Sam Okafor (Children's services)"


def test_only_people_who_came_can_own_an_action(client, sam, conference, chloe_attends):
    chloe_attends.attendance = Attendee.Attendance.APOLOGIES
    chloe_attends.save()
    client.force_login(sam)
    data = formset_data(
        "action", [action_row("Tell Leo.", chloe_attends, datetime.date(2026, 12, 20))]
    )

    response = client.post(reverse("meeting_actions", args=[conference.pk]), data)

    assert response.context["formsets"][0].forms[0].errors == {
        "owner": ["Choose someone who came to the meeting"]
    }


def test_the_owner_sees_the_action_on_their_home_page_once_the_meeting_is_finalised(
    client, sam, conference, sam_attends
):
    late = Action.objects.create(
        meeting=conference,
        what="Visit Chloe",
        who="Sam",
        owner=sam_attends,
        by_when=timezone.localdate() - datetime.timedelta(days=3),
    )
    Action.objects.create(
        meeting=conference,
        what="Write up the plan",
        who="Sam",
        owner=sam_attends,
        by_when=timezone.localdate() + datetime.timedelta(days=10),
    )
    client.force_login(sam)
    assert "Visit Chloe" not in client.get(reverse("home")).content.decode()

    meeting_finalise(meeting=conference, by=sam)
    response = client.get(reverse("home"))

    assert [action.what for action in response.context["my_actions"]] == [
        "Visit Chloe",
        "Write up the plan",
    ]
    page = response.content.decode()
    row = page[page.index("Visit Chloe") : page.index("Write up the plan")]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in row
    assert late.is_overdue


def test_the_owners_actions_cost_the_same_queries_for_one_as_for_five(
    client, sam, conference, sam_attends
):
    def add_actions(number):
        for day in range(number):
            Action.objects.create(
                meeting=conference,
                what=f"Visit Chloe, the {day + 1}th time",
                who="Sam",
                owner=sam_attends,
                by_when=timezone.localdate() + datetime.timedelta(days=day),
            )

    def home_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home")).content.decode()
        return len(queries), page

    add_actions(1)
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)
    one, _ = home_queries()
    add_actions(4)
    five, page = home_queries()

    assert five == one
    assert page.count("Visit Chloe, the") == 5
    held = conference.held_on
    assert f"{conference.get_kind_display().lower()} on {held.day} {held:%B %Y}</a>" in page
    assert f">{conference.case.reference}</a>" in page


def test_an_action_someone_else_owns_is_not_on_my_home_page(
    client, sam, jo, conference, chloe_attends
):
    Action.objects.create(
        meeting=conference,
        what="Visit Chloe",
        who="Chloe",
        owner=chloe_attends,
        by_when=timezone.localdate(),
    )
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    assert list(client.get(reverse("home")).context["my_actions"]) == []


# --- Discussion -----------------------------------------------------------------------------


def test_the_discussion_saves_the_three_columns(client, sam, conference):
    client.force_login(sam)
    data = {
        "worried_about": "Daniel comes round after drinking.",
        "working_well": "Sandra visits every evening.",
        "needs_to_happen": "A safety plan Leo understands.",
        "revision": conference.revision,
    }

    response = client.post(reverse("meeting_discussion", args=[conference.pk]), data)

    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.working_well == "Sandra visits every evening."
    assert conference.history.first().history_user == sam


@pytest.mark.parametrize(
    ("context", "words", "never"),
    [
        (PracticeContext.CHILD_PROTECTION, "Future danger", "Future worries"),
        (PracticeContext.EARLY_HELP, "Future worries", "danger"),
    ],
)
def test_the_discussion_is_in_the_cases_own_words(client, sam, conference, context, words, never):
    conference.case.practice_context = context
    conference.case.save()
    client.force_login(sam)

    page = client.get(reverse("meeting_discussion", args=[conference.pk])).content.decode()

    assert words.lower() in page.lower()
    assert never.lower() not in page.lower()


@pytest.mark.parametrize("name", ["meeting_discussion", "meeting_decisions", "meeting_actions"])
@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("morgan", 200), ("jo", 403), ("alex", 404), ("pat", 404)]
)
def test_each_role_gets_the_page_it_deserves(
    client, request, conference, pat_grant, name, who, status
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(name, args=[conference.pk])).status_code == status


def test_a_finalised_meeting_refuses_decisions(client, sam, conference):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)
    data = formset_data("decision", [{"kind": "other", "category": "", "details": "Late"}])

    response = client.post(reverse("meeting_decisions", args=[conference.pk]), data)

    assert response["Location"] == conference.get_absolute_url()
    assert not Decision.objects.exists()


def test_a_date_error_links_to_the_day_of_that_rows_date(client, sam, conference, sam_attends):
    client.force_login(sam)
    data = formset_data("action", [action_row("Visit Chloe.", sam_attends, None)])

    response = client.post(reverse("meeting_actions", args=[conference.pk]), data)

    assert ("id_action-0-by_when_0", "Enter the date") in response.context["page_errors"]
    assert 'href="#id_action-0-by_when_0"' in response.content.decode()


def test_a_service_manager_overseeing_many_teams_sees_their_actions_on_every_one(
    client, conference, sam
):
    teams = [TeamFactory(name=f"Team {number}") for number in range(4)]
    riley = UserFactory(username="riley", role=User.Role.SERVICE_MANAGER, team=None)
    riley.overseen_teams.set(teams)
    for team in teams:
        case = CaseFactory(team=team)
        meeting = Meeting.objects.create(
            case=case,
            kind=Meeting.Kind.CORE_GROUP,
            held_at=conference.held_at,
            place="Civic Centre",
            chair="Chair",
            scaling_question="Where are things now?",
            created_by=sam,
        )
        riley_attends = Attendee.objects.create(
            meeting=meeting, kind="professional", name="Riley", user=riley
        )
        Action.objects.create(
            meeting=meeting,
            what=f"Ring {team.name}",
            who="Riley",
            owner=riley_attends,
            by_when=timezone.localdate(),
        )
        meeting_finalise(meeting=meeting, by=sam)
    client.force_login(riley)

    shown = {action.what for action in client.get(reverse("home")).context["my_actions"]}

    assert shown == {f"Ring {team.name}" for team in teams}
