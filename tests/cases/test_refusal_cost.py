"""A refusal costs the same whatever is behind it, so its timing cannot tell a restricted case
from an ordinary one, or from an id that does not exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from cases.models import AccessLogEntry, CaseNamedUser
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def queries_to_refuse(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 404
    return len(queries)


@pytest.mark.parametrize("page", ["case_detail", "case_history"])
def test_a_restricted_case_is_refused_with_the_same_queries_as_a_missing_one(
    client, alex, reid_case, page
):
    restricted = CaseFactory(team=reid_case.team, restricted=True)
    client.force_login(alex)
    queries_to_refuse(client, reverse(page, args=[reid_case.pk]))  # the session, warmed up

    costs = {
        name: queries_to_refuse(client, reverse(page, args=[pk]))
        for name, pk in [("restricted", restricted.pk), ("other team", reid_case.pk), ("none", 0)]
    }

    assert len(set(costs.values())) == 1, costs


def test_an_assessment_is_refused_with_the_same_queries_whether_or_not_it_exists(
    client, alex, sam, reid_case
):
    other_team = Assessment.start(case=reid_case, by=sam)
    restricted_case = CaseFactory(team=alex.team, allocated_worker=alex, restricted=True)
    restricted = Assessment.start(case=restricted_case, by=alex)
    CaseNamedUser.objects.filter(case=restricted_case).delete()  # nobody named: nobody sees it
    client.force_login(alex)
    queries_to_refuse(client, reverse("assessment_detail", args=[other_team.pk]))  # warmed up

    costs = {
        name: queries_to_refuse(client, reverse("assessment_detail", args=[pk]))
        for name, pk in [("restricted", restricted.pk), ("other team", other_team.pk), ("none", 0)]
    }

    assert len(set(costs.values())) == 1, costs


@pytest.mark.parametrize("page", ["case_detail", "assessment_detail"])
def test_an_id_too_large_for_the_database_is_refused_and_logged(client, sam, page):
    client.force_login(sam)

    response = client.get(reverse(page, args=[2**63]))

    assert response.status_code == 404
    refused = AccessLogEntry.objects.get()
    assert (refused.allowed, refused.case_id, refused.user) == (False, None, sam)
