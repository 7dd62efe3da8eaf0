"""The case page and the home page show what the apps above cases register, in the order
cases.pages declares, and refuse a part with no place or a name two parts both set."""

import pytest
from django.db.models import Value
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


def test_the_caseload_query_is_built_once_and_each_caller_gets_its_own_copy(reid_case):
    first = pages.caseload()
    list(first)

    second = pages.caseload()

    assert pages._caseload() is pages._caseload()
    assert second is not first
    assert second.query is not first.query
    assert second._result_cache is None  # reading one copy never fills another


def test_an_annotation_added_later_reaches_the_caseload_query(monkeypatch, request, reid_case):
    pages.caseload()  # built once already
    monkeypatch.setattr(pages, "_caseload_annotations", list(pages._caseload_annotations))
    # Afterwards the next caller builds it again from the real annotations.
    request.addfinalizer(pages._caseload.cache_clear)
    request.addfinalizer(pages._own_caseload.clear)
    pages.own_caseload(reid_case.allocated_worker)  # compiled once already

    pages.annotate_caseload_with(lambda cases: cases.annotate(marked=Value(1)))

    assert pages.caseload().get(pk=reid_case.pk).marked == 1
    assert [case.marked for case in pages.own_caseload(reid_case.allocated_worker)] == [1]
