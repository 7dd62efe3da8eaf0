"""A refusal costs the same whatever is behind it, so its timing cannot tell a restricted case
from an ordinary one, or from an id that does not exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
