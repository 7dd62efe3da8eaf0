"""Statutory visits: recording one, when the next is due, and overdue visits on the home pages."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry, PracticeContext, User
from tests.factories import CaseFactory, PersonFactory, UserFactory
from visits.models import Visit
from visits.timescales import next_visit_due

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def new_visit_url(case):
    return reverse("visit_create", args=[case.pk])


def answers(day=None, **changes):
    day = day or TODAY()
    data = {
        "visited_on_0": str(day.day),
        "visited_on_1": str(day.month),
        "visited_on_2": str(day.year),
        "child_seen": "True",
        "seen_alone": "True",
        "bedroom_seen": "True",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def visit(case, *, on, by, child=None, seen=True):
    record = Visit(
        case=case,
        child=child or case.children.first(),
        visited_on=on,
        child_seen=seen,
        seen_alone=seen,
        recorded_by=by,
    )
    record._history_user = by
    record.save()
    return record


def errors(response):
    return response.context["form"].errors


# --- Recording a visit ------------------------------------------------------------------------


def test_the_allocated_worker_records_a_visit_with_their_name_on_its_history(
    client, sam, reid_case
):
    client.force_login(sam)
    leo = reid_case.children.get()

    response = client.post(new_visit_url(reid_case), answers())

    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[reid_case.pk]) + "#visits"
    saved = Visit.objects.get(case=reid_case)
    assert (saved.child, saved.visited_on, saved.recorded_by) == (leo, TODAY(), sam)
    assert (saved.child_seen, saved.seen_alone, saved.bedroom_seen) == (True, True, True)
    assert saved.history.get().history_user == sam
    assert AccessLogEntry.objects.filter(
        case=reid_case, user=sam, action="record a visit", allowed=True, method="POST"
    ).exists()


def test_a_case_with_one_child_is_not_asked_which_child(client, sam, reid_case):
    client.force_login(sam)

    form = client.get(new_visit_url(reid_case)).context["form"]

    assert "child" not in form.fields


def test_a_case_with_several_children_asks_which_and_records_that_one(client, sam, reid_case):
    mia = PersonFactory(first_name="Mia", last_name="Reid")
    reid_case.add_child(mia, by=sam)
    client.force_login(sam)

    missing = client.post(new_visit_url(reid_case), answers())
    client.post(new_visit_url(reid_case), answers(child=str(mia.pk)))

    assert errors(missing)["child"] == ["Select which child you visited"]
    assert "Mia Reid" in missing.content.decode()
    assert "Leo Reid" in missing.content.decode()
    assert Visit.objects.get(case=reid_case).child == mia


def test_a_child_who_was_not_seen_is_not_asked_whether_seen_alone(client, sam, reid_case):
    client.force_login(sam)

    client.post(new_visit_url(reid_case), answers(child_seen="False", seen_alone=None))

    saved = Visit.objects.get(case=reid_case)
    assert (saved.child_seen, saved.seen_alone) == (False, False)


def test_the_bedroom_is_asked_only_on_child_protection_work(client, sam, north):
    cin = CaseFactory(
        allocated_worker=sam, team=north, practice_context=PracticeContext.CHILD_IN_NEED
    )
    client.force_login(sam)

    form = client.get(new_visit_url(cin)).context["form"]
    client.post(new_visit_url(cin), answers(bedroom_seen=None))

    assert "bedroom_seen" not in form.fields
    assert Visit.objects.get(case=cin).bedroom_seen is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"child_seen": None}, "child_seen", "Select whether the child was seen"),
        ({"seen_alone": None}, "seen_alone", "Select whether the child was seen alone"),
        ({"bedroom_seen": None}, "bedroom_seen", "Select whether the child's bedroom was seen"),
        (
            {"child_seen": "False", "seen_alone": "True"},
            "seen_alone",
            "A child who was not seen cannot have been seen alone: answer No, or change the "
            "answer to ‘Was the child seen?’",
        ),
        (
            {"visited_on_0": "", "visited_on_1": "", "visited_on_2": ""},
            "visited_on",
            "Enter the date of the visit",
        ),
        (
            {"visited_on_0": "31", "visited_on_1": "2", "visited_on_2": "2026"},
            "visited_on",
            "The date of the visit must be a real date, for example 27 3 2019",
        ),
        (
            {"visited_on_0": "30", "visited_on_1": "9", "visited_on_2": "2026"},
            "visited_on",
            "The date of the visit cannot be before the case opened on 1 October 2026",
        ),
    ],
)
def test_each_wrong_answer_gets_its_own_message_and_keeps_the_others(
    client, sam, reid_case, changes, field, message
):
    client.force_login(sam)

    response = client.post(new_visit_url(reid_case), answers(**changes))

    assert response.status_code == 200
    assert errors(response) == {field: [message]}
    assert message in html.unescape(response.content.decode())
    assert not Visit.objects.exists()
    # What was typed stays on the page, to be corrected rather than typed again.
    assert response.context["form"].data["child_seen" if field != "child_seen" else "seen_alone"]


def test_an_empty_form_says_what_each_question_needs(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(new_visit_url(reid_case), {"submit": "Save the visit"})

    assert errors(response) == {
        "visited_on": ["Enter the date of the visit"],
        "child_seen": ["Select whether the child was seen"],
        "bedroom_seen": ["Select whether the child's bedroom was seen"],
    }


def test_no_question_is_marked_optional(client, sam, reid_case):
    client.force_login(sam)

    again = client.post(new_visit_url(reid_case), answers(child_seen="False", seen_alone="True"))

    assert "(optional)" not in client.get(new_visit_url(reid_case)).content.decode()
    assert "(optional)" not in again.content.decode()


def test_a_visit_in_the_future_is_refused(client, sam, reid_case):
    client.force_login(sam)
    tomorrow = TODAY() + datetime.timedelta(days=1)

    response = client.post(new_visit_url(reid_case), answers(day=tomorrow))

    assert errors(response) == {
        "visited_on": [f"The date of the visit must be on or before {TODAY():%-d %B %Y}"]
    }
    assert not Visit.objects.exists()


def test_a_closed_case_refuses_a_visit(client, sam, morgan, reid_case):
    reid_case.close(reason="Safety goals met.", on=TODAY(), by=morgan)
    client.force_login(sam)

    response = client.post(new_visit_url(reid_case), answers())

    assert response.status_code == 200
    assert errors(response)["__all__"] == [
        "This case is closed, so it cannot be changed. A manager can reopen it."
    ]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        ("sam", 200, 302),  # the allocated worker
        ("morgan", 200, 302),  # the team manager
        ("jo", 403, 403),  # a worker in the team reads the case, and cannot change it
        ("alex", 404, 404),  # another team's worker
        ("pat", 404, 404),  # a partner with a grant sees the plan only
    ],
)
def test_each_role_gets_the_visit_form_it_deserves(
    client, request, reid_case, pat_grant, who, get_status, post_status
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(new_visit_url(reid_case)).status_code == get_status
    assert client.post(new_visit_url(reid_case), answers()).status_code == post_status
    assert Visit.objects.exists() == (post_status == 302)
    refused = AccessLogEntry.objects.filter(action="record a visit", allowed=False)
    assert refused.count() == (0 if get_status == 200 else 2)


def test_someone_not_signed_in_is_sent_to_sign_in(client, reid_case):
    response = client.post(new_visit_url(reid_case), answers())

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Visit.objects.exists()


# --- When the next visit is due -----------------------------------------------------------------


def test_child_protection_is_ten_working_days_skipping_christmas_bank_holidays():
    case = CaseFactory.build(practice_context=PracticeContext.CHILD_PROTECTION)

    # Friday 25 and Monday 28 December 2026 and Friday 1 January 2027 are bank holidays.
    assert next_visit_due(case, datetime.date(2026, 12, 17)) == datetime.date(2027, 1, 5)


def test_with_no_visit_the_time_counts_from_the_case_opening():
    case = CaseFactory.build(
        practice_context=PracticeContext.CHILD_PROTECTION, opened_on=datetime.date(2026, 12, 17)
    )

    assert next_visit_due(case, None) == datetime.date(2027, 1, 5)


@pytest.mark.parametrize("context", [PracticeContext.CHILD_IN_NEED, PracticeContext.CHILD_IN_CARE])
def test_child_in_need_and_in_care_follow_the_councils_setting(settings, context):
    settings.SOS_VISIT_INTERVAL_WORKING_DAYS = 15
    case = CaseFactory.build(practice_context=context)

    assert next_visit_due(case, datetime.date(2026, 12, 17)) == datetime.date(2027, 1, 12)


def test_the_councils_setting_is_twenty_working_days_unless_set(settings):
    case = CaseFactory.build(practice_context=PracticeContext.CHILD_IN_NEED)

    assert settings.SOS_VISIT_INTERVAL_WORKING_DAYS == 20
    assert next_visit_due(case, datetime.date(2026, 11, 2)) == datetime.date(2026, 11, 30)


@pytest.mark.parametrize("context", [PracticeContext.EARLY_HELP, PracticeContext.CARE_LEAVER])
def test_early_help_and_care_leavers_have_no_statutory_visit(context):
    case = CaseFactory.build(practice_context=context)

    assert next_visit_due(case, datetime.date(2026, 12, 17)) is None


# --- The case page --------------------------------------------------------------------------


def test_the_case_page_shows_the_visits_and_when_the_next_is_due(client, sam, reid_case):
    recent = TODAY() - datetime.timedelta(days=1)
    visit(reid_case, on=recent, by=sam)
    client.force_login(sam)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    due = next_visit_due(reid_case, recent)
    assert f"Next visit due: {due:%-d %B %Y}" in page
    assert 'href="#visits"' in page
    assert 'id="visits"' in page
    assert f"{recent:%-d %b %Y}" in page
    assert "Leo" in page
    assert "Overdue</strong>" not in page
    assert new_visit_url(reid_case) in page


def test_the_case_page_marks_an_overdue_visit(client, sam, reid_case):
    # Opened on 1 October 2026 and nobody seen since: ten working days have long passed.
    client.force_login(sam)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "Next visit due: 15 October 2026" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert "No visits are recorded yet." in page


def test_a_visit_where_the_child_was_not_seen_does_not_restart_the_clock(client, sam, reid_case):
    visit(reid_case, on=TODAY(), by=sam, seen=False)
    client.force_login(sam)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "Next visit due: 15 October 2026" in page


def test_the_next_visit_is_due_for_the_child_seen_longest_ago(client, sam, reid_case):
    leo = reid_case.children.get()
    mia = PersonFactory(first_name="Mia", last_name="Reid")
    reid_case.add_child(mia, by=sam)
    recent, earlier = TODAY(), TODAY() - datetime.timedelta(days=3)
    client.force_login(sam)
    url = reverse("case_detail", args=[reid_case.pk])

    visit(reid_case, on=recent, by=sam, child=leo)
    mia_never_seen = client.get(url).content.decode()
    visit(reid_case, on=earlier, by=sam, child=mia)
    both_seen = client.get(url).content.decode()

    assert "Next visit due: 15 October 2026" in mia_never_seen
    assert "not every child has been seen yet" in mia_never_seen
    assert f"Next visit due: {next_visit_due(reid_case, earlier):%-d %B %Y}" in both_seen


def test_someone_who_may_only_read_the_case_is_not_offered_the_form(client, jo, reid_case):
    client.force_login(jo)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "Next visit due:" in page
    assert new_visit_url(reid_case) not in page


def test_an_early_help_case_has_no_visit_timescale_and_never_says_danger(client, sam, north):
    early_help = CaseFactory(
        allocated_worker=sam, team=north, practice_context=PracticeContext.EARLY_HELP
    )
    client.force_login(sam)

    page = client.get(reverse("case_detail", args=[early_help.pk])).content.decode()

    assert "No statutory visit timescale for early help work." in page
    assert "Next visit due" not in page
    assert "danger" not in page.lower()


# --- The home pages -----------------------------------------------------------------------------


@pytest.fixture
def overdue_case(sam, north):
    """A child protection case in the North team where nobody has seen the child since it
    opened, more than ten working days ago."""
    return CaseFactory(allocated_worker=sam, team=north, reference="CP-OVERDUE")


@pytest.fixture
def visited_case(sam, north):
    case = CaseFactory(allocated_worker=sam, team=north, reference="CP-VISITED")
    visit(case, on=TODAY(), by=sam)
    return case


def overdue_on_home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    context = response.context
    listed = context.get("my_overdue_visits") or context.get("team_overdue_visits") or []
    return [deadline.case.reference for deadline in listed], response.content.decode()


def test_the_worker_sees_their_case_with_an_overdue_visit(client, sam, overdue_case, visited_case):
    listed, page = overdue_on_home(client, sam)

    assert listed == ["CP-OVERDUE"]
    assert "Your cases with a visit overdue" in page


def test_the_team_manager_sees_the_teams_overdue_visits(client, morgan, overdue_case, visited_case):
    listed, page = overdue_on_home(client, morgan)

    assert listed == ["CP-OVERDUE"]
    assert "Overdue visits in the team, most overdue first" in page
    assert "Sam Okafor" in page


def test_a_service_manager_sees_overdue_visits_in_the_teams_they_oversee_only(
    client, north, south, overdue_case
):
    riley = UserFactory(username="riley", role=User.Role.SERVICE_MANAGER, team=None)
    riley.overseen_teams.add(north)
    casey = UserFactory(username="casey", role=User.Role.SERVICE_MANAGER, team=None)
    casey.overseen_teams.add(south)

    assert overdue_on_home(client, riley)[0] == ["CP-OVERDUE"]
    assert overdue_on_home(client, casey)[0] == []


def test_a_restricted_case_is_in_a_managers_overdue_visits_only_once_they_are_named_on_it(
    client, north, morgan, sam, overdue_case
):
    other_manager = UserFactory(username="lee", role=User.Role.MANAGER, team=north)
    overdue_case.restrict([morgan], by=morgan)

    assert overdue_on_home(client, morgan)[0] == ["CP-OVERDUE"]
    assert overdue_on_home(client, other_manager)[0] == []
    overdue_case.restrict([morgan, other_manager], by=morgan)
    assert overdue_on_home(client, other_manager)[0] == ["CP-OVERDUE"]


def test_a_service_manager_in_a_team_they_do_not_oversee_sees_only_the_teams_they_oversee(
    client, north, south, overdue_case
):
    riley = UserFactory(username="riley", role=User.Role.SERVICE_MANAGER, team=north)
    riley.overseen_teams.add(south)

    assert overdue_on_home(client, riley)[0] == []
    riley.overseen_teams.add(north)
    assert overdue_on_home(client, riley)[0] == ["CP-OVERDUE"]


def test_a_case_where_one_child_has_not_been_seen_is_overdue_on_the_home_pages(
    client, sam, morgan, visited_case
):
    visited_case.add_child(PersonFactory(first_name="Mia"), by=sam)

    assert overdue_on_home(client, sam)[0] == ["CP-VISITED"]
    assert overdue_on_home(client, morgan)[0] == ["CP-VISITED"]


def test_nobody_else_sees_the_overdue_visit(client, jo, alex, overdue_case):
    for someone in [jo, alex]:
        listed, page = overdue_on_home(client, someone)
        assert listed == []
        assert "CP-OVERDUE" not in page


def test_early_help_and_closed_cases_have_no_overdue_visits(client, sam, morgan, north):
    CaseFactory(allocated_worker=sam, team=north, practice_context=PracticeContext.EARLY_HELP)
    closed = CaseFactory(allocated_worker=sam, team=north)
    closed.close(reason="Safety goals met.", on=TODAY(), by=morgan)

    assert overdue_on_home(client, sam)[0] == []
    assert overdue_on_home(client, morgan)[0] == []


def test_the_home_pages_cost_the_same_for_one_overdue_case_or_ten(client, sam, morgan, north):
    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    CaseFactory(allocated_worker=sam, team=north)
    few = [count(sam), count(morgan)]
    for _ in range(9):
        case = CaseFactory(allocated_worker=sam, team=north)
        visit(case, on=TODAY() - datetime.timedelta(days=60), by=sam)

    assert [count(sam), count(morgan)] == few
    assert len(overdue_on_home(client, sam)[0]) == 10


# --- The case timeline --------------------------------------------------------------------------


def test_a_visit_reads_as_a_sentence_on_the_case_timeline(client, sam, morgan, reid_case):
    leo = reid_case.children.get()
    record = Visit(
        case=reid_case,
        child=leo,
        visited_on=datetime.date(2026, 12, 2),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=True,
        recorded_by=sam,
    )
    record._history_user = sam
    record.save()
    client.force_login(morgan)

    response = client.get(reverse("case_history", args=[reid_case.pk]))

    events = [event for event in response.context["events"] if event.key == "visit"]
    assert [event.user for event in events] == [sam]
    assert events[0].summary == (
        "Sam Okafor recorded a visit to Leo on 2 December 2026: seen alone, bedroom seen"
    )
    assert "Sam Okafor recorded a visit to Leo on 2 December 2026" in response.content.decode()
