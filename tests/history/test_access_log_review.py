"""Who looked at a case: the manager's view of one case, and the auditor's search across teams.
Reading the access log is itself logged."""

import pytest
from django.urls import reverse

from cases.models import AccessLogEntry, User
from tests.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_manager_sees_who_viewed_the_case_including_refusals(client, morgan, jo, alex, reid_case):
    client.force_login(jo)
    client.get(reverse("case_detail", args=[reid_case.pk]))
    client.force_login(alex)
    client.get(reverse("case_detail", args=[reid_case.pk]))
    client.force_login(morgan)

    client.get(reverse("case_access_log", args=[reid_case.pk]))
    response = client.get(reverse("case_access_log", args=[reid_case.pk]))

    # Each reading is logged once the page has been sent, so the next reading shows it.
    entries = [(e.person, e.sentence, e.allowed) for e in response.context["entries"]]
    assert entries == [
        (morgan, "Viewed who has looked at the case", True),
        (alex, "Tried to view the case", False),
        (jo, "Viewed the case", True),
    ]
    html = response.content.decode()
    assert "Refused" in html
    assert "Jo Marsh" in html


def test_an_auditor_searches_across_teams_by_user_or_case_and_the_search_is_logged(
    client, alex, reid_case, south
):
    auditor = UserFactory(username="audrey", role=User.Role.AUDITOR, team=None)
    other = AccessLogEntry.objects.create(
        user=alex, case_reference="SOS-2026-09999", action="view case", allowed=True, path="/x/"
    )
    AccessLogEntry.objects.create(
        user=alex,
        case=reid_case,
        case_reference=reid_case.reference,
        action="view case",
        allowed=False,
        path="/y/",
    )
    client.force_login(auditor)

    by_user = client.get(reverse("access_log_search"), {"username": "alex"})
    by_case = client.get(reverse("access_log_search"), {"reference": reid_case.reference.lower()})

    assert {entry.case_reference for entry in by_user.context["entries"]} == {
        other.case_reference,
        reid_case.reference,
    }
    assert [entry.case_reference for entry in by_case.context["entries"]] == [reid_case.reference]
    searches = AccessLogEntry.objects.filter(user_id=auditor.pk).order_by("pk")
    assert [(s.action, s.case_reference) for s in searches] == [
        ("search access log for alex", ""),
        ("search access log", reid_case.reference),
    ]


def test_an_empty_search_asks_for_a_username_or_reference(client):
    client.force_login(AdminFactory())

    response = client.get(reverse("access_log_search"), {"username": "", "reference": ""})

    assert "Enter a username or a case reference" in response.content.decode()


@pytest.mark.parametrize("role", [User.Role.ADMIN, User.Role.AUDITOR])
def test_administrators_and_auditors_may_search(client, role):
    client.force_login(UserFactory(username=f"gov-{role}", role=role, team=None))

    assert client.get(reverse("access_log_search")).status_code == 200
