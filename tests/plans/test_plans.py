"""Safety plans: versions, rules, the contingency, approval, immutability and the word diff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.diff import word_diff
from assessments.models import ThreeHouses
from cases.models import SafetyNetworkMember
from plans.models import PlanRule, SafetyPlan

pytestmark = pytest.mark.django_db


def test_a_worker_starts_a_plan_and_adds_a_rule_for_a_network_member(
    client, sam, reid_case, network_member
):
    client.force_login(sam)

    response = client.post(reverse("plan_start", args=[reid_case.pk]))
    plan = SafetyPlan.objects.get()
    assert response["Location"] == reverse("plan_detail", args=[plan.pk])

    client.post(
        reverse("plan_rule_add", args=[plan.pk]),
        {
            "what_will_happen": "Sandra visits at bath time.",
            "network_member": network_member.pk,
            "how_we_will_know": "Leo tells Sam.",
        },
    )

    rule = PlanRule.objects.get()
    assert rule.responsible == "Sandra Reid (Grandmother)"
    assert rule.history.get().history_user == sam


def test_a_rule_needs_someone_responsible_and_keeps_what_was_typed(client, sam, plan):
    client.force_login(sam)

    response = client.post(
        reverse("plan_rule_add", args=[plan.pk]),
        {"what_will_happen": "Chloe keeps her phone charged.", "how_we_will_know": "Sam checks."},
    )

    html = response.content.decode()
    assert "Choose someone from the safety network, or enter the professional responsible" in html
    assert "Chloe keeps her phone charged." in html
    assert not PlanRule.objects.exists()


def test_the_contingency_and_review_date_are_saved_with_plain_language_help(client, sam, plan):
    client.force_login(sam)
    review = timezone.localdate() + datetime.timedelta(days=90)

    client.post(
        reverse("plan_edit", args=[plan.pk]),
        {
            "worry_signs": "Signs of DV at home.",
            "who_to_call": "Sandra first.",
            "what_each_person_will_do": "Chloe goes to Sandra's.",
            "review_date_0": review.day,
            "review_date_1": review.month,
            "review_date_2": review.year,
            "revision": plan.revision,
        },
    )

    plan.refresh_from_db()
    assert (plan.worry_signs, plan.review_date) == ("Signs of DV at home.", review)
    assert plan.history.first().history_user == sam


def test_a_review_date_in_the_past_is_refused(client, sam, plan):
    client.force_login(sam)

    response = client.post(
        reverse("plan_edit", args=[plan.pk]),
        {
            "worry_signs": "Calls late at night.",
            "review_date_0": 1,
            "review_date_1": 1,
            "review_date_2": 2020,
            "revision": plan.revision,
        },
    )

    assert "The review date must be today or in the future" in response.content.decode()
    assert "Calls late at night." in response.content.decode()


def test_approval_needs_a_submitted_plan_with_at_least_one_rule(client, sam, morgan, plan):
    client.force_login(sam)
    client.post(reverse("plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_draft

    PlanRule.objects.create(
        plan=plan, what_will_happen="Rule", professional="Sam", how_we_will_know="Check"
    )
    client.force_login(morgan)
    client.post(reverse("plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_draft
    client.force_login(sam)
    client.post(reverse("plan_submit", args=[plan.pk]))
    client.force_login(morgan)
    client.post(reverse("plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert (plan.status, plan.decided_by) == (SafetyPlan.Status.APPROVED, morgan)
    assert plan.history.first().history_user == morgan


def test_an_approved_plan_refuses_every_change(client, sam, approved_plan, rule):
    client.force_login(sam)

    edit = client.post(
        reverse("plan_edit", args=[approved_plan.pk]),
        {"worry_signs": "Changed", "revision": approved_plan.revision},
    )
    rule_edit = client.post(
        reverse("plan_rule_edit", args=[approved_plan.pk, rule.pk]),
        {
            "what_will_happen": "Changed",
            "professional": "Sam",
            "how_we_will_know": "Changed",
            "revision": rule.revision,
        },
    )
    remove = client.post(reverse("plan_rule_remove", args=[approved_plan.pk, rule.pk]))

    assert "This plan is approved, so it is locked" in edit.content.decode()
    assert "This plan is approved, so it is locked" in rule_edit.content.decode()
    assert remove.status_code == 403
    approved_plan.refresh_from_db()
    rule.refresh_from_db()
    assert approved_plan.worry_signs == "Daniel rings late at night."
    assert rule.what_will_happen.startswith("Daniel only sees Leo")


def test_an_approved_plan_keeps_the_network_and_words_it_was_approved_with(
    sam, network_member, approved_plan, reid_case
):
    before = approved_plan.content()

    network_member.end(on=timezone.localdate(), reason="Moved away", by=sam)
    SafetyNetworkMember.objects.create(
        case=reid_case,
        person=network_member.person,
        relationship="New",
        agreed_to_do="x",
        joined_on=timezone.localdate(),
    )
    ThreeHouses.objects.create(
        case=reid_case,
        child=reid_case.children.get(),
        house_of_worries="New worry",
        house_of_good_things="g",
        house_of_dreams="d",
        recorded_on=timezone.localdate(),
        recorded_by=sam,
    )
    approved_plan.refresh_from_db()

    assert approved_plan.content() == before
    assert [member["name"] for member in before["network"]] == ["Sandra Reid"]


def test_a_new_version_copies_the_plan_into_a_draft(client, sam, approved_plan):
    client.force_login(sam)

    response = client.post(reverse("plan_new_version", args=[approved_plan.pk]))

    new = SafetyPlan.objects.get(number=2)
    assert response["Location"] == reverse("plan_detail", args=[new.pk])
    assert (new.status, new.based_on, new.worry_signs) == (
        SafetyPlan.Status.DRAFT,
        approved_plan,
        approved_plan.worry_signs,
    )
    assert [rule.what_will_happen for rule in new.rules.all()] == [
        rule.what_will_happen for rule in approved_plan.rules.all()
    ]
    assert not approved_plan.is_superseded
    new.submit(by=sam)
    new.approve(by=approved_plan.decided_by)
    assert SafetyPlan.objects.get(pk=approved_plan.pk).is_superseded


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Sandra visits every evening.",
            "Sandra visits every evening.",
            [("same", "Sandra visits every evening.")],
        ),
        (
            "Sandra visits every evening.",
            "Sandra visits on Sundays.",
            [("same", "Sandra visits "), ("removed", "every evening."), ("added", "on Sundays.")],
        ),
        (
            "Sandra visits.",
            "Sandra and Ron visit.",
            [("same", "Sandra "), ("removed", "visits."), ("added", "and Ron visit.")],
        ),
        (
            "Chloe calls Sandra first.",
            "Chloe calls first.",
            [("same", "Chloe calls "), ("removed", "Sandra "), ("same", "first.")],
        ),
        ("", "A new rule.", [("added", "A new rule.")]),
        ("An old rule.", "", [("removed", "An old rule.")]),
    ],
)
def test_the_word_diff_marks_edits_insertions_and_deletions(old, new, expected):
    assert [(piece.kind, piece.text) for piece in word_diff(old, new)] == expected


def test_a_manager_reads_the_word_diff_between_two_versions(client, sam, morgan, approved_plan):
    second = approved_plan.start_new_version(by=sam)
    second.worry_signs = "Daniel rings late at night or waits outside nursery."
    second.save()
    client.force_login(morgan)

    response = client.get(reverse("plan_compare", args=[second.pk, approved_plan.pk]))

    html = response.content.decode()
    assert "What changed from version 1 to version 2" in html
    assert (
        '<del class="sos-diff__removed">night.</del><ins class="sos-diff__added">night or waits outside nursery.</ins>'
        in html
    )
    sections = {section["title"]: section["changed"] for section in response.context["sections"]}
    assert sections["Signs the worries are coming back"] is True
    assert sections["Rules and actions"] is False


def test_plan_words_follow_the_practice_context(client, alex, south):
    from tests.factories import CaseFactory

    case = CaseFactory(allocated_worker=alex, team=south, practice_context="child_in_care")
    plan = SafetyPlan.start(case=case, by=alex)
    client.force_login(alex)

    html = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()

    assert "Stability plan for" in html
    assert "Safety plan" not in html
