"""On the scaling chart, people who give the same score on the same day stay visible: their
points sit side by side, and the table under the chart lists every one of them."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import ScalingAnswer
from assessments.scaling_chart import MARKER_SPACING, scaling_chart

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def answer(case, sam, name, score, day=DAY):
    return ScalingAnswer.objects.create(
        case=case,
        question="Where are things now?",
        respondent_kind=ScalingAnswer.Kind.FAMILY,
        respondent_name=name,
        score=score,
        reason="Because",
        answered_on=day,
        recorded_by=sam,
    )


def points(chart):
    return {series.name: [(x, y) for x, y, _ in series.points] for series in chart.series}


def test_two_equal_scores_on_one_day_are_drawn_side_by_side(sam, reid_case):
    answers = [answer(reid_case, sam, "Chloe", 5), answer(reid_case, sam, "Sandra", 5)]

    drawn = points(scaling_chart(answers))

    (chloe_x, chloe_y), (sandra_x, sandra_y) = drawn["Chloe"][0], drawn["Sandra"][0]
    assert chloe_y == sandra_y  # the same score, at the same height
    assert sandra_x - chloe_x == MARKER_SPACING  # a marker apart, so neither hides the other


def test_equal_scores_spread_either_side_of_their_date(sam, reid_case):
    answers = [answer(reid_case, sam, name, 5) for name in ["Chloe", "Sandra", "Leo"]]
    alone = answer(reid_case, sam, "Daniel", 2)

    drawn = points(scaling_chart([*answers, alone]))

    daniel_x = drawn["Daniel"][0][0]  # alone at its score, so right on the date
    assert [drawn[name][0][0] - daniel_x for name in ["Chloe", "Sandra", "Leo"]] == [
        -MARKER_SPACING,
        0,
        MARKER_SPACING,
    ]


def test_different_scores_on_one_day_stay_on_the_date(sam, reid_case):
    answers = [answer(reid_case, sam, "Chloe", 5), answer(reid_case, sam, "Sandra", 6)]

    drawn = points(scaling_chart(answers))

    assert drawn["Chloe"][0][0] == drawn["Sandra"][0][0]
    assert drawn["Chloe"][0][1] != drawn["Sandra"][0][1]


def test_each_point_is_named_on_the_chart_and_listed_in_the_table(client, sam, reid_case):
    answer(reid_case, sam, "Chloe", 5)
    answer(reid_case, sam, "Sandra", 5)
    client.force_login(sam)

    html = client.get(reverse("scaling", args=[reid_case.pk])).content.decode()

    assert "<title>Chloe: 5 on 2 Nov 2026</title>" in html
    assert "<title>Sandra: 5 on 2 Nov 2026</title>" in html
    table = html[html.index('id="all-scores"') :]
    assert '<td class="govuk-table__cell">Chloe<br>' in table
    assert '<td class="govuk-table__cell">Sandra<br>' in table
