"""The likely-duplicate warning names only people on cases the person adding may read."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseNamedUser
from tests.cases.test_case_pages import person_data
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(2017, 10, 8)
WARNING = "This may be someone already recorded"


def ella(**names):
    return PersonFactory(
        **{"first_name": "Ella", "last_name": "Brookes", **names}, date_of_birth=BORN
    )


@pytest.fixture
def south_case(alex, south):
    return CaseFactory(team=south, allocated_worker=alex)


def add_ella_b(client, case):
    return client.post(
        reverse("child_add", args=[case.pk]), person_data(first="Ella", last="B", born=BORN)
    )


def test_a_person_on_a_restricted_case_of_another_team_is_not_named(
    client, alex, sam, north, south_case
):
    restricted = CaseFactory(team=north, allocated_worker=sam, restricted=True, children=[ella()])
    CaseNamedUser.objects.create(case=restricted, user=sam)
    client.force_login(alex)

    response = add_ella_b(client, south_case)

    assert response.status_code == 302
    assert south_case.children.filter(last_name="B").exists()


def test_a_person_on_another_teams_case_the_worker_cannot_read_is_not_named(
    client, alex, sam, north, south_case
):
    CaseFactory(team=north, allocated_worker=sam, children=[ella()])
    client.force_login(alex)

    response = add_ella_b(client, south_case)

    assert response.status_code == 302
    assert south_case.children.filter(last_name="B").exists()


def test_a_person_on_a_case_the_worker_may_read_is_still_named(client, alex, south, south_case):
    CaseFactory(team=south, children=[ella()])
    client.force_login(alex)

    response = add_ella_b(client, south_case)

    assert response.status_code == 200
    assert f"{WARNING}: Ella Brookes, born 8 October 2017" in response.content.decode()
    assert not south_case.children.filter(last_name="B").exists()
