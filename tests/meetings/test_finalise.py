"""Finalising a meeting: only on or after the day it is held, and only once the worker has read
what will be copied where and confirmed it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import NextStep, ScalingAnswer
from meetings.models import Meeting
from meetings.services import meeting_finalise

pytestmark = pytest.mark.django_db


def move_meeting_to(meeting, day, time=datetime.time(10, 0)):
    meeting.held_at = timezone.make_aware(datetime.datetime.combine(day, time))
    meeting.save()
    return meeting


@pytest.fixture
def next_month(conference):
    """The conference, booked for a month from today."""
    return move_meeting_to(conference, timezone.localdate() + datetime.timedelta(days=30))


def test_a_meeting_that_has_not_happened_yet_is_refused_and_nothing_is_copied(
    sam, next_month, answered, action
):
    day = next_month.held_on

    with pytest.raises(ValidationError) as refusal:
        meeting_finalise(meeting=next_month, by=sam)

    assert refusal.value.messages == [
        f"This meeting is on {day:%-d %B %Y}. It can be finalised on or after that day."
    ]
    next_month.refresh_from_db()
    assert next_month.status == Meeting.Status.DRAFT
    assert not ScalingAnswer.objects.exists()
    assert not NextStep.objects.exists()


def test_a_meeting_later_today_can_be_finalised(sam, conference, answered):
    move_meeting_to(conference, timezone.localdate(), datetime.time(23, 59))

    meeting_finalise(meeting=conference, by=sam)

    conference.refresh_from_db()
    assert conference.status == Meeting.Status.FINALISED
    assert ScalingAnswer.objects.filter(answered_on=timezone.localdate()).count() == 2


def test_the_confirmation_page_says_what_will_be_copied_and_changes_nothing(
    client, sam, conference, answered, action
):
    client.force_login(sam)

    response = client.get(reverse("meeting_finalise", args=[conference.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 scaling answers will be added to the case's scaling chart" in html
    assert "1 action will be added to the case's next steps" in html
    assert "the meeting is locked" in html
    assert "cannot be undone" in html
    assert f'action="{reverse("meeting_finalise", args=[conference.pk])}"' in html
    assert f'href="{reverse("meeting_detail", args=[conference.pk])}">Cancel</a>' in html
    conference.refresh_from_db()
    assert conference.status == Meeting.Status.DRAFT
    assert not ScalingAnswer.objects.exists()
    assert not NextStep.objects.exists()


def test_the_confirmation_page_says_when_nothing_will_be_copied(client, sam, conference):
    client.force_login(sam)

    response = client.get(reverse("meeting_finalise", args=[conference.pk]))

    html = response.content.decode()
    assert "no scaling answers will be added to the case's scaling chart" in html
    assert "no actions will be added to the case's next steps" in html


def test_the_meeting_page_links_to_the_confirmation_page(client, sam, conference):
    client.force_login(sam)

    response = client.get(reverse("meeting_detail", args=[conference.pk]))

    html = response.content.decode()
    finalise_url = reverse("meeting_finalise", args=[conference.pk])
    assert f'<a href="{finalise_url}" role="button"' in html
    assert f'action="{finalise_url}"' not in html


def test_confirming_finalises_the_meeting(client, sam, conference, answered, action):
    client.force_login(sam)

    response = client.post(reverse("meeting_finalise", args=[conference.pk]), follow=True)

    conference.refresh_from_db()
    assert response.redirect_chain == [(reverse("meeting_detail", args=[conference.pk]), 302)]
    assert "The meeting is finalised." in response.content.decode()
    assert conference.status == Meeting.Status.FINALISED
    assert ScalingAnswer.objects.count() == 2
    assert NextStep.objects.count() == 1


def test_a_meeting_that_has_not_happened_yet_goes_back_to_the_meeting_with_the_reason(
    client, sam, next_month, answered
):
    client.force_login(sam)

    response = client.get(reverse("meeting_finalise", args=[next_month.pk]), follow=True)

    assert response.redirect_chain == [(reverse("meeting_detail", args=[next_month.pk]), 302)]
    assert (
        f"This meeting is on {next_month.held_on:%-d %B %Y}. "
        "It can be finalised on or after that day." in response.content.decode()
    )
    next_month.refresh_from_db()
    assert next_month.status == Meeting.Status.DRAFT
    assert not ScalingAnswer.objects.exists()


def test_posting_for_a_meeting_that_has_not_happened_yet_is_refused_too(
    client, sam, next_month, answered
):
    client.force_login(sam)

    response = client.post(reverse("meeting_finalise", args=[next_month.pk]), follow=True)

    assert "It can be finalised on or after that day." in response.content.decode()
    next_month.refresh_from_db()
    assert next_month.status == Meeting.Status.DRAFT
    assert not ScalingAnswer.objects.exists()


def test_an_already_finalised_meeting_goes_back_to_the_meeting_with_the_reason(
    client, sam, conference
):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    response = client.get(reverse("meeting_finalise", args=[conference.pk]), follow=True)

    assert response.redirect_chain == [(reverse("meeting_detail", args=[conference.pk]), 302)]
    assert "This meeting is already finalised." in response.content.decode()


def test_a_meeting_on_a_closed_case_goes_back_to_the_meeting_with_the_reason(
    client, sam, morgan, conference
):
    conference.case.close(reason="The family moved away.", on=timezone.localdate(), by=morgan)
    client.force_login(sam)

    response = client.get(reverse("meeting_finalise", args=[conference.pk]), follow=True)

    assert response.redirect_chain == [(reverse("meeting_detail", args=[conference.pk]), 302)]
    assert "This case is closed, so it cannot be changed." in response.content.decode()


@pytest.mark.parametrize(
    ("user", "status"),
    [("sam", 200), ("jo", 403), ("morgan", 200), ("alex", 404), ("pat", 404)],
)
def test_only_those_who_may_change_the_case_see_the_confirmation_page(
    client, request, conference, school_attends, pat_grant, user, status
):
    client.force_login(request.getfixturevalue(user))

    response = client.get(reverse("meeting_finalise", args=[conference.pk]))

    assert response.status_code == status
    conference.refresh_from_db()
    assert conference.status == Meeting.Status.DRAFT
