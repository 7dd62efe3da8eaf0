"""Scaling answers: one per person per day, with a reason; latest scores, spread and chart."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ScalingAnswer

pytestmark = pytest.mark.django_db


def answer(case, sam, name, kind, score, day, agency=""):
    return ScalingAnswer.objects.create(
        case=case,
        question="Where are things now?",
        respondent_kind=kind,
        respondent_name=name,
        agency=agency,
        score=score,
        reason="Because",
        answered_on=day,
        recorded_by=sam,
    )


def score_data(**changes):
    data = {
        "question": "On a scale of 0 to 10, where are things now?",
        "respondent_kind": "family",
        "respondent_name": "Chloe (mother)",
        "score": "6",
        "reason": "Daniel has moved out.",
        "move_up_one": "Daniel stops coming round after drinking.",
        "answered_on_0": "17",
        "answered_on_1": "11",
        "answered_on_2": "2026",
    }
    data.update(changes)
    return data


def test_a_score_is_saved_with_its_reason_and_history(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(reverse("scaling_add", args=[reid_case.pk]), score_data())

    assert response["Location"] == reverse("scaling", args=[reid_case.pk])
    saved = ScalingAnswer.objects.get()
    assert (saved.score, saved.reason, saved.recorded_by) == (6, "Daniel has moved out.", sam)
    assert saved.history.get().history_user == sam


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"score": "11"}, "The score must be between 0 and 10"),
        ({"score": "-2"}, "The score must be between 0 and 10"),
        ({"score": "seven"}, "The score must be a whole number between 0 and 10"),
        ({"reason": ""}, "Enter why they gave that number"),
        ({"respondent_kind": "professional"}, "Enter the professional&#x27;s agency"),
    ],
)
def test_a_bad_score_is_refused_and_nothing_typed_is_lost(client, sam, reid_case, changes, message):
    client.force_login(sam)

    response = client.post(reverse("scaling_add", args=[reid_case.pk]), score_data(**changes))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Daniel stops coming round after drinking." in html
    assert not ScalingAnswer.objects.exists()


def test_the_case_shows_each_persons_latest_score_and_the_spread(client, sam, reid_case):
    first, later = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
    answer(reid_case, sam, "Chloe", "family", 5, first)
    answer(reid_case, sam, "Chloe", "family", 7, later)
    answer(reid_case, sam, "Leo", "child", 6, later)
    answer(reid_case, sam, "Sam", "professional", 3, first, agency="Children's services")
    answer(reid_case, sam, "School", "professional", 4, later, agency="Riverside Primary")
    client.force_login(sam)

    response = client.get(reverse("case_detail", args=[reid_case.pk]))

    latest = {(a.respondent_name, a.score) for a in response.context["latest"]}
    assert latest == {("Chloe", 7), ("Leo", 6), ("Sam", 3), ("School", 4)}
    spread = response.context["spread"]
    assert spread["family"] == {"low": 6, "high": 7, "average": 6.5}
    assert spread["professionals"] == {"low": 3, "high": 4, "average": 3.5}
    assert spread["gap"] == 3.0
    assert "The averages are 3.0 points apart." in response.content.decode()


def test_the_chart_page_draws_every_score_with_a_table_alternative(client, sam, reid_case):
    for day, score in [(1, 3), (8, 4), (15, 6)]:
        answer(reid_case, sam, "Chloe", "family", score, datetime.date(2026, 11, day))
    answer(reid_case, sam, "Sam", "professional", 2, datetime.date(2026, 11, 8), agency="CS")
    client.force_login(sam)

    response = client.get(reverse("scaling", args=[reid_case.pk]))

    html = response.content.decode()
    chart = response.context["chart"]
    assert [series.name for series in chart.series] == ["Chloe", "Sam"]
    assert len(chart.series[0].points) == 3
    # Higher scores sit higher on the chart.
    assert chart.series[0].points[0][1] > chart.series[0].points[2][1]
    assert 'role="img"' in html
    assert '<table class="govuk-table" id="all-scores">' in html
    assert html.count('<td class="govuk-table__cell govuk-table__cell--numeric">') >= 4


def test_the_scaling_page_costs_the_same_for_5_answers_as_for_50(client, sam, reid_case):
    client.force_login(sam)
    url = reverse("scaling", args=[reid_case.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    for number in range(5):
        answer(reid_case, sam, f"Person {number}", "family", number, datetime.date(2026, 11, 1))
    five = count()
    for number in range(45):
        answer(
            reid_case,
            sam,
            f"Person {number % 9}",
            "family",
            number % 11,
            datetime.date(2026, 10, 1 + number % 28),
        )
    assert count() == five


def test_the_score_box_is_a_gov_uk_input_two_characters_wide(client, sam, reid_case):
    client.force_login(sam)

    html = client.get(reverse("scaling_add", args=[reid_case.pk])).content.decode()

    score = re.search(r'<input type="number" name="score"[^>]*>', html)[0]
    assert 'class="govuk-input govuk-input--width-2"' in score
    assert 'inputmode="numeric"' in score
