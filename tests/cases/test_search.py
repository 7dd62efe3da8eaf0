"""Search by name, date of birth or reference, ignoring case and accents; only visible cases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseFactory, FamilyMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe_case(sam, north):
    zoe = PersonFactory(
        first_name="Zoë", last_name="Łukasik", date_of_birth=datetime.date(2016, 4, 3)
    )
    return CaseFactory(team=north, allocated_worker=sam, children=[zoe])


def found(client, query):
    return list(client.get(reverse("search"), {"q": query}).context["cases"])


@pytest.mark.parametrize("query", ["Zoë Łukasik", "zoe lukasik", "ZOE", "lukasik"])
def test_names_are_found_whatever_the_case_and_accents(client, sam, zoe_case, query):
    client.force_login(sam)

    assert found(client, query) == [zoe_case]


def test_a_family_member_finds_the_case(client, sam, reid_case, chloe):
    client.force_login(sam)

    assert found(client, "chloe reid") == [reid_case]


def test_dates_of_birth_and_references_find_the_case(client, sam, zoe_case):
    client.force_login(sam)

    assert found(client, "3/4/2016") == [zoe_case]
    assert found(client, zoe_case.reference.lower()) == [zoe_case]


def test_search_shows_only_cases_the_user_may_see(client, alex, zoe_case):
    client.force_login(alex)

    response = client.get(reverse("search"), {"q": "Zoe"})

    assert list(response.context["cases"]) == []
    assert "0 cases found" in response.content.decode()


def test_a_restricted_case_is_found_only_by_the_people_named_on_it(client, sam, morgan, zoe_case):
    zoe_case.restrict([morgan], by=morgan)
    client.force_login(sam)  # the same team, and the allocated worker, but not named

    assert found(client, "Zoe") == []
    assert found(client, "3/4/2016") == []
    assert found(client, zoe_case.reference) == []

    client.force_login(morgan)
    assert found(client, "Zoe") == found(client, "3/4/2016") == [zoe_case]


def test_each_case_appears_once_however_many_people_match(client, sam, reid_case, chloe):
    FamilyMemberFactory(case=reid_case, person=PersonFactory(first_name="Sandra", last_name="Reid"))
    client.force_login(sam)

    assert found(client, "Reid") == [reid_case]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Typo tolerance uses PostgreSQL's pg_trgm; the SQLite laptop demo matches exactly.",
)
def test_a_typo_still_finds_the_child_on_postgresql(client, sam, zoe_case):
    client.force_login(sam)

    assert found(client, "Zoe Lukasic") == [zoe_case]


def test_an_empty_search_asks_for_something_to_find(client, sam):
    client.force_login(sam)

    response = client.get(reverse("search"), {"q": ""})

    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a name, date of birth or case reference" in html


def test_the_results_cost_the_same_queries_for_one_case_as_for_five(client, sam, jo, north):
    """Each row shows the case as the caseload does, read in the same queries however many."""

    def add_cases(number):
        for _ in range(number):
            child = PersonFactory(first_name="Ivy", last_name="Quennell")
            CaseFactory(team=north, allocated_worker=jo, children=[child, PersonFactory()])

    def search():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("search"), {"q": "Quennell"}).content.decode()
        return len(queries), page

    client.force_login(sam)
    add_cases(1)
    one, _ = search()
    add_cases(4)
    five, page = search()

    assert five == one
    assert page.count("Ivy Quennell") == 5
    assert page.count(str(jo)) == 5  # the allocated worker
    assert page.count("Child protection") >= 5
    assert page.count("govuk-tag--green") == 5  # open
    assert page.count("1 Oct 2026") == 5  # opened on
