"""The decisions the census reads from meetings: a strategy discussion starts a section 47
enquiry or ends one with no conference, and a child protection plan may be under more than one
category. Each is offered only where it makes sense."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import PracticeContext
from meetings.models import Decision, Meeting
from tests.factories import CaseFactory
from tests.meetings.test_decisions_and_actions import formset_data

pytestmark = pytest.mark.django_db


def meeting_of(case, kind, by):
    return Meeting.objects.create(
        case=case,
        kind=kind,
        held_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 10, 0)),
        place="Civic Centre",
        chair="Jan Patel",
        scaling_question="Where are things now?",
        created_by=by,
    )


@pytest.fixture
def strategy(reid_case, sam):
    return meeting_of(reid_case, Meeting.Kind.STRATEGY_DISCUSSION, sam)


def post_decisions(client, meeting, rows):
    return client.post(
        reverse("meeting_decisions", args=[meeting.pk]), formset_data("decision", rows)
    )


def test_a_strategy_discussion_starts_a_section_47_enquiry(client, sam, strategy):
    client.force_login(sam)

    page = client.get(reverse("meeting_decisions", args=[strategy.pk])).content.decode()
    response = post_decisions(
        client, strategy, [{"kind": "section_47", "category": "", "details": "Police agree."}]
    )

    assert "Start a section 47 enquiry" in page
    assert "The enquiry ends: no conference is needed" in page
    assert response.status_code == 302
    decision = strategy.decisions.get()
    assert decision.kind == Decision.Kind.SECTION_47
    assert decision.history.first().history_user == sam


def test_a_strategy_discussion_can_end_the_enquiry_with_no_conference(client, sam, strategy):
    client.force_login(sam)

    post_decisions(client, strategy, [{"kind": "no_conference", "category": "", "details": ""}])

    assert strategy.decisions.get().kind == Decision.Kind.NO_CONFERENCE


def test_other_meetings_are_not_offered_the_strategy_decisions(client, sam, conference):
    client.force_login(sam)

    page = client.get(reverse("meeting_decisions", args=[conference.pk])).content.decode()
    response = post_decisions(
        client, conference, [{"kind": "section_47", "category": "", "details": "Typed words."}]
    )

    assert "section 47" not in page
    assert response.status_code == 200
    assert (
        "Choose one of the decisions listed for this initial child protection conference"
        in response.content.decode()
    )
    assert "Typed words." in response.content.decode()
    assert not conference.decisions.exists()


def test_an_early_help_strategy_meeting_is_not_offered_child_protection_enquiries(
    client, sam, north
):
    case = CaseFactory(
        team=north, allocated_worker=sam, practice_context=PracticeContext.EARLY_HELP
    )
    meeting = meeting_of(case, Meeting.Kind.STRATEGY_DISCUSSION, sam)
    client.force_login(sam)

    page = client.get(reverse("meeting_decisions", args=[meeting.pk])).content.decode()

    assert "section 47" not in page
    assert "enquiry" not in page


def test_a_plan_can_be_under_more_than_one_category(client, sam, conference):
    client.force_login(sam)

    page = client.get(reverse("meeting_decisions", args=[conference.pk])).content.decode()
    post_decisions(
        client,
        conference,
        [{"kind": "plan_needed", "category": "multiple", "details": "Neglect and hitting."}],
    )

    assert "More than one category" in page
    decision = conference.decisions.get()
    assert (decision.kind, decision.category) == ("plan_needed", "multiple")


def test_a_saved_strategy_decision_keeps_its_kind_on_offer_when_edited(client, sam, strategy):
    decision = Decision.objects.create(meeting=strategy, kind=Decision.Kind.SECTION_47)
    strategy.kind = Meeting.Kind.CORE_GROUP  # the meeting's type corrected afterwards
    strategy.save()
    client.force_login(sam)

    page = client.get(
        reverse("meeting_part_edit", args=[strategy.pk, "decisions", decision.pk])
    ).content.decode()

    assert "Start a section 47 enquiry" in page
    assert "The enquiry ends: no conference is needed" not in page
