"""The scaling round on one page: everyone who came has a row, and the round saves together.
Someone who does not want to give a number is recorded as such, and finalising puts only the
given scores on the case's chart, once."""

import pytest
from django.urls import reverse

from assessments.models import ScalingAnswer
from meetings.models import Attendee, MeetingScalingAnswer
from meetings.services import meeting_finalise

pytestmark = pytest.mark.django_db


def round_data(rows):
    """What the page posts: for each attendee, (answer, reason, move up one)."""
    data = {"next": ""}
    for attendee, (answer, reason, move_up_one) in rows.items():
        prefix = f"answer-{attendee.pk}"
        answer_row = MeetingScalingAnswer.objects.filter(attendee=attendee).first()
        data.update(
            {
                f"{prefix}-answer": answer,
                f"{prefix}-reason": reason,
                f"{prefix}-move_up_one": move_up_one,
                f"{prefix}-revision": answer_row.revision if answer_row else 1,
            }
        )
    return data


@pytest.fixture
def round_url(conference):
    return reverse("meeting_scaling_round", args=[conference.pk])


@pytest.fixture
def sandra_attends(conference):
    return Attendee.objects.create(meeting=conference, kind="family", name="Sandra Reid")


def test_the_page_asks_the_meetings_question_with_a_row_for_everyone_who_came(
    client, sam, conference, round_url, chloe_attends, school_attends, sandra_attends
):
    sandra_attends.attendance = Attendee.Attendance.APOLOGIES
    sandra_attends.save()
    client.force_login(sam)

    response = client.get(round_url)

    page = response.content.decode()
    assert "Where are things now?" in page
    assert [form.attendee for form in response.context["rows"]] == [chloe_attends, school_attends]
    assert "<legend" in page
    assert "Chloe Reid, family member" in page
    assert "Sandra Reid" not in page


def test_the_fields_run_row_by_row_score_then_reason_then_move_up_one(
    client, sam, round_url, chloe_attends, school_attends
):
    client.force_login(sam)

    page = client.get(round_url).content.decode()

    ids = [
        f"id_answer-{attendee.pk}-{field}"
        for attendee in [chloe_attends, school_attends]
        for field in ["answer", "reason", "move_up_one"]
    ]
    positions = [page.index(f'id="{field_id}"') for field_id in ids]
    assert positions == sorted(positions)


