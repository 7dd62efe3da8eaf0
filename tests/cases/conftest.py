import datetime

import pytest

from cases.models import FamilyMember, PartnerAccessGrant, Referral, SafetyNetworkMember
from tests.factories import (
    CaseFactory,
    FamilyMemberFactory,
    PartnerFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)


@pytest.fixture
def jo(north):
    """Another social worker in Sam's team: can read Sam's cases, not change them."""
    return UserFactory(username="jo", first_name="Jo", last_name="Marsh", team=north)


@pytest.fixture
def kim():
    """A partner with no grant on anything."""
    return PartnerFactory(username="kim", first_name="Kim", agency="Hillside Health Visitors")


@pytest.fixture
def reid_case(sam, north):
    leo = PersonFactory(
        first_name="Leo", last_name="Reid", date_of_birth=datetime.date(2022, 1, 27)
    )
    return CaseFactory(allocated_worker=sam, team=north, children=[leo])


@pytest.fixture
def chloe(reid_case):
    return FamilyMemberFactory(
        case=reid_case,
        person=PersonFactory(first_name="Chloe", last_name="Reid"),
        relationship=FamilyMember.Relationship.MOTHER,
    )


@pytest.fixture
def network_member(reid_case, chloe):
    return SafetyNetworkMember.objects.create(
        case=reid_case,
        person=PersonFactory(first_name="Sandra", last_name="Reid"),
        relationship="Grandmother",
        agreed_to_do="Visits every evening at bath time.",
        joined_on=datetime.date(2026, 10, 6),
    )


@pytest.fixture
def pat_grant(reid_case, pat, morgan):
    return PartnerAccessGrant.objects.create(
        case=reid_case,
        partner=pat,
        granted_by=morgan,
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2099, 1, 1),
    )


@pytest.fixture
def north_referral(sam, north):
    return ReferralFactory(team=north, recorded_by=sam)


@pytest.fixture
def pending_referral(north_referral):
    assert north_referral.status == Referral.Status.NEW
    return north_referral
