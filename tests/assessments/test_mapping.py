"""The mapping: its three columns, versions, submission and sign-off."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import (
    Assessment,
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    SafetyGoal,
)
from cases.models import Case
from tests.factories import ManagerFactory

pytestmark = pytest.mark.django_db


def date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


NOTED = date_fields("noted_on", datetime.date(2026, 11, 2))


def test_the_first_assessment_from_a_referral_starts_with_the_referrers_words(
    client, morgan, sam, pending_referral
):
    case = pending_referral.open_case(
        practice_context="child_protection", allocated_worker=sam, reason="Needs a look", by=morgan
    )
    client.force_login(sam)

    response = client.post(reverse("assessment_start", args=[case.pk]))

    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment_detail", args=[assessment.pk])
    words = {entry.category: entry for entry in assessment.entries.all()}
    assert words[MappingEntry.Category.REFERRER_WORRY].text == pending_referral.worried_about
    assert words[MappingEntry.Category.REFERRER_WORKING_WELL].text == pending_referral.working_well
    assert words[MappingEntry.Category.REFERRER_NEEDS].text == pending_referral.needs_to_happen
    assert all(entry.is_referrers_words for entry in words.values())
    html = client.get(response["Location"]).content.decode()
    assert "The referrer's words" in html


def test_an_assessment_without_a_referral_starts_empty(client, sam, reid_case):
    client.force_login(sam)

    client.post(reverse("assessment_start", args=[reid_case.pk]))

    assert Assessment.objects.get().entries.count() == 0


@pytest.mark.parametrize(
    ("part", "data", "model", "field", "value"),
    [
        (
            "future-worries",
            {"text": "Leo could be hurt.", "source": "Sam", **NOTED},
            MappingEntry,
            "category",
            "future_danger",
        ),
        (
            "complicating-factors",
            {"text": "No phone credit.", "source": "Chloe", **NOTED},
            MappingEntry,
            "category",
            "complicating_factor",
        ),
        (
            "strengths",
            {"text": "Reads with Leo.", "source": "Chloe", **NOTED},
            MappingEntry,
            "category",
            "strength",
        ),
        (
            "existing-safety",
            {"text": "Went to Sandra's.", "source": "Sandra", **NOTED},
            MappingEntry,
            "category",
            "existing_safety",
        ),
        (
            "family-goals",
            {"text": "Calm home.", "source": "Chloe", **NOTED},
            MappingEntry,
            "category",
            "family_goal",
        ),
        (
            "agency-goals",
            {"text": "Never at home when Daniel drinks.", "source": "Sam", **NOTED},
            MappingEntry,
            "category",
            "agency_goal",
        ),
        (
            "past-harm",
            {
                "behaviour": "Threw a plate",
                "frequency": "Three times",
                "worst_incident": "4 October",
                "impact_on_child": "Bed wetting",
                "source": "Chloe",
                **NOTED,
            },
            PastHarm,
            "frequency",
            "Three times",
        ),
        (
            "next-steps",
            {
                "what": "Meet Sandra",
                "who": "Sam",
                **date_fields("by_when", datetime.date(2026, 12, 1)),
            },
            NextStep,
            "who",
            "Sam",
        ),
        (
            "worry-statements",
            {
                "who_is_worried": "Sam",
                "worried_behaviour": "Daniel drinks",
                "likely_impact": "Leo hurt",
                "family_view": "Chloe disagrees",
            },
            DangerStatement,
            "family_view",
            "Chloe disagrees",
        ),
    ],
)
def test_each_part_of_the_mapping_is_saved_with_one_attributed_history_row(
    client, sam, draft, part, data, model, field, value
):
    client.force_login(sam)

    response = client.post(reverse("part_add", args=[draft.pk, part]), data)

    assert response.status_code == 302
    item = model.objects.get(assessment=draft)
    assert getattr(item, field) == value
    assert item.history.count() == 1
    assert item.history.get().history_user == sam


def test_a_part_with_a_missing_field_is_shown_again_with_the_text_kept(client, sam, draft):
    client.force_login(sam)

    response = client.post(
        reverse("part_add", args=[draft.pk, "past-harm"]),
        {"behaviour": "Threw a plate at the wall", **NOTED},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Threw a plate at the wall" in html
    assert not PastHarm.objects.exists()


def test_editing_an_entry_adds_one_history_row(client, sam, draft, strength):
    client.force_login(sam)

    client.post(
        reverse("part_edit", args=[draft.pk, "strengths", strength.pk]),
        {
            "text": "Chloe walks Leo to nursery and stays to chat.",
            "source": "Nursery",
            "revision": strength.revision,
            **NOTED,
        },
    )

    strength.refresh_from_db()
    assert strength.text == "Chloe walks Leo to nursery and stays to chat."
    assert strength.history.count() == 2
    assert strength.history.first().history_user == sam


def test_saving_an_entry_reads_its_case_once_for_the_access_check_and_the_draft_check(
    client, sam, draft, strength
):
    client.force_login(sam)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("part_edit", args=[draft.pk, "strengths", strength.pk]),
            {"text": "Chloe reads to Leo.", "source": "Nursery", "revision": 1, **NOTED},
        )

    assert response.status_code == 302
    case_reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT") and 'FROM "cases_case"' in query["sql"]
    ]
    assert len(case_reads) == 1, "\n".join(case_reads)


def test_a_statement_is_shown_as_one_sentence_with_the_familys_view(client, sam, draft, statement):
    statement.family_view = "Chloe says Daniel never hurts the children."
    statement.save()
    client.force_login(sam)

    html = client.get(reverse("assessment_detail", args=[draft.pk])).content.decode()

    assert (
        "Sam and the school are worried that Daniel comes to the house after drinking and throws things. If nothing changes, Leo could be badly hurt."
        in html
    )
    assert "Chloe says Daniel never hurts the children." in html


def test_a_goal_is_added_to_a_statement_and_missing_goals_are_listed(client, sam, draft, statement):
    client.force_login(sam)
    assert (
        "has no safety goal yet"
        in client.get(reverse("assessment_detail", args=[draft.pk])).content.decode()
    )

    client.post(
        reverse("goal_edit", args=[draft.pk, statement.pk]),
        {
            "what_needs_to_be_seen": "Leo is never at home when Daniel has been drinking.",
            "how_long": "Six months",
            "revision": 1,
        },
    )

    goal = SafetyGoal.objects.get()
    assert (goal.danger_statement, goal.how_long) == (statement, "Six months")
    assert (
        "has no safety goal yet"
        not in client.get(reverse("assessment_detail", args=[draft.pk])).content.decode()
    )


def test_more_than_three_statements_brings_advice(client, sam, draft):
    for number in range(4):
        DangerStatement.objects.create(
            assessment=draft,
            who_is_worried="Sam",
            worried_behaviour=f"Worry {number}",
            likely_impact="Harm",
        )
    client.force_login(sam)

    html = client.get(reverse("assessment_detail", args=[draft.pk])).content.decode()

    assert "There are 4 danger statements. Usually there are no more than three" in html


def test_submit_then_a_manager_signs_off_and_the_version_is_locked(
    client, sam, morgan, draft, strength
):
    client.force_login(sam)
    client.post(reverse("assessment_submit", args=[draft.pk]), {"factors": ["2B"]})
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_by) == (Assessment.Status.SUBMITTED, sam)

    client.force_login(morgan)
    client.post(reverse("assessment_sign_off", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.decided_by) == (Assessment.Status.SIGNED_OFF, morgan)
    assert draft.history.first().history_user == morgan


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("submitted", "waiting for sign-off, so it cannot be changed"),
        ("signed_off", "signed off, so it is locked"),
    ],
)
def test_a_locked_version_refuses_every_change_and_nothing_changes(
    client, sam, morgan, draft, strength, status, message
):
    draft.submit(by=sam)
    if status == "signed_off":
        draft.sign_off(by=morgan)
    client.force_login(sam)

    edit = client.post(
        reverse("part_edit", args=[draft.pk, "strengths", strength.pk]),
        {
            "text": "Changed after the fact",
            "source": "Nursery",
            "revision": strength.revision,
            **NOTED,
        },
    )
    add = client.post(
        reverse("part_add", args=[draft.pk, "strengths"]), {"text": "New", "source": "Me", **NOTED}
    )
    remove = client.post(reverse("part_remove", args=[draft.pk, "strengths", strength.pk]))

    assert edit.status_code == add.status_code == 200
    assert message in edit.content.decode()
    assert message in add.content.decode()
    assert remove.status_code == 403
    strength.refresh_from_db()
    assert strength.text == "Chloe walks Leo to nursery every day."
    assert draft.entries.count() == 1


def test_a_manager_cannot_sign_off_an_assessment_they_wrote(client, sam, morgan, draft):
    client.force_login(morgan)
    client.post(
        reverse("part_add", args=[draft.pk, "strengths"]),
        {"text": "Chloe is kind to Leo.", "source": "Morgan", **NOTED},
    )
    draft.submit(by=sam)

    response = client.post(reverse("assessment_sign_off", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "another manager needs to sign it off" in follow
    other_manager = ManagerFactory(username="lee", team=draft.case.team)
    client.force_login(other_manager)
    client.post(reverse("assessment_sign_off", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.decided_by == other_manager


def test_a_manager_sends_an_assessment_back_with_a_reason(client, sam, morgan, draft):
    draft.submit(by=sam)
    client.force_login(morgan)

    client.post(reverse("assessment_send_back", args=[draft.pk]), {"reason": "Add what Leo said."})

    draft.refresh_from_db()
    assert (draft.status, draft.sent_back_reason) == (Assessment.Status.DRAFT, "Add what Leo said.")


def test_a_new_version_copies_everything_forward_into_a_draft(
    client, sam, morgan, draft, strength, statement
):
    SafetyGoal.objects.create(
        danger_statement=statement, what_needs_to_be_seen="Calm home", how_long="Six months"
    )
    PastHarm.objects.create(
        assessment=draft,
        behaviour="Plate",
        frequency="Once",
        worst_incident="Oct",
        impact_on_child="Fear",
        source="Chloe",
        noted_on=datetime.date(2026, 10, 1),
    )
    NextStep.objects.create(
        case=draft.case,
        assessment=draft,
        what="Meet",
        who="Sam",
        by_when=datetime.date(2026, 12, 1),
    )
    draft.submit(by=sam)
    draft.sign_off(by=morgan)
    client.force_login(sam)

    response = client.post(reverse("assessment_new_version", args=[draft.pk]))

    new = Assessment.objects.get(number=2)
    assert response["Location"] == reverse("assessment_detail", args=[new.pk])
    assert (new.status, new.based_on) == (Assessment.Status.DRAFT, draft)
    assert [e.text for e in new.entries.all()] == [strength.text]
    assert new.past_harms.get().behaviour == "Plate"
    assert new.next_steps.get().what == "Meet"
    assert new.danger_statements.get().goal.what_needs_to_be_seen == "Calm home"
    # The signed-off version is untouched.
    assert draft.entries.get() == strength
    assert draft.danger_statements.get().goal.how_long == "Six months"


def test_viewing_an_assessment_is_written_to_the_access_log(client, jo, draft):
    from cases.models import AccessLogEntry

    client.force_login(jo)
    client.get(reverse("assessment_detail", args=[draft.pk]))

    entry = AccessLogEntry.objects.get()
    assert (entry.user_id, entry.case_id, entry.action, entry.allowed) == (
        jo.pk,
        draft.case_id,
        "view an assessment",
        True,
    )


def test_an_empty_entry_is_asked_for_by_the_name_of_its_column(client, sam, draft):
    client.force_login(sam)

    response = client.post(reverse("part_add", args=[draft.pk, "strengths"]), {**NOTED})

    assert response.context["form"].errors["text"] == ["Enter existing strength"]


def test_a_case_closed_after_the_access_check_refuses_the_change_once_the_draft_is_locked(
    sam, draft
):
    assessment = Assessment.objects.select_related("case").get(pk=draft.pk)
    # Closed by someone else between this request's access check and its lock.
    Case.objects.filter(pk=assessment.case_id).update(status=Case.Status.CLOSED)

    with pytest.raises(ValidationError, match="This case is closed"):
        assessment.lock_for_change()
