"""The case page and the home page show what the apps above cases register, in the order
cases.pages declares, and refuse a part with no place or a name two parts both set."""

import pytest
from django.urls import reverse

from cases import pages
from cases.pages import Section

pytestmark = pytest.mark.django_db


def test_a_part_with_no_declared_place_is_refused():
    with pytest.raises(ValueError, match="has no place on the page"):
        pages.register_case_section("horoscope", Section("cases/_horoscope.html"))
    with pytest.raises(ValueError, match="has no place on the page"):
        pages.register_home_panel("horoscope", Section("cases/_horoscope.html"))


def test_two_parts_that_set_the_same_name_are_refused(rf, reid_case):
    first = Section("a.html", lambda request, case: {"plans": []})
    second = Section("b.html", lambda request, case: {"plans": []})

    with pytest.raises(ValueError, match="both set 'plans'"):
        pages._context(rf.get("/"), reid_case, [first, second], {})


def test_the_case_page_shows_every_part_in_the_declared_order(client, sam, reid_case):
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    headings = ["Assessment", "Scaling", "Safety plan", "Next steps", "Meetings"]
    places = [html.index(f'<h2 class="govuk-heading-m">{heading}</h2>') for heading in headings]
    assert places == sorted(places)
