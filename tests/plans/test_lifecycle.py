"""A plan's approval and new versions refuse a wrong starting state themselves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import SafetyPlan

pytestmark = pytest.mark.django_db


def refusal(change):
    with pytest.raises(ValidationError) as raised:
        change()
    return raised.value.message


def test_a_plan_with_no_rules_or_already_approved_is_not_approved(plan, rule, morgan):
    rule.delete()
    assert refusal(lambda: plan.approve(by=morgan)) == (
        "Add at least one rule or action before approving the plan."
    )
    rule.save()
    plan.approve(by=morgan)
    assert refusal(lambda: plan.approve(by=morgan)) == (
        "Only a draft plan on an open case can be approved."
    )


def test_an_approved_plan_refuses_changes_and_a_second_draft(approved_plan, sam):
    assert refusal(approved_plan.refuse_changes).startswith(
        "This version of the plan is approved, so it cannot change."
    )
    draft = approved_plan.start_new_version(by=sam)
    assert refusal(lambda: approved_plan.start_new_version(by=sam)) == (
        f"Version {draft.number} is already a draft: carry on with it."
    )


def test_no_plan_starts_on_a_closed_case(client, reid_case, sam, morgan):
    reid_case.close(reason="Safe", on=datetime.date.today(), by=morgan)
    assert refusal(lambda: SafetyPlan.start(case=reid_case, by=sam)) == (
        "This case is closed, so no plan can be started."
    )
    client.force_login(morgan)

    response = client.post(reverse("plan_start", args=[reid_case.pk]), follow=True)

    assert response.redirect_chain == [(reid_case.get_absolute_url(), 302)]
    assert "This case is closed, so no plan can be started." in response.content.decode()
    assert not reid_case.safety_plans.exists()
