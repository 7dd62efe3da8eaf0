"""The tag each list of what is due shows for how soon a deadline falls."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone

from meetings.timescales import Deadline

TEMPLATE = engines["django"].from_string("{% load deadline_tags %}{% deadline_tag deadline %}")


def shown(days_from_today):
    due = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return TEMPLATE.render({"deadline": Deadline("First core group", due, "the conference")})


@pytest.mark.parametrize(
    ("days", "html"),
    [
        (-3, '<strong class="govuk-tag govuk-tag--red">Overdue by 3 days</strong>'),
        (-1, '<strong class="govuk-tag govuk-tag--red">Overdue by 1 day</strong>'),
        (0, '<strong class="govuk-tag govuk-tag--orange">Due today</strong>'),
        (1, '<strong class="govuk-tag govuk-tag--yellow">Due in 1 day</strong>'),
        (7, '<strong class="govuk-tag govuk-tag--yellow">Due in 7 days</strong>'),
        (8, '<strong class="govuk-tag govuk-tag--blue">Due in 8 days</strong>'),
    ],
)
def test_the_tag_says_how_soon_it_falls_in_its_colour(days, html):
    assert shown(days) == html
