"""|short_date: the dates in every table, as Django's `date:"j M Y"` writes them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import dateformat

UTC = datetime.UTC


def both(value):
    """What |short_date and Django's date filter give for the value, rendered in a template."""
    template = Template('{{ value|short_date }}|{{ value|date:"j M Y" }}')
    return template.render(Context({"value": value})).split("|")


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_written_as_the_date_filter_writes_it(month):
    mine, django = both(datetime.date(2026, month, 4))

    assert mine == django
    assert mine.startswith("4 ")
    assert mine.endswith(" 2026")


def test_a_moment_is_its_day_in_the_councils_time_zone():
    # Half past eleven at night in August, UTC, is already the next day in London.
    late = datetime.datetime(2026, 8, 31, 23, 30, tzinfo=UTC)

    assert both(late) == ["1 Sep 2026", "1 Sep 2026"]
    assert both(late.astimezone(ZoneInfo("Europe/London"))) == ["1 Sep 2026", "1 Sep 2026"]
    # In winter London keeps UTC's day.
    assert both(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC))[0] == "31 Dec 2026"


@pytest.mark.parametrize("value", [None, "", "2026-12-04", 20261204])
def test_what_is_not_a_date_is_written_as_nothing(value):
    assert both(value) == ["", ""]


@pytest.mark.django_db
def test_the_caseload_writes_the_day_a_case_opened(client, sam, reid_case):
    client.force_login(sam)
    html = client.get(reverse("home")).content.decode()
    opened = dateformat.format(reid_case.opened_on, "j M Y")

    assert f'<td class="govuk-table__cell" data-label="Opened">{opened}</td>' in html
