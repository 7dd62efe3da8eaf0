"""A referral that led to a restricted case is seen only by the managers named on the case."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseNamedUser, Referral
from tests.factories import CaseFactory, ManagerFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def decided_referral(case, status, **fields):
    return ReferralFactory(
        team=case.team,
        status=status,
        decided_by=case.allocated_worker,
        decided_at=timezone.now(),
        decision_reason="Reasons that name the family.",
        **fields,
    )


@pytest.fixture
def restricted_case(north, sam):
    case = CaseFactory(team=north, allocated_worker=sam, restricted=True)
    CaseNamedUser.objects.create(case=case, user=sam)
    return case


@pytest.fixture(params=["opened", "linked"])
def hidden_referral(request, restricted_case):
    """A referral that opened the restricted case, or one added to it later."""
    if request.param == "linked":
        return decided_referral(
            restricted_case, Referral.Status.LINKED, linked_case=restricted_case
        )
    referral = decided_referral(restricted_case, Referral.Status.NEW_CASE)
    restricted_case.referral = referral
    restricted_case.save()
    return referral


@pytest.fixture
def named_manager(north, restricted_case):
    manager = ManagerFactory(username="dana", team=north)
    CaseNamedUser.objects.create(case=restricted_case, user=manager)
    return manager


def decided_tab(client):
    return client.get(reverse("referral_queue"), {"show": "decided"}).content.decode()


def test_a_manager_not_named_on_the_case_does_not_see_the_decision(
    client, morgan, north, hidden_referral, restricted_case
):
    open_case = CaseFactory(team=north)
    shown = decided_referral(open_case, Referral.Status.LINKED, linked_case=open_case)
    client.force_login(morgan)

    html = decided_tab(client)

    assert open_case.reference in html
    assert reverse("referral_detail", args=[shown.pk]) in html
    assert restricted_case.reference not in html
    assert reverse("referral_detail", args=[hidden_referral.pk]) not in html


def test_the_referral_page_is_not_found_for_a_manager_not_named_on_the_case(
    client, morgan, hidden_referral
):
    client.force_login(morgan)

    response = client.get(reverse("referral_detail", args=[hidden_referral.pk]))

    assert response.status_code == 404
    assert "Reasons that name the family" not in response.content.decode()


def test_a_manager_named_on_the_case_still_sees_the_decision_and_the_referral(
    client, named_manager, hidden_referral, restricted_case
):
    client.force_login(named_manager)

    html = decided_tab(client)
    page = client.get(reverse("referral_detail", args=[hidden_referral.pk]))

    assert restricted_case.reference in html
    assert page.status_code == 200
    assert restricted_case.reference in page.content.decode()
    assert "Reasons that name the family." in page.content.decode()
