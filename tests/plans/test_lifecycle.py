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


def test_a_plan_with_no_rules_is_not_submitted_and_only_a_submitted_plan_is_approved(
    plan, rule, sam, morgan
):
    rule.delete()
    assert refusal(lambda: plan.submit(by=sam)) == (
        "Add at least one rule or action before submitting the plan."
    )
    rule.save()
    assert refusal(lambda: plan.approve(by=morgan)) == "Only a submitted plan can be approved."
    plan.submit(by=sam)
    plan.approve(by=morgan)
    assert refusal(lambda: plan.approve(by=morgan)) == "Only a submitted plan can be approved."


def test_an_approved_plan_refuses_changes_and_a_second_draft(approved_plan, sam):
    assert refusal(approved_plan.refuse_changes).startswith(
        "This plan is approved, so it is locked."
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
