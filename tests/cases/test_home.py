"""Each role's home page: the worker's caseload, the manager's team caseload, the partner's list."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import cases.views
from cases.models import Case, CaseNamedUser, PartnerAccessGrant
from cases.views import TEAM_CASELOAD_PAGE_SIZE as PAGE_SIZE
from tests.factories import CaseFactory, ManagerFactory

pytestmark = pytest.mark.django_db


def test_a_worker_sees_only_their_own_open_cases(client, sam, alex, north):
    mine = CaseFactory(allocated_worker=sam, team=north)
    CaseFactory(allocated_worker=sam, team=north, status=Case.Status.CLOSED)
    CaseFactory(team=north)  # a colleague's case
    CaseFactory(allocated_worker=alex, team=alex.team)
    client.force_login(sam)

    response = client.get(reverse("home"))

    assert list(response.context["cases"]) == [mine]
    assert mine.reference in response.content.decode()


def test_a_worker_sees_a_restricted_case_allocated_to_them_only_once_named_on_it(
    client, sam, north
):
    restricted = CaseFactory(allocated_worker=sam, team=north, restricted=True)
    client.force_login(sam)
    assert list(client.get(reverse("home")).context["cases"]) == []

    CaseNamedUser.objects.create(case=restricted, user=sam)

    assert list(client.get(reverse("home")).context["cases"]) == [restricted]


def test_a_manager_sees_the_open_cases_of_their_team_only(client, morgan, sam, alex, north):
    team_cases = {CaseFactory(allocated_worker=sam, team=north), CaseFactory(team=north)}
    CaseFactory(allocated_worker=alex, team=alex.team)
    client.force_login(morgan)

    response = client.get(reverse("home"))

    assert set(response.context["cases"]) == team_cases
    assert "Sam Okafor" in response.content.decode()


def test_a_partner_sees_only_cases_with_an_active_grant(client, pat, morgan, sam, north):
    invited, revoked, expired, _other = CaseFactory.create_batch(
        4, allocated_worker=sam, team=north
    )
    today = timezone.localdate()
    for case, until in [
        (invited, today),
        (revoked, today),
        (expired, today - datetime.timedelta(days=1)),
    ]:
        PartnerAccessGrant.objects.create(
            case=case,
            partner=pat,
            granted_by=morgan,
            valid_from=today - datetime.timedelta(days=30),
            valid_until=until,
        )
    PartnerAccessGrant.objects.get(case=revoked).revoke(reason="No longer needed", by=morgan)
    client.force_login(pat)

    response = client.get(reverse("home"))

    assert list(response.context["cases"]) == [invited]


def test_a_partner_sees_no_cases_without_an_invitation(client, pat, sam, north):
    CaseFactory(allocated_worker=sam, team=north)
    client.force_login(pat)

    response = client.get(reverse("home"))

    assert list(response.context["cases"]) == []
    assert "You have not been invited to any cases yet." in response.content.decode()


@pytest.mark.parametrize("username", ["sam", "morgan"])
def test_the_caseload_costs_the_same_queries_for_5_cases_as_for_50(
    client, request, sam, north, username
):
    user = request.getfixturevalue(username)
    client.force_login(user)

    CaseFactory.create_batch(5, allocated_worker=sam, team=north)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("home"))

    CaseFactory.create_batch(45, allocated_worker=sam, team=north)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("home"))

    # A worker sees every case they hold; a manager a page of the team's.
    assert len(response.context["cases"]) == (50 if username == "sam" else PAGE_SIZE)
    assert len(fifty) == len(five)


def test_the_team_caseload_filters_by_kind_of_work_status_and_worker(
    client, morgan, sam, jo, north
):
    early_help = CaseFactory(allocated_worker=sam, team=north, practice_context="early_help")
    protection = CaseFactory(allocated_worker=jo, team=north, practice_context="child_protection")
    closed = CaseFactory(allocated_worker=sam, team=north, status=Case.Status.CLOSED)
    client.force_login(morgan)

    def shown(**filters):
        return set(client.get(reverse("home"), filters).context["cases"])

    assert shown() == {early_help, protection}
    assert shown(practice_context="early_help", status="open") == {early_help}
    assert shown(worker=jo.pk, status="open") == {protection}
    assert shown(status="closed") == {closed}
    assert shown(status="") == {early_help, protection, closed}


def test_the_worker_filter_lists_the_teams_staff_read_once_and_keeps_the_choice(
    client, morgan, sam, jo, north
):
    client.force_login(morgan)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home"), {"worker": jo.pk}).content.decode()

    staff_reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT") and '"cases_user"."role" IN' in query["sql"]
    ]
    # One to check the chosen worker is one of them, one to list them all: none to count them.
    assert len(staff_reads) == 2, "\n".join(staff_reads)
    assert f'<option value="{sam.pk}">{sam}</option>' in page
    assert f'<option value="{jo.pk}" selected>{jo}</option>' in page
    assert '<option value="">All</option>' in page


def test_a_restricted_case_is_left_out_of_the_team_list_for_managers_not_named(
    client, morgan, sam, north
):
    other_manager = ManagerFactory(username="lee", team=north)
    hidden = CaseFactory(allocated_worker=sam, team=north)
    hidden.restrict([morgan], by=morgan)
    client.force_login(other_manager)

    assert hidden not in client.get(reverse("home")).context["cases"]


def test_the_team_caseload_shows_a_page_of_cases_and_its_links_keep_the_filters(
    client, morgan, sam, north
):
    CaseFactory.create_batch(
        PAGE_SIZE + 1, allocated_worker=sam, team=north, practice_context="early_help"
    )
    CaseFactory(allocated_worker=sam, team=north, practice_context="child_protection")
    client.force_login(morgan)

    first = client.get(reverse("home"), {"practice_context": "early_help", "status": "open"})
    second = client.get(
        reverse("home"), {"practice_context": "early_help", "status": "open", "page": 2}
    )

    assert len(first.context["cases"]) == PAGE_SIZE
    assert len(second.context["cases"]) == 1
    assert set(first.context["cases"]).isdisjoint(second.context["cases"])
    page = first.content.decode()
    assert f"Cases 1 to {PAGE_SIZE} of {PAGE_SIZE + 1}." in page
    assert 'href="?practice_context=early_help&amp;status=open&amp;page=2" rel="next"' in page
    assert f"Cases {PAGE_SIZE + 1} to {PAGE_SIZE + 1} of {PAGE_SIZE + 1}." in (
        second.content.decode()
    )
    with_every_row = client.get(
        reverse("home"), {"practice_context": "early_help", "status": "open", "panels": "all"}
    ).content.decode()
    assert 'href="?practice_context=early_help&amp;status=open&amp;panels=all&amp;page=2"' in (
        with_every_row
    )


def test_the_team_caseload_page_links_put_an_ellipsis_for_the_pages_between(
    client, morgan, sam, north, monkeypatch
):
    # Nine pages of two: a phone shows the ends, the pages beside this one, and "⋯" between.
    monkeypatch.setattr(cases.views, "TEAM_CASELOAD_PAGE_SIZE", 2)
    CaseFactory.create_batch(18, allocated_worker=sam, team=north)
    client.force_login(morgan)

    page = client.get(reverse("home"), {"page": 5}).content.decode()

    links = re.findall(r'aria-label="Page (\d+)"', page)
    assert links == ["1", "4", "5", "6", "9"]
    assert page.count("govuk-pagination__item--ellipses") == 2
    assert 'aria-label="Page 5" aria-current="page"' in page


def test_the_team_caseload_pages_keep_to_open_cases_when_no_filter_is_chosen(
    client, morgan, sam, north
):
    CaseFactory.create_batch(PAGE_SIZE, allocated_worker=sam, team=north)
    closed = CaseFactory(allocated_worker=sam, team=north, status=Case.Status.CLOSED)
    client.force_login(morgan)

    response = client.get(reverse("home"), {"page": 2})

    assert closed not in response.context["cases"]
    assert len(response.context["cases"]) == PAGE_SIZE  # one page: the closed case is not counted


def twelve_unvisited_children(worker, team):
    """Twelve child protection cases opened 100 to 111 days ago, none of whose children has been
    visited: twelve overdue visits, each due on a different day."""
    today = timezone.localdate()
    for days_ago in range(100, 112):
        CaseFactory(
            allocated_worker=worker,
            team=team,
            practice_context="child_protection",
            opened_on=today - datetime.timedelta(days=days_ago),
        )


def test_a_managers_lists_of_what_is_overdue_show_the_ten_most_urgent_and_link_to_all(
    client, morgan, sam, north
):
    twelve_unvisited_children(sam, north)
    client.force_login(morgan)

    cut = client.get(reverse("home"))
    everything = client.get(reverse("home"), {"panels": "all"})

    assert len(cut.context["team_overdue_visits"]) == 12
    page = cut.content.decode()
    assert page.count("#visits") == 10
    assert "10 of 12 shown." in page
    # The link lands on the list it shows in full.
    assert (
        'href="?status=open&amp;panels=all#overdue-visits">Show all 12 overdue visits</a>' in page
    )
    # The ten shown are the most overdue: the oldest cases' first visits.
    oldest = sorted(cut.context["team_overdue_visits"], key=lambda deadline: deadline.due)[:10]
    for deadline in oldest:
        assert f"{deadline.case.reference}<span" in page
    shown_all = everything.content.decode()
    assert shown_all.count("#visits") == 12
    assert '<div id="overdue-visits">' in shown_all
    assert "Show all" not in shown_all


def test_a_workers_own_lists_are_never_cut(client, sam, north):
    twelve_unvisited_children(sam, north)
    client.force_login(sam)

    page = client.get(reverse("home")).content.decode()

    assert page.count("#visits") == 12
    assert "Show all" not in page


def test_a_team_manager_not_yet_in_a_team_sees_empty_lists_not_an_error(client, sam, north):
    CaseFactory(allocated_worker=sam, team=north)
    newcomer = ManagerFactory(username="lee", team=None)
    client.force_login(newcomer)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert list(response.context["cases"]) == []
    assert response.context["waiting"] == []
    assert response.context["team_overdue_visits"] == []
    assert response.context["children_without_explanation"] == []
