"""Posting fields a form does not offer (owner, team, restriction, role, status, revision) changes
nothing they name."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Assessment, MappingEntry
from cases.models import Case, User
from plans.models import SafetyPlan
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOTED = {"noted_on_0": "2", "noted_on_1": "11", "noted_on_2": "2026"}


def test_opening_a_case_ignores_team_restriction_and_reference(client, sam, south):
    client.force_login(sam)

    client.post(
        reverse("case_open"),
        {
            "practice_context": "early_help",
            "allocated_worker": sam.pk,
            "referral_source": "5D",
            "primary_need": "N9",
            "child-first_name": "Mia",
            "child-last_name": "Carter",
            "child-upn_unknown": "UN2",
            "team": south.pk,
            "restricted": "on",
            "reference": "SOS-1999-00001",
            "status": "closed",
        },
    )

    case = Case.objects.get()
    assert (case.team, case.restricted, case.status) == (sam.team, False, Case.Status.OPEN)
    assert case.reference != "SOS-1999-00001"


def test_editing_a_person_cannot_move_them_or_change_the_case(client, sam, reid_case, chloe):
    other = CaseFactory(team=reid_case.team)
    client.force_login(sam)

    client.post(
        reverse("person_edit", args=[reid_case.pk, chloe.person.pk]),
        {
            "first_name": "Chloe",
            "last_name": "Reid",
            "id": 999,
            "case": other.pk,
            "search_name": "x",
            "revision": chloe.person.revision,
        },
    )

    chloe.person.refresh_from_db()
    assert chloe.person.pk != 999
    assert chloe.person.search_name == "chloe reid"
    assert chloe.case == reid_case


def test_an_assessment_entry_cannot_be_moved_or_marked_as_the_referrers_words(
    client, sam, reid_case, north
):
    draft = Assessment.start(case=reid_case, by=sam)
    elsewhere = Assessment.start(case=CaseFactory(team=north, allocated_worker=sam), by=sam)
    client.force_login(sam)

    client.post(
        reverse("part_add", args=[draft.pk, "strengths"]),
        {
            "text": "Kind to Leo.",
            "source": "Nursery",
            "assessment": elsewhere.pk,
            "is_referrers_words": "on",
            "category": "future_danger",
            **NOTED,
        },
    )

    entry = MappingEntry.objects.get()
    assert (entry.assessment, entry.is_referrers_words, entry.category) == (
        draft,
        False,
        "strength",
    )


def test_a_plan_cannot_be_approved_or_frozen_through_its_edit_form(client, sam, reid_case):
    plan = SafetyPlan.start(case=reid_case, by=sam)
    client.force_login(sam)

    client.post(
        reverse("plan_edit", args=[plan.pk]),
        {
            "worry_signs": "Late calls.",
            "status": "approved",
            "decided_by": sam.pk,
            "frozen": '{"network": []}',
            "revision": plan.revision,
        },
    )

    plan.refresh_from_db()
    assert (plan.status, plan.decided_by, plan.frozen) == (SafetyPlan.Status.DRAFT, None, {})
    assert plan.worry_signs == "Late calls."


def test_a_partner_grant_cannot_set_who_granted_it_or_mark_it_revoked(
    client, morgan, sam, pat, reid_case
):
    client.force_login(morgan)

    client.post(
        reverse("partner_access", args=[reid_case.pk]),
        {
            "partner": pat.pk,
            "valid_from_0": "1",
            "valid_from_1": "12",
            "valid_from_2": "2026",
            "valid_until_0": "1",
            "valid_until_1": "12",
            "valid_until_2": "2027",
            "granted_by": sam.pk,
            "revoked_at": "2026-12-01T00:00",
            "case": CaseFactory(team=reid_case.team).pk,
        },
    )

    grant = reid_case.partner_grants.get()
    assert (grant.granted_by, grant.revoked_at, grant.case) == (morgan, None, reid_case)


def test_a_referral_cannot_set_its_own_decision_or_author(client, sam, morgan, north):
    client.force_login(sam)

    client.post(
        reverse("referral_new"),
        {
            "team": north.pk,
            "referrer_name": "Ruth",
            "referrer_agency": "School",
            "referrer_contact": "0163",
            "consent": "agreed",
            "child_first_name": "Tyler",
            "child_last_name": "Booth",
            "worried_about": "Hungry.",
            "working_well": "On time.",
            "needs_to_happen": "Breakfast.",
            "referrer_scaling_score": "4",
            "received_on_0": "20",
            "received_on_1": "11",
            "received_on_2": "2026",
            "status": "no_further_action",
            "decided_by": morgan.pk,
            "recorded_by": morgan.pk,
        },
    )

    from cases.models import Referral

    referral = Referral.objects.get()
    assert (referral.status, referral.decided_by, referral.recorded_by) == (
        Referral.Status.NEW,
        None,
        sam,
    )
    assert User.objects.get(pk=sam.pk).role == User.Role.SOCIAL_WORKER
    assert referral.received_on == datetime.date(2026, 11, 20)
