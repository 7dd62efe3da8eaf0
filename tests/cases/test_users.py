import pytest
from django.core.exceptions import ValidationError

from cases.models import User
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_social_workers_and_managers_must_belong_to_a_team():
    for role in [User.Role.SOCIAL_WORKER, User.Role.MANAGER]:
        user = User(username=f"new-{role}", role=role)
        with pytest.raises(ValidationError) as error:
            user.full_clean()
        assert error.value.message_dict["team"] == ["Choose the team this person works in."]


def test_partners_must_name_their_agency_and_have_no_team(north):
    with pytest.raises(ValidationError) as error:
        User(username="no-agency", role=User.Role.PARTNER).full_clean()
    assert error.value.message_dict["agency"] == ["Enter the agency this partner works for."]

    with pytest.raises(ValidationError) as error:
        User(username="teamed", role=User.Role.PARTNER, agency="GP", team=north).full_clean()
    assert "team" in error.value.message_dict


def test_a_valid_partner_passes(north):
    partner = PartnerFactory.build(username="valid-partner", agency="Hillside Health Visitors")

    partner.full_clean(exclude=["password"])


def test_a_change_of_role_or_team_is_kept_in_the_history(south, morgan):
    worker = UserFactory(username="jo")

    worker.team = south
    worker._history_user = morgan
    worker.save()

    latest = worker.history.first()
    assert worker.history.count() == 2
    assert latest.team == south
    assert latest.history_user == morgan
    assert latest.history_type == "~"


def test_password_hashes_are_not_copied_into_the_history():
    worker = UserFactory(username="private")

    assert not hasattr(worker.history.first(), "password")
