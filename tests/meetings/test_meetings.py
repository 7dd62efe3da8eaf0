"""Recording a meeting, everyone's scaling answer, decisions, actions, and finalising it."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import NextStep, ScalingAnswer
from cases.models import AccessLogEntry
from meetings.models import Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.services import meeting_finalise

pytestmark = pytest.mark.django_db


def meeting_data(**changes):
    data = {
        "kind": "initial_conference",
        "held_on_0": "2",
        "held_on_1": "11",
        "held_on_2": "2026",
        "time": "10:00",
        "place": "Civic Centre, room 4",
        "chair": "Jan Patel (independent chair)",
        "scaling_question": "Where are things now?",
        "worried_about": "Daniel comes round after drinking.",
        "minutes": "Everyone agreed a plan is needed.",
    }
    data.update(changes)
    return data


def test_a_worker_records_a_meeting_with_one_attributed_history_row(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(reverse("meeting_new", args=[reid_case.pk]), meeting_data())

    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert (meeting.kind, meeting.held_on, meeting.chair) == (
        "initial_conference",
        datetime.date(2026, 11, 2),
        "Jan Patel (independent chair)",
    )
    assert meeting.history.get().history_user == sam


def test_a_meeting_before_the_case_opened_is_refused_with_everything_kept(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(
        reverse("meeting_new", args=[reid_case.pk]), meeting_data(held_on_2="2025")
    )

    html = response.content.decode()
    assert "The meeting cannot be before the case opened" in html
    assert "Daniel comes round after drinking." in html
    assert not Meeting.objects.exists()


def a_year_from_today_and(days):
    return timezone.localdate() + relativedelta(years=1) + datetime.timedelta(days=days)


def test_a_meeting_more_than_a_year_ahead_is_refused_with_everything_kept(client, sam, reid_case):
    day = a_year_from_today_and(days=1)
    client.force_login(sam)

    response = client.post(
        reverse("meeting_new", args=[reid_case.pk]),
        meeting_data(held_on_0=str(day.day), held_on_1=str(day.month), held_on_2=str(day.year)),
    )

    assert response.context["form"].errors["held_on"] == [
        "The meeting date must be no more than a year from today"
    ]
    html = response.content.decode()
    assert f'value="{day.year}"' in html
    assert "Daniel comes round after drinking." in html
    assert not Meeting.objects.exists()


def test_a_meeting_exactly_a_year_ahead_is_accepted(client, sam, reid_case):
    day = a_year_from_today_and(days=0)
    client.force_login(sam)

    client.post(
        reverse("meeting_new", args=[reid_case.pk]),
        meeting_data(held_on_0=str(day.day), held_on_1=str(day.month), held_on_2=str(day.year)),
    )

    assert Meeting.objects.get().held_on == day


def test_a_meeting_before_2000_is_refused_with_everything_kept(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(
        reverse("meeting_new", args=[reid_case.pk]),
        meeting_data(held_on_0="31", held_on_1="12", held_on_2="1999"),
    )

    assert response.context["form"].errors["held_on"] == [
        "The meeting date must be in 2000 or later"
    ]
    html = response.content.decode()
    assert 'value="1999"' in html
    assert "Daniel comes round after drinking." in html
    assert not Meeting.objects.exists()


def test_changing_a_meeting_to_more_than_a_year_ahead_is_refused(client, sam, conference):
    day = a_year_from_today_and(days=30)
    client.force_login(sam)

    response = client.post(
        reverse("meeting_edit", args=[conference.pk]),
        meeting_data(held_on_0=str(day.day), held_on_1=str(day.month), held_on_2=str(day.year)),
    )

    assert "The meeting date must be no more than a year from today" in response.content.decode()
    conference.refresh_from_db()
    assert conference.held_on == datetime.date(2026, 11, 2)


def test_attendees_are_professionals_family_or_the_child_with_their_attendance(
    client, sam, conference
):
    client.force_login(sam)
    url = reverse("meeting_part_add", args=[conference.pk, "attendees"])

    client.post(
        url,
        {
            "kind": "professional",
            "name": "Dr Ali",
            "agency": "GP surgery",
            "attendance": "apologies",
        },
    )
    missing_agency = client.post(
        url, {"kind": "professional", "name": "Nurse Kay", "attendance": "attended"}
    )

    assert [(a.name, a.attendance) for a in conference.attendees.all()] == [("Dr Ali", "apologies")]
    assert "Enter the professional&#x27;s agency" in missing_agency.content.decode()
    assert conference.attendees.get().history.get().history_user == sam


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("11", "The score must be between 0 and 10"),
        ("-1", "The score must be between 0 and 10"),
        ("", "Enter the score, from 0 to 10"),
    ],
)
def test_a_score_outside_0_to_10_is_refused(client, sam, conference, chloe_attends, score, message):
    client.force_login(sam)

    response = client.post(
        reverse("meeting_part_add", args=[conference.pk, "answers"]),
        {"attendee": chloe_attends.pk, "score": score, "reason": "Daniel has moved out."},
    )

    assert message in response.content.decode()
    assert "Daniel has moved out." in response.content.decode()
    assert not MeetingScalingAnswer.objects.exists()


def test_an_attendee_cannot_answer_twice(client, sam, conference, chloe_attends, answered):
    client.force_login(sam)

    response = client.post(
        reverse("meeting_part_add", args=[conference.pk, "answers"]),
        {"attendee": chloe_attends.pk, "score": "8", "reason": "A second go."},
    )

    assert (
        "Chloe Reid has already answered. Change their answer instead." in response.content.decode()
    )
    assert MeetingScalingAnswer.objects.get(attendee=chloe_attends).score == 6


def test_someone_who_did_not_attend_cannot_answer(client, sam, conference):
    absent = Attendee.objects.create(
        meeting=conference, kind="family", name="Daniel Novak", attendance="did_not_attend"
    )
    client.force_login(sam)

    response = client.post(
        reverse("meeting_part_add", args=[conference.pk, "answers"]),
        {"attendee": absent.pk, "score": "5", "reason": "x"},
    )

    assert "Choose someone who attended the meeting" in response.content.decode()


def test_a_child_protection_plan_decision_needs_its_category(client, sam, conference):
    client.force_login(sam)
    url = reverse("meeting_part_add", args=[conference.pk, "decisions"])

    refused = client.post(url, {"kind": "plan_needed"})
    client.post(
        url,
        {
            "kind": "plan_needed",
            "category": "emotional",
            "details": "Leo has seen his father hurt his mother.",
        },
    )

    assert "Choose the category of the child protection plan" in refused.content.decode()
    assert Decision.objects.get().get_category_display() == "Emotional abuse"


def test_finalising_copies_answers_and_actions_once_and_locks_the_meeting(
    client, sam, conference, answered, action
):
    client.force_login(sam)

    response = client.post(reverse("meeting_finalise", args=[conference.pk]))

    conference.refresh_from_db()
    assert response.status_code == 302
    assert (conference.status, conference.finalised_by) == (Meeting.Status.FINALISED, sam)
    copies = ScalingAnswer.objects.filter(case=conference.case).order_by("respondent_name")
    assert [
        (c.respondent_name, c.respondent_kind, c.agency, c.score, c.answered_on) for c in copies
    ] == [
        ("Chloe Reid", "family", "", 6, datetime.date(2026, 11, 2)),
        (
            "Pat Lindqvist",
            "professional",
            "Riverside Primary School",
            3,
            datetime.date(2026, 11, 2),
        ),
    ]
    step = NextStep.objects.get(case=conference.case)
    assert (step.what, step.who, step.from_action, step.assessment) == (
        "Core group to meet",
        "Sam",
        action,
        None,
    )

    # Finalising twice copies nothing more and says why.
    again = client.post(reverse("meeting_finalise", args=[conference.pk]), follow=True)
    assert "This meeting is already finalised." in again.content.decode()
    assert ScalingAnswer.objects.count() == 2
    assert NextStep.objects.count() == 1


def test_finalising_is_all_or_nothing(sam, conference, answered, action, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(NextStep, "save", fail)

    with pytest.raises(RuntimeError):
        meeting_finalise(meeting=conference, by=sam)

    conference.refresh_from_db()
    assert conference.status == Meeting.Status.DRAFT
    assert (
        not ScalingAnswer.objects.exists()
    )  # the answers copied before the failure were rolled back


def test_a_meeting_answer_can_only_ever_be_copied_once(sam, conference, answered):
    meeting_finalise(meeting=conference, by=sam)

    with pytest.raises(ValidationError, match="already finalised"):
        meeting_finalise(meeting=conference, by=sam)
    assert ScalingAnswer.objects.count() == 2


def test_a_finalised_meeting_refuses_changes(client, sam, conference, chloe_attends):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    edit = client.post(
        reverse("meeting_edit", args=[conference.pk]), meeting_data(minutes="Changed")
    )
    add = client.post(
        reverse("meeting_part_add", args=[conference.pk, "attendees"]),
        {"kind": "family", "name": "New", "attendance": "attended"},
    )
    remove = client.post(
        reverse("meeting_part_remove", args=[conference.pk, "attendees", chloe_attends.pk])
    )

    assert "This meeting is finalised, so it cannot change." in edit.content.decode()
    assert "This meeting is finalised, so it cannot change." in add.content.decode()
    assert remove.status_code == 403
    assert conference.attendees.count() == 1


def test_the_case_chart_shows_scores_from_the_meeting(client, sam, conference, answered):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    response = client.get(reverse("case_detail", args=[conference.case.pk]))

    names = [series.name for series in response.context["chart"].series]
    assert names == ["Chloe Reid", "Pat Lindqvist"]


def test_a_partner_who_attended_reads_the_minutes_as_they_go_out_and_nothing_to_change(
    client, sam, pat, pat_grant, conference, school_attends, action
):
    conference.minutes = "Everyone agreed a plan is needed."
    conference.worried_about = "Daniel shouts when he has been drinking."
    conference.save()
    client.force_login(pat)
    assert (
        client.get(reverse("meeting_detail", args=[conference.pk])).status_code == 404
    )  # not finalised

    meeting_finalise(meeting=conference, by=sam)
    response = client.get(reverse("meeting_detail", args=[conference.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Everyone agreed a plan is needed." in html
    assert "Core group to meet" in html
    assert "Daniel shouts when he has been drinking." in html  # as the PDF says it
    assert reverse("meeting_minutes_pdf", args=[conference.pk]) in html
    assert reverse("meeting_edit", args=[conference.pk]) not in html
    assert reverse("case_detail", args=[conference.case.pk]) not in html
    assert AccessLogEntry.objects.filter(
        user_id=pat.pk, action="view a meeting", allowed=True
    ).exists()
    assert conference in client.get(reverse("home")).context["meetings"]


def test_a_partner_who_did_not_attend_gets_404(client, sam, kim, conference):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(kim)

    assert client.get(reverse("meeting_detail", args=[conference.pk])).status_code == 404


def test_a_meeting_without_a_place_asks_where_it_was_held(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(reverse("meeting_new", args=[reid_case.pk]), {"chair": "Jan Patel"})

    assert response.context["form"].errors["place"] == ["Enter where the meeting was held"]


def test_every_link_in_the_meeting_contents_goes_to_one_part_of_the_meeting(
    client, sam, conference
):
    client.force_login(sam)

    html = client.get(conference.get_absolute_url()).content.decode()

    nav = re.search(r'<nav class="sos-contents" aria-label="Contents">(.*?)</nav>', html, re.S)
    targets = re.findall(r'href="#([^"]+)"', nav[1])
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert targets == ["attendees", "discussion", "answers", "decisions", "actions", "minutes"]
    assert all(ids.count(target) == 1 for target in targets)
