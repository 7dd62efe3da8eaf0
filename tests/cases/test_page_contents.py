"""The case page is long: a Contents list near its top takes a keyboard user to any part of it
in a few Tabs."""

import re

import pytest
from django.urls import reverse

from cases.models import PracticeContext

pytestmark = pytest.mark.django_db


def contents_of(html):
    """The link texts and targets of the page's Contents list, and every id on the page."""
    nav = re.search(r'<nav class="sos-contents" aria-label="Contents">(.*?)</nav>', html, re.S)
    assert nav, "the page has no Contents list"
    links = re.findall(r'<a class="govuk-link" href="#([^"]+)">([^<]+)</a>', nav[1])
    ids = re.findall(r'\sid="([^"]+)"', html)
    return links, ids


def test_every_link_in_the_case_contents_goes_to_one_part_of_the_page(client, sam, reid_case):
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    links, ids = contents_of(html)
    assert [text for _, text in links] == [
        "Children",
        "Family",
        "Family tree",
        "Safety network",
        "Assessment",
        "Scaling",
        "Safety plan",
        "Meetings",
        "Visits",
    ]
    for target, text in links:
        assert ids.count(target) == 1, f"{text} goes to #{target}, found {ids.count(target)} times"


def test_the_contents_list_comes_before_the_first_part_it_lists(client, sam, reid_case):
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert html.index('aria-label="Contents"') < html.index('id="children"')


def test_the_contents_use_the_practice_words_of_early_help(client, sam, reid_case):
    reid_case.practice_context = PracticeContext.EARLY_HELP
    reid_case.save()
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    texts = [text for _, text in contents_of(html)[0]]
    assert "Safety plan" not in texts
    assert "Safety network" not in texts
