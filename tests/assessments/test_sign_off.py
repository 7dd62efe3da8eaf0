"""Sign-off that cannot be gamed or get stuck: one lifecycle for assessments and plans, words
that keep their author when they are carried forward, and a way out of every state whatever the
shape of the team."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment, MappingEntry
from cases.models import User
from plans.models import PlanRule, SafetyPlan
from tests.factories import ManagerFactory, UserFactory

pytestmark = pytest.mark.django_db


def refusal(change):
    with pytest.raises(ValidationError) as raised:
        change()
    return " ".join(raised.value.messages)


def write_entry(assessment, by, text="Chloe walks Leo to nursery every day."):
    entry = MappingEntry(
        assessment=assessment,
        category=MappingEntry.Category.STRENGTH,
        text=text,
        source="Nursery",
        noted_on=datetime.date(2026, 11, 2),
    )
    entry.save_checked(expected_revision=entry.revision, by=by)
    return entry


@pytest.fixture
def riley(north):
    """A service manager who oversees the North team."""
    user = UserFactory(
        username="riley",
        first_name="Riley",
        last_name="Shah",
        role=User.Role.SERVICE_MANAGER,
        team=None,
    )
    user.overseen_teams.add(north)
    return user


@pytest.fixture
def morgan_wrote_in_version_1(reid_case, sam, morgan, riley):
    """Morgan adds an entry to assessment 1, which Riley signs off."""
    first = Assessment.start(case=reid_case, by=sam)
    write_entry(first, sam, "Leo says he feels safe at Nan's.")
    write_entry(first, morgan)
    first.submit(by=sam)
    first.sign_off(by=riley)
    return first


def test_a_copied_entry_keeps_its_author_and_says_where_it_came_from(
    morgan_wrote_in_version_1, sam, morgan
):
    second = morgan_wrote_in_version_1.start_new_version(by=sam)

    copied = second.entries.get(text="Chloe walks Leo to nursery every day.")
    assert (copied.written_by, copied.changed_by) == (morgan, morgan)
    record = copied.history.get()
    assert (record.history_user, record.history_change_reason) == (
        sam,
        "Carried forward from assessment 1, written by Morgan Hughes",
    )


def test_a_manager_cannot_sign_off_her_own_words_carried_into_a_later_version(
    morgan_wrote_in_version_1, sam, morgan, riley
):
    second = morgan_wrote_in_version_1.start_new_version(by=sam)
    second.submit(by=sam)

    assert refusal(lambda: second.sign_off(by=morgan)) == (
        "You wrote or changed words in this assessment, so another manager needs to sign it "
        "off. Riley Shah can sign it off."
    )
    second.sign_off(by=riley)
    second.refresh_from_db()
    assert (second.status, second.decided_by) == (Assessment.Status.SIGNED_OFF, riley)


def test_removing_the_managers_words_lets_her_sign_off(morgan_wrote_in_version_1, sam, morgan):
    second = morgan_wrote_in_version_1.start_new_version(by=sam)
    second.remove_part(second.entries.get(written_by=morgan), by=sam)
    second.submit(by=sam)

    second.sign_off(by=morgan)

    assert second.decided_by == morgan


def test_a_manager_who_contributed_may_still_send_it_back_with_a_reason(
    morgan_wrote_in_version_1, sam, morgan
):
    second = morgan_wrote_in_version_1.start_new_version(by=sam)
    second.submit(by=sam)

    assert refusal(lambda: second.send_back(reason="  ", by=morgan)) == (
        "Enter what needs to change, so the author knows."
    )
    second.send_back(reason="Add what Leo said at school.", by=morgan)

    second.refresh_from_db()
    assert (second.status, second.sent_back_reason, second.sent_back_by) == (
        Assessment.Status.DRAFT,
        "Add what Leo said at school.",
        morgan,
    )


def test_only_the_submitter_withdraws_and_only_a_manager_sends_back(reid_case, sam, jo, morgan):
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)

    assert refusal(lambda: assessment.withdraw(by=morgan)) == (
        "Only Sam Okafor, who submitted it, can withdraw it. A manager can send it back."
    )
    assert refusal(lambda: assessment.send_back(reason="More", by=jo)) == (
        "Only a manager of the North team, or a service manager overseeing it, can sign off "
        "this assessment."
    )
    assessment.withdraw(by=sam)
    assert assessment.status == Assessment.Status.DRAFT
    assert refusal(lambda: assessment.withdraw(by=sam)) == (
        "Only a submitted assessment can be withdrawn."
    )


def test_a_manager_of_another_team_cannot_sign_off(reid_case, sam, south):
    other = ManagerFactory(team=south)
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)

    assert refusal(lambda: assessment.sign_off(by=other)).startswith(
        "Only a manager of the North team"
    )


def test_a_plan_goes_through_the_same_lifecycle(reid_case, sam, morgan, riley):
    plan = SafetyPlan.start(case=reid_case, by=sam)
    rule = PlanRule(
        plan=plan, what_will_happen="Sandra collects Leo.", professional="Sam", how_we_will_know="X"
    )
    rule.save_checked(expected_revision=rule.revision, by=morgan)
    assert refusal(lambda: plan.approve(by=riley)) == "Only a submitted plan can be approved."
    plan.submit(by=sam)

    assert refusal(lambda: plan.approve(by=morgan)).startswith(
        "You wrote or changed words in this plan, so another manager needs to approve it."
    )
    plan.approve(by=riley)
    assert plan.is_approved
    second = plan.start_new_version(by=sam)
    assert second.rules.get().written_by == morgan


def test_a_plans_own_words_count_as_written_by_whoever_wrote_them(reid_case, sam, morgan):
    plan = SafetyPlan.start(case=reid_case, by=sam)
    plan.worry_signs = "Daniel rings late at night."
    plan.save_checked(expected_revision=plan.revision, by=morgan)

    assert plan.written_by(morgan)


def test_a_new_version_waits_while_one_is_waiting_for_sign_off(reid_case, sam, morgan):
    first = Assessment.start(case=reid_case, by=sam)
    first.submit(by=sam)
    first.sign_off(by=morgan)
    second = first.start_new_version(by=sam)
    second.submit(by=sam)

    assert refusal(lambda: first.start_new_version(by=sam)) == (
        "Assessment 2 is waiting to be signed off. It needs a decision before a new version starts."
    )


# --- No state without an exit, whatever the team's shape ---------------------------------------


def team_shape(shape, north, morgan):
    """The people who could move the work on, besides the worker."""
    if shape == "one manager who contributed":
        return []
    if shape == "two managers":
        return [ManagerFactory(username="casey", first_name="Casey", team=north)]
    service_manager = UserFactory(username="riley", role=User.Role.SERVICE_MANAGER, team=None)
    service_manager.overseen_teams.add(north)
    return [service_manager]


def moves_on(version, people):
    """Whether anyone can move the version on from where it is: each try is undone after."""
    for person in people:
        for step in ["submit", "withdraw", "sign_off", "start_new_version"]:
            try:
                getattr(version, step)(by=person)
            except ValidationError:
                continue
            return True
        try:
            version.send_back(reason="Please change it.", by=person)
        except ValidationError:
            continue
        return True
    return False


@pytest.mark.parametrize(
    "shape", ["one manager who contributed", "two managers", "a service manager"]
)
@pytest.mark.parametrize("state", ["draft", "submitted", "signed_off"])
def test_every_state_has_a_way_out_for_every_team_shape(shape, state, reid_case, sam, morgan):
    others = team_shape(shape, reid_case.team, morgan)
    assessment = Assessment.start(case=reid_case, by=sam)
    if state == "signed_off":
        assessment.submit(by=sam)
        assessment.sign_off(by=morgan)
    if state != "signed_off":
        write_entry(assessment, morgan)  # the team manager wrote part of it
    if state == "submitted":
        assessment.submit(by=sam)

    assert moves_on(assessment, [sam, morgan, *others])


@pytest.mark.parametrize("shape", ["two managers", "a service manager"])
def test_someone_who_wrote_none_of_it_can_always_sign_it_off(shape, reid_case, sam, morgan):
    others = team_shape(shape, reid_case.team, morgan)
    assessment = Assessment.start(case=reid_case, by=sam)
    write_entry(assessment, morgan)
    assessment.submit(by=sam)

    assert list(assessment.deciders()) == others
    assessment.sign_off(by=others[0])
    assert assessment.status == Assessment.Status.SIGNED_OFF


def test_with_one_manager_who_contributed_the_author_is_told_how_to_get_it_signed_off(
    reid_case, sam, morgan
):
    assessment = Assessment.start(case=reid_case, by=sam)
    write_entry(assessment, morgan)
    assessment.submit(by=sam)

    assert assessment.who_decides() == (
        "Every manager who could sign it off wrote part of it: ask an administrator to add a "
        "service manager for the North team."
    )


# --- Pages: explicit actions, the queue and what was sent back ----------------------------------


def test_opening_the_new_version_page_creates_nothing_and_its_button_does(
    client, reid_case, sam, morgan
):
    first = Assessment.start(case=reid_case, by=sam)
    write_entry(first, sam)
    first.submit(by=sam)
    first.sign_off(by=morgan)
    client.force_login(sam)
    url = reverse("assessment_new_version", args=[first.pk])

    page = client.get(url).content.decode()
    assert "Start assessment 2 from assessment 1" in page
    assert "1 entries in the three columns" in page
    assert reid_case.assessments.count() == 1

    response = client.post(url)
    second = reid_case.assessments.get(number=2)
    assert response["Location"] == second.get_absolute_url()


def test_the_case_page_offers_to_continue_a_draft_without_creating_one(
    client, reid_case, sam, morgan
):
    first = Assessment.start(case=reid_case, by=sam)
    client.force_login(morgan)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert f'href="{first.get_absolute_url()}">Continue the draft' in page
    assert reid_case.assessments.count() == 1


def test_the_managers_queue_lists_what_waits_oldest_first_and_the_author_sees_it_sent_back(
    client, reid_case, sam, morgan, pending_referral
):
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)
    plan = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=plan, what_will_happen="Sandra collects Leo.", professional="Sam", how_we_will_know="X"
    )
    plan.submit(by=sam)
    client.force_login(morgan)

    page = client.get(reverse("home")).content.decode()
    queue = page[page.index("Waiting for your decision") :]
    assert queue.index("Decide: Referral about") < queue.index("Sign off: Assessment 1")
    assert queue.index("Sign off: Assessment 1") < queue.index("Approve: Safety plan, version 1")
    assert "Waiting 0 working days" in queue
    assert plan.get_absolute_url() in queue

    client.post(
        reverse("assessment_send_back", args=[assessment.pk]),
        {"reason": "Add what Leo said at school."},
    )
    client.force_login(sam)
    page = client.get(reverse("home")).content.decode()
    assert "Sent back to you for changes" in page
    assert "Sent back by Morgan Hughes: “Add what Leo said at school.”" in page


def test_work_sent_back_is_listed_only_on_cases_its_author_may_still_read(
    client, reid_case, sam, morgan, alex
):
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)
    assessment.send_back(reason="Add what Leo said at school.", by=morgan)
    plan = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=plan, what_will_happen="Sandra collects Leo.", professional="Sam", how_we_will_know="X"
    )
    plan.submit(by=sam)
    plan.send_back(reason="Say who collects Leo.", by=morgan)
    client.force_login(sam)
    page = client.get(reverse("home")).content.decode()
    assert "Add what Leo said at school." in page
    assert "Say who collects Leo." in page

    # The case moves to another team and worker: Sam may no longer read it.
    type(reid_case).objects.filter(pk=reid_case.pk).update(team=alex.team, allocated_worker=alex)

    page = client.get(reverse("home")).content.decode()
    assert "Sent back to you for changes" not in page
    assert "Add what Leo said at school." not in page
    assert "Say who collects Leo." not in page


def test_a_managers_queue_shows_a_restricted_case_only_once_they_are_named_on_it(
    client, reid_case, sam, morgan, north
):
    other_manager = ManagerFactory(username="lee", team=north)
    Assessment.start(case=reid_case, by=sam).submit(by=sam)
    plan = SafetyPlan.start(case=reid_case, by=sam)
    PlanRule.objects.create(
        plan=plan, what_will_happen="Sandra collects Leo.", professional="Sam", how_we_will_know="X"
    )
    plan.submit(by=sam)
    reid_case.restrict([morgan, sam], by=morgan)

    def queue_of(manager):
        client.force_login(manager)
        return [item.what for item in client.get(reverse("home")).context["waiting"]]

    assert queue_of(morgan) == ["Assessment 1", "Safety plan, version 1"]
    assert queue_of(other_manager) == []
    reid_case.restrict([morgan, sam, other_manager], by=morgan)
    assert queue_of(other_manager) == ["Assessment 1", "Safety plan, version 1"]


def test_a_service_manager_sees_what_only_they_can_sign_off_and_manages_the_teams_cases(
    client, reid_case, sam, morgan, riley
):
    assessment = Assessment.start(case=reid_case, by=sam)
    write_entry(assessment, morgan)
    assessment.submit(by=sam)
    client.force_login(riley)

    page = client.get(reverse("home")).content.decode()
    assert "only a service manager can decide" in page
    response = client.post(reverse("assessment_sign_off", args=[assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.decided_by == riley
    assert assessment.history.first().history_user == riley


def test_a_service_manager_belongs_to_no_team_so_opens_no_case_or_referral(client, riley):
    client.force_login(riley)

    assert client.get(reverse("case_open")).status_code == 403
    assert client.get(reverse("referral_new")).status_code == 403
    assert client.get(reverse("referral_queue")).status_code == 200


def test_a_new_version_starts_only_from_the_latest_decided_one(reid_case, sam, morgan):
    first = Assessment.start(case=reid_case, by=sam)
    first.submit(by=sam)
    first.sign_off(by=morgan)
    second = first.start_new_version(by=sam)
    second.submit(by=sam)
    second.sign_off(by=morgan)

    assert refusal(lambda: first.start_new_version(by=sam)) == (
        "A new version starts from the latest signed off one, assessment 2."
    )
    assert not first.may_start_next()
    assert second.may_start_next()


def test_a_submitted_version_page_shows_who_can_decide_and_no_template_text(
    client, reid_case, sam, morgan
):
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam)
    client.force_login(morgan)

    page = client.get(assessment.get_absolute_url()).content.decode()

    assert "Morgan Hughes can sign it off." in page
    assert "{#" not in page
    assert "{%" not in page
