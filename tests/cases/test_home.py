"""Each role's home page: the worker's caseload, the manager's team caseload, the partner's list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from tests.factories import CaseFactory

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


def test_a_manager_sees_the_open_cases_of_their_team_only(client, morgan, sam, alex, north):
    team_cases = {CaseFactory(allocated_worker=sam, team=north), CaseFactory(team=north)}
    CaseFactory(allocated_worker=alex, team=alex.team)
    client.force_login(morgan)

    response = client.get(reverse("home"))

    assert set(response.context["cases"]) == team_cases
    assert "Sam Okafor" in response.content.decode()


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

    assert len(response.context["cases"]) == 50
    assert len(fifty) == len(five)