def test_the_whole_round_saves_together_and_history_names_who_recorded_it(
    client, sam, conference, round_url, chloe_attends, school_attends
):
    client.force_login(sam)
    data = round_data(
        {
            chloe_attends: ("7", "Daniel has moved out.", "Daniel stops coming round."),
            school_attends: ("declined", "", ""),
        }
    )

    response = client.post(round_url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_decisions", args=[conference.pk])
    chloe = MeetingScalingAnswer.objects.get(attendee=chloe_attends)
    assert (chloe.score, chloe.declined, chloe.reason) == (7, False, "Daniel has moved out.")
    assert chloe.move_up_one == "Daniel stops coming round."
    school = MeetingScalingAnswer.objects.get(attendee=school_attends)
    assert (school.score, school.declined) == (None, True)
    assert chloe.history.first().history_user == sam
    assert school.history.first().history_user == sam


def test_a_score_without_a_reason_is_an_error_on_that_row_only_and_every_row_keeps_its_input(
    client, sam, round_url, chloe_attends, school_attends
):
    client.force_login(sam)
    data = round_data(
        {
            chloe_attends: ("7", "", "Daniel stops coming round."),
            school_attends: ("3", "Leo is still scared.", "Leo tells us he feels safe."),
        }
    )

    response = client.post(round_url, data)

    assert response.status_code == 200
    chloe_row, school_row = response.context["rows"]
    assert chloe_row.errors == {"reason": ["Enter why Chloe Reid gave that score"]}
    assert school_row.errors == {}
    assert (chloe_row["answer"].value(), chloe_row["move_up_one"].value()) == (
        "7",
        "Daniel stops coming round.",
    )
    assert school_row["reason"].value() == "Leo is still scared."
    assert school_row["move_up_one"].value() == "Leo tells us he feels safe."
    page = response.content.decode()
    assert f'href="#id_answer-{chloe_attends.pk}-reason"' in page
    assert 'value="Leo is still scared."' in page
    # Nothing was saved: the round saves whole or not at all.
    assert not MeetingScalingAnswer.objects.exists()


def test_nobody_is_left_blank(client, sam, round_url, chloe_attends):
    client.force_login(sam)

    response = client.post(round_url, round_data({chloe_attends: ("", "", "")}))

    assert response.context["rows"][0].errors == {
        "answer": ["Choose the score Chloe Reid gave, or that they did not want to give one"]
    }


def test_changing_one_answer_keeps_the_others_untouched(
    client, sam, round_url, answered, chloe_attends, school_attends
):
    client.force_login(sam)
    data = round_data(
        {
            chloe_attends: ("8", "Daniel has moved out.", ""),
            school_attends: ("3", "Leo is still scared.", ""),
        }
    )

    client.post(round_url, data)

    chloe, school = (MeetingScalingAnswer.objects.get(pk=answer.pk) for answer in answered)
    assert (chloe.score, chloe.revision) == (8, 2)
    assert (school.score, school.revision) == (3, 1)


def test_a_finalised_meeting_refuses_the_round(client, sam, conference, round_url, chloe_attends):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    response = client.post(round_url, round_data({chloe_attends: ("5", "Better.", "")}))

    assert response["Location"] == conference.get_absolute_url()
    assert not MeetingScalingAnswer.objects.exists()


def test_the_finalised_round_lands_on_the_chart_once_without_the_people_who_declined(
    client, sam, conference, round_url, chloe_attends, school_attends
):
    client.force_login(sam)
    client.post(
        round_url,
        round_data(
            {
                chloe_attends: ("7", "Daniel has moved out.", ""),
                school_attends: ("declined", "", ""),
            }
        ),
    )

    client.post(reverse("meeting_finalise", args=[conference.pk]))
    client.post(reverse("meeting_finalise", args=[conference.pk]))

    on_chart = ScalingAnswer.objects.filter(case=conference.case)
    assert [(answer.respondent_name, answer.score) for answer in on_chart] == [("Chloe Reid", 7)]


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("morgan", 200), ("jo", 403), ("alex", 404), ("pat", 404)]
)
def test_each_role_gets_the_round_it_deserves(
    client, request, round_url, chloe_attends, pat_grant, who, status
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(round_url).status_code == status


def test_an_answer_someone_else_saved_first_is_not_overwritten_until_saved_again(
    client, sam, morgan, round_url, answered, chloe_attends, school_attends
):
    rows = {
        chloe_attends: ("8", "Daniel has moved out.", ""),
        school_attends: ("3", "Leo is still scared.", ""),
    }
    sams_round = round_data(rows)  # what Sam's page holds, read before Morgan saved
    client.force_login(morgan)
    client.post(round_url, round_data({**rows, chloe_attends: ("5", "Morgan's reason.", "")}))
    client.force_login(sam)

    response = client.post(round_url, sams_round)

    chloe_row = response.context["rows"][0]
    assert chloe_row.non_field_errors() == [
        "Someone else changed this while you were recording it. Save again to keep what you "
        "typed here, or go back to the meeting to read what they saved."
    ]
    assert chloe_row["answer"].value() == "8"
    assert MeetingScalingAnswer.objects.get(attendee=chloe_attends).score == 5
    # Saving again from the page shown keeps Sam's answer, now knowing Morgan's came first.
    sams_round[f"answer-{chloe_attends.pk}-revision"] = chloe_row["revision"].value()
    resaved = client.post(round_url, sams_round)
    assert resaved.status_code == 302
    assert MeetingScalingAnswer.objects.get(attendee=chloe_attends).score == 8
