"""The case page and the home page show what the apps above cases register, in the order
cases.pages declares, and refuse a part with no place or a name two parts both set."""

import pytest
from django.db.models import Value
from django.urls import reverse

from cases import pages
from cases.models import Case, User
from cases.pages import Section
from tests.factories import CaseFactory, PersonFactory

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


def test_each_caseload_row_names_the_cases_children_in_order_of_surname_in_one_query(
    sam, reid_case, django_assert_num_queries
):
    CaseFactory(
        allocated_worker=sam,
        team=reid_case.team,
        children=[
            PersonFactory(first_name="Zoe", last_name="Adams"),
            PersonFactory(first_name="Amy", last_name="Adams"),
            PersonFactory(first_name="Ben", last_name="Ward"),
        ],
    )
    CaseFactory(allocated_worker=sam, team=reid_case.team, children=[])
    cases = pages.own_caseload(sam)

    with django_assert_num_queries(1):
        named = pages.name_children(cases)

    assert sorted(case.child_names for case in named) == [
        "",
        "Amy Adams, Zoe Adams, Ben Ward",
        "Leo Reid",
    ]
    with django_assert_num_queries(0):
        assert pages.name_children([]) == []


@pytest.mark.parametrize("who", ["sam", "morgan"])
def test_the_home_page_and_search_name_each_cases_children(client, request, who, reid_case, morgan):
    client.force_login(request.getfixturevalue(who))

    home = client.get(reverse("home")).content.decode()
    found = client.get(reverse("search"), {"q": "Reid"}).content.decode()
    by_reference = client.get(reverse("search"), {"q": reid_case.reference}).content.decode()

    for html in (home, found, by_reference):
        assert '<td class="govuk-table__cell" data-label="Children">Leo Reid</td>' in html


@pytest.mark.parametrize(("model", "field"), [(Case, "practice_context"), (User, "role")])
def test_a_fixed_choice_is_labelled_as_django_labels_it(model, field):
    """choice_label(): the get_FOO_display() that every page and caseload row calls."""
    labels = dict(model._meta.get_field(field).flatchoices)
    display = getattr(model, f"get_{field}_display")

    for value, label in labels.items():
        assert display(model(**{field: value})) == label
    # A value that is not a choice, as an old row might hold, is shown as it is.
    assert display(model(**{field: "retired_kind"})) == "retired_kind"
    assert display(model(**{field: ""})) == ""
