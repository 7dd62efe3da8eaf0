"""A partner's concern, recorded in the three columns, and the manager's decision on it."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, Referral
from tests.cases.test_case_pages import date_fields
from tests.factories import CaseFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def referral_data(team, **changes):
    data = {
        "team": team.pk,
        "referrer_name": "Ms Ruth Adeyemi",
        "referrer_agency": "Riverside Primary School",
        "referrer_contact": "01632 960 123",
        "consent": "agreed",
        "child_first_name": "Leo",
        "child_last_name": "Reid",
        "worried_about": "Leo said his dad shouted and threw a plate at his mum on Sunday.",
        "working_well": "His mum brings him to school every day, clean and fed.",
        "needs_to_happen": "Someone to talk with his mum about how to keep Leo safe.",
        "referrer_scaling_score": "3",
        **date_fields("received_on", datetime.date(2026, 11, 24)),
    }
    data.update(changes)
    return data


def test_a_worker_records_a_referral_from_the_school(client, sam, north):
    client.force_login(sam)

    response = client.post(reverse("referral_new"), referral_data(north))

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.NEW
    assert (referral.recorded_by, referral.team, referral.referrer_scaling_score) == (sam, north, 3)
    assert referral.history.get().history_user == sam


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"referrer_scaling_score": "11"}, "The scaling score must be between 0 and 10"),
        ({"referrer_scaling_score": "-1"}, "The scaling score must be between 0 and 10"),
        ({"worried_about": ""}, "This field is required"),
        ({"consent": "not_asked"}, "Say why the family have not been told"),
    ],
)
def test_a_referral_with_bad_input_is_shown_again_with_everything_kept(
    client, sam, north, changes, message
):
    client.force_login(sam)

    response = client.post(reverse("referral_new"), referral_data(north, **changes))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Riverside Primary School" in html
    assert "His mum brings him to school every day" in html
    assert not Referral.objects.exists()


def test_the_triage_queue_lists_only_the_managers_team_waiting_referrals(
    client, morgan, north, south
):
    waiting = ReferralFactory(team=north)
    ReferralFactory(team=north, status=Referral.Status.NO_FURTHER_ACTION)
    ReferralFactory(team=south)
    client.force_login(morgan)

    response = client.get(reverse("referral_queue"))

    assert list(response.context["referrals"]) == [waiting]


def test_triage_opens_a_new_case_for_the_referred_child(client, morgan, sam, pending_referral):
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "new_case",
            "practice_context": "child_protection",
            "allocated_worker": sam.pk,
            "reason": "A child protection enquiry is needed.",
        },
    )

    case = Case.objects.get()
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert case.referral == pending_referral
    assert [child.full_name for child in case.children.all()] == ["Tyler Booth"]
    assert case.allocated_worker == sam
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW_CASE
    assert (pending_referral.decided_by, pending_referral.decision_reason) == (
        morgan,
        "A child protection enquiry is needed.",
    )
    assert pending_referral.history.first().history_user == morgan


def test_triage_links_a_referral_to_a_case_the_manager_can_see(
    client, morgan, sam, north, pending_referral
):
    case = CaseFactory(team=north, allocated_worker=sam)
    client.force_login(morgan)

    client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "link", "case_reference": case.reference.lower(), "reason": "Same family."},
    )

    pending_referral.refresh_from_db()
    assert (pending_referral.status, pending_referral.linked_case) == (Referral.Status.LINKED, case)


def test_triage_cannot_link_to_a_case_the_manager_cannot_see(
    client, morgan, alex, pending_referral
):
    hidden = CaseFactory(team=alex.team, allocated_worker=alex)
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "link", "case_reference": hidden.reference, "reason": "Same family."},
    )

    assert "Enter the reference of a case you can see" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


def test_every_triage_decision_needs_a_reason(client, morgan, pending_referral):
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]), {"decision": "no_further_action"}
    )

    assert "Enter the reason for the decision" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


def test_closing_with_no_further_action_records_the_reason(client, morgan, pending_referral):
    client.force_login(morgan)

    client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "no_further_action", "reason": "School will support with breakfast club."},
    )

    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NO_FURTHER_ACTION
    assert not Case.objects.exists()


def test_a_referral_cannot_be_decided_twice(client, morgan, pending_referral):
    pending_referral.close_with_no_further_action(reason="First decision", by=morgan)
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "no_further_action", "reason": "Second decision"},
    )

    assert "A decision has already been made on this referral" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.decision_reason == "First decision"
