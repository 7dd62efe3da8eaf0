"""List pages and the case page cost the same number of queries for 5 rows as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from bench.management.commands import bench_load
from cases.models import SafetyNetworkMember
from cases.views import TEAM_CASELOAD_PAGE_SIZE
from tests.factories import CaseFactory, FamilyMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["sam", "morgan"])
def test_the_caseload_and_team_list_cost_the_same_for_5_cases_as_for_50(
    client, request, sam, north, username
):
    client.force_login(request.getfixturevalue(username))

    CaseFactory.create_batch(5, allocated_worker=sam, team=north)
    five = query_count(client, reverse("home"))
    CaseFactory.create_batch(45, allocated_worker=sam, team=north)
    fifty = query_count(client, reverse("home"))

    # A worker sees every case they hold; a manager a page of the team's.
    shown = client.get(reverse("home")).context["cases"]
    assert len(shown) == (50 if username == "sam" else TEAM_CASELOAD_PAGE_SIZE)
    assert fifty == five


def send_back_assessments(count, *, worker, manager):
    for _ in range(count):
        assessment = Assessment.start(
            case=CaseFactory(allocated_worker=worker, team=worker.team), by=worker
        )
        assessment.submit(by=worker)
        assessment.send_back(reason="Add what the children said.", by=manager)


def test_the_work_sent_back_costs_the_same_for_1_piece_as_for_5(client, sam, morgan):
    """The sent-back list fetches its cases and managers only when there is something in it,
    then in one query each, however much there is."""
    client.force_login(sam)
    send_back_assessments(1, worker=sam, manager=morgan)
    one = query_count(client, reverse("home"))
    send_back_assessments(4, worker=sam, manager=morgan)
    five = query_count(client, reverse("home"))

    page = client.get(reverse("home")).content.decode()
    assert page.count("Sent back by Morgan Hughes: “Add what the children said.”") == 5
    assert five == one


def add_people(case, count):
    for number in range(count):
        FamilyMemberFactory(case=case)
        SafetyNetworkMember.objects.create(
            case=case,
            person=PersonFactory(),
            relationship="Neighbour",
            agreed_to_do=f"Help number {number}",
            joined_on=case.opened_on,
        )
        case.add_child(PersonFactory(), by=None)


@pytest.mark.parametrize("username", ["sam", "morgan"])
def test_the_case_page_costs_the_same_for_5_people_as_for_50(client, request, reid_case, username):
    client.force_login(request.getfixturevalue(username))
    url = reverse("case_detail", args=[reid_case.pk])

    add_people(reid_case, 5)
    five = query_count(client, url)
    add_people(reid_case, 45)
    fifty = query_count(client, url)

    assert fifty == five


def test_search_costs_the_same_for_5_matches_as_for_50(client, sam, north):
    client.force_login(sam)
    url = reverse("search") + "?q=Reid"

    for _ in range(5):
        CaseFactory(allocated_worker=sam, team=north, children=[PersonFactory(last_name="Reid")])
    five = query_count(client, url)
    for _ in range(45):
        CaseFactory(allocated_worker=sam, team=north, children=[PersonFactory(last_name="Reid")])
    fifty = query_count(client, url)

    assert fifty == five


def data_queries(client, url):
    """Statements that read or write data, counted exactly as `make bench` counts them."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in bench_load.data_queries(queries)]


def test_a_workers_caseload_is_eight_queries_including_the_sign_in_checks(client, sam, north):
    CaseFactory.create_batch(12, allocated_worker=sam, team=north)
    client.force_login(sam)

    queries = data_queries(client, reverse("home"))

    # The session; the user with their team and second factor; the cases, their children,
    # their meetings for what is due, the assessments and plans sent back to the worker, and
    # the actions they own from meetings.
    assert len(queries) == 8, "\n".join(queries)


@pytest.mark.parametrize("username", ["sam", "morgan"])
def test_the_case_page_is_twelve_queries_including_the_sign_in_checks(
    client, request, reid_case, username
):
    add_people(reid_case, 3)
    client.force_login(request.getfixturevalue(username))

    queries = data_queries(client, reverse("case_detail", args=[reid_case.pk]))

    # The session; the user; the case; the access-log entry; the children with their own words
    # and their latest visits; the family; the safety network; meetings; scores; assessments;
    # next steps; plans.
    assert len(queries) <= 12, "\n".join(queries)


def test_the_case_pages_lists_are_read_without_joining_the_case_again(client, sam, reid_case):
    """Family, assessments and plans are kept in order within their case by its id, so reading
    them does not join (and sort by) the case that the page has already loaded."""
    add_people(reid_case, 2)
    client.force_login(sam)

    queries = data_queries(client, reverse("case_detail", args=[reid_case.pk]))

    lists = [
        sql
        for sql in queries
        for table in ("cases_familymember", "assessments_assessment", "assessments_safetyplan")
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql
    ]
    assert len(lists) == 3, "\n".join(queries)
    assert not [sql for sql in lists if 'JOIN "cases_case"' in sql], "\n".join(lists)


def test_a_managers_queue_costs_the_same_queries_for_two_waiting_versions_or_eight(
    client, sam, morgan, north
):
    from assessments.models import Assessment
    from plans.models import PlanRule, SafetyPlan

    def submit_work(count):
        for _ in range(count):
            case = CaseFactory(allocated_worker=sam, team=north)
            Assessment.start(case=case, by=sam).submit(by=sam)
            plan = SafetyPlan.start(case=case, by=sam)
            PlanRule.objects.create(
                plan=plan, what_will_happen="A rule", professional="Sam", how_we_will_know="X"
            )
            plan.submit(by=sam)

    client.force_login(morgan)
    submit_work(1)
    few = data_queries(client, reverse("home"))
    submit_work(3)
    many = data_queries(client, reverse("home"))

    assert len(many) == len(few), "\n".join(many)
