"""Each step of an assessment's lifecycle refuses a wrong starting state itself, with the
sentence the person reads; the view shows it and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment, MappingEntry

pytestmark = pytest.mark.django_db


def refusal(change):
    with pytest.raises(ValidationError) as raised:
        change()
    return raised.value.message


def test_only_a_draft_is_submitted_and_only_a_submitted_one_is_signed_off_or_sent_back(
    draft, sam, morgan
):
    assert refusal(lambda: draft.sign_off(by=morgan)) == (
        "Only a submitted assessment can be signed off."
    )
    assert refusal(lambda: draft.send_back(reason="More", by=morgan)) == (
        "Only a submitted assessment can be sent back."
    )
    draft.submit(by=sam)
    assert refusal(lambda: draft.submit(by=sam)) == "Only a draft on an open case can be submitted."
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED


def test_a_manager_who_wrote_part_of_it_is_refused_with_the_reason(draft, sam, morgan):
    draft.submit(by=morgan)

    assert refusal(lambda: draft.sign_off(by=morgan)) == (
        "You wrote or changed words in this assessment, so another manager needs to sign it "
        "off. Every manager who could sign it off wrote part of it: ask an administrator to add "
        "a service manager for the North team."
    )
    draft.refresh_from_db()
    assert draft.decided_by is None


def test_a_second_draft_and_a_draft_on_a_closed_case_are_refused(draft, sam, morgan, reid_case):
    assert refusal(lambda: draft.start_new_version(by=sam)) == (
        "Assessment 1 is already a draft: carry on with it."
    )
    draft.submit(by=sam)
    draft.sign_off(by=morgan)
    reid_case.close(reason="Safe", on=datetime.date.today(), by=morgan)

    assert refusal(lambda: draft.start_new_version(by=sam)) == (
        "This case is closed, so no assessment can be started."
    )
    assert reid_case.assessments.count() == 1


def test_a_refused_step_is_shown_to_the_person_and_changes_nothing(client, sam, draft):
    draft.submit(by=sam)
    client.force_login(sam)

    response = client.post(reverse("assessment_submit", args=[draft.pk]), follow=True)

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Only a draft on an open case can be submitted." in response.content.decode()
    assert draft.history.count() == 2  # started, submitted: nothing since


def test_a_part_is_removed_only_from_a_draft_and_the_removal_names_who_did_it(draft, strength, sam):
    draft.submit(by=sam)
    assert refusal(lambda: draft.remove_part(strength, by=sam)).startswith(
        "This assessment is waiting for sign-off, so it cannot be changed."
    )
    assert draft.entries.count() == 1

    draft.withdraw(by=sam)
    entry_id = strength.pk
    draft.remove_part(strength, by=sam)

    removal = MappingEntry.history.filter(id=entry_id).latest()
    assert (draft.entries.count(), removal.history_type, removal.history_user) == (0, "-", sam)
