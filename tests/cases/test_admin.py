import pytest
from django.urls import reverse

from tests.factories import AdminFactory, CaseFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_can_review_a_case_and_its_history(client, sam, north):
    case = CaseFactory(allocated_worker=sam, team=north)
    client.force_login(AdminFactory())

    change = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    history = client.get(reverse("admin:cases_case_history", args=[case.pk]))

    assert change.status_code == 200
    assert case.reference in change.content.decode()
    assert history.status_code == 200


def test_cases_cannot_be_added_in_the_admin_site(client):
    client.force_login(AdminFactory())

    assert client.get(reverse("admin:cases_case_add")).status_code == 403


@pytest.mark.parametrize("username", ["sam", "morgan", "pat"])
def test_staff_and_partners_cannot_use_the_admin_site(client, request, username):
    client.force_login(request.getfixturevalue(username))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
