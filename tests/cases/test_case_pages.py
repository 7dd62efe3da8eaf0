"""Opening a case, recording people and the safety network: outcomes, errors and history."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLogEntry, Case, FamilyMember, Person, SafetyNetworkMember

pytestmark = pytest.mark.django_db


def date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def person_data(first="Ava", last="Reid", born=datetime.date(2025, 12, 9), prefix="", **extra):
    data = {
        f"{prefix}first_name": first,
        f"{prefix}last_name": last,
        **date_fields(f"{prefix}date_of_birth", born),
        f"{prefix}gender": "female",
        # A child under 6 has no pupil number yet; an adult's form does not ask.
        f"{prefix}upn_unknown": "UN1",
    }
    return {**data, **{f"{prefix}{key}": value for key, value in extra.items()}}


def test_a_worker_opens_a_case_with_its_first_child(client, sam):
    client.force_login(sam)

    response = client.post(
        reverse("case_open"),
        {
            "practice_context": "child_protection",
            "allocated_worker": sam.pk,
            "referral_source": "3B",
            "primary_need": "N1",
            **person_data(prefix="child-"),
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert case.reference == f"SOS-{timezone.localdate().year}-00001"
    assert [child.full_name for child in case.children.all()] == ["Ava Reid"]
    assert (case.team, case.allocated_worker) == (sam.team, sam)
    assert case.history.get().history_user == sam


def test_opening_a_case_with_a_missing_name_keeps_everything_typed(client, sam):
    client.force_login(sam)

    response = client.post(
        reverse("case_open"),
        {
            "practice_context": "early_help",
            "allocated_worker": sam.pk,
            **person_data(first="", prefix="child-"),
            "child-languages": "Polish",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter first name" in html
    assert 'value="Polish"' in html
    assert re.search(r'value="early_help"\s+checked="checked"', html)
    assert not Case.objects.exists()


def test_a_born_child_cannot_have_a_future_date_of_birth(client, sam, reid_case):
    client.force_login(sam)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("child_add", args=[reid_case.pk]), person_data(first="Noah", born=tomorrow)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Date of birth must be today or in the past" in html
    assert 'value="Noah"' in html
    assert reid_case.children.count() == 1


def test_an_unborn_baby_can_have_a_due_date(client, sam, reid_case):
    client.force_login(sam)
    due = timezone.localdate() + datetime.timedelta(days=60)

    response = client.post(
        reverse("child_add", args=[reid_case.pk]),
        person_data(first="Baby", born=due, is_unborn="on"),
    )

    assert response.status_code == 302
    baby = reid_case.children.get(first_name="Baby")
    assert baby.is_unborn
    assert baby.date_of_birth == due


def test_a_likely_duplicate_is_flagged_and_added_only_once_confirmed(client, sam, reid_case):
    client.force_login(sam)
    leo = reid_case.children.get()
    data = person_data(first="LEO", last="Reid", born=leo.date_of_birth)

    warned = client.post(
        reverse("family_member_add", args=[reid_case.pk]), {**data, "relationship": "sibling"}
    )

    assert warned.status_code == 200
    assert "with the same date of birth is already recorded" in warned.content.decode()
    assert Person.objects.filter(first_name__iexact="leo").count() == 1

    confirmed = client.post(
        reverse("family_member_add", args=[reid_case.pk]),
        {**data, "relationship": "sibling", "not_a_duplicate": "on"},
    )

    assert confirmed.status_code == 302
    # Two separate records: never merged.
    assert Person.objects.filter(first_name__iexact="leo", last_name="Reid").count() == 2


def test_adding_a_family_member_records_them_with_their_relationship(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(
        reverse("family_member_add", args=[reid_case.pk]),
        {
            **person_data(first="Sandra", born=datetime.date(1969, 8, 12)),
            "relationship": "grandparent",
        },
    )

    assert response.status_code == 302
    member = reid_case.family_members.get()
    assert member.person.full_name == "Sandra Reid"
    assert member.relationship == FamilyMember.Relationship.GRANDPARENT
    assert member.history.get().history_user == sam
    assert member.person.history.get().history_user == sam


def test_editing_a_person_saves_one_attributed_history_row(client, sam, reid_case, chloe):
    client.force_login(sam)
    person = chloe.person
    before = person.history.count()

    response = client.post(
        reverse("person_edit", args=[reid_case.pk, person.pk]),
        person_data(
            first="Chloe",
            born=datetime.date(1998, 4, 30),
            languages="English and Polish",
            revision=person.revision,
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.languages == "English and Polish"
    assert person.history.count() == before + 1
    assert person.history.first().history_user == sam


def test_people_from_another_case_cannot_be_edited_through_this_one(client, sam, reid_case):
    stranger = Person.objects.create(first_name="Not", last_name="Here")
    client.force_login(sam)

    response = client.get(reverse("person_edit", args=[reid_case.pk, stranger.pk]))

    assert response.status_code == 404


def test_a_closed_case_refuses_changes_and_keeps_what_was_typed(client, sam, morgan, reid_case):
    reid_case.close(reason="Work finished", on=timezone.localdate(), by=morgan)
    client.force_login(sam)

    response = client.post(
        reverse("child_add", args=[reid_case.pk]),
        person_data(first="Noah", born=datetime.date(2020, 1, 1)),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "This case is closed, so it cannot be changed" in html
    assert 'value="Noah"' in html
    assert not Person.objects.filter(first_name="Noah").exists()


def test_a_confidential_address_is_marked_on_the_case_page(client, sam, reid_case, chloe):
    chloe.person.address = "Refuge, address withheld"
    chloe.person.address_is_confidential = True
    chloe.person.save()
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "Confidential" in html


def test_the_case_page_draws_the_family_tree_with_a_text_alternative(client, sam, reid_case, chloe):
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "The family tree as a list" in html
    assert "<li>Chloe Reid: Mother</li>" in html
    assert "(the case is about them)" in html


# --- Safety network ---------------------------------------------------------------------------


def test_someone_already_on_the_case_joins_the_safety_network(client, sam, reid_case, chloe):
    client.force_login(sam)

    response = client.post(
        reverse("network_add", args=[reid_case.pk]),
        {
            "existing_person": chloe.person.pk,
            "relationship": "Mother",
            "agreed_to_do": "Calls Sandra if Daniel comes to the house.",
            **date_fields("joined_on", datetime.date(2026, 11, 2)),
        },
    )

    assert response.status_code == 302
    member = reid_case.safety_network.get()
    assert member.person == chloe.person
    assert member.is_active
    assert member.history.get().history_user == sam


def test_someone_new_joins_the_safety_network(client, sam, reid_case):
    client.force_login(sam)

    client.post(
        reverse("network_add", args=[reid_case.pk]),
        {
            "first_name": "Priya",
            "last_name": "Shah",
            "relationship": "Neighbour",
            "agreed_to_do": "Chloe can knock on her door at any time.",
            "phone": "07700 900456",
            **date_fields("joined_on", datetime.date(2026, 11, 2)),
        },
    )

    member = reid_case.safety_network.get()
    assert member.person.full_name == "Priya Shah"
    assert member.phone == "07700 900456"


def test_a_network_member_needs_a_name_and_what_they_agreed(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(
        reverse("network_add", args=[reid_case.pk]),
        {
            "relationship": "Neighbour",
            "phone": "07700 900456",
            **date_fields("joined_on", datetime.date(2026, 11, 2)),
        },
    )

    html = response.content.decode()
    assert "Enter their first name, or choose someone recorded" in html
    assert 'value="07700 900456"' in html
    assert not SafetyNetworkMember.objects.exists()


def test_ending_a_network_member_keeps_them_in_the_history(client, sam, reid_case, network_member):
    client.force_login(sam)

    response = client.post(
        reverse("network_end", args=[reid_case.pk, network_member.pk]),
        {"reason": "Moved to Spain", **date_fields("ended_on", datetime.date(2026, 11, 20))},
    )

    assert response.status_code == 302
    network_member.refresh_from_db()
    assert not network_member.is_active
    assert network_member.end_reason == "Moved to Spain"
    assert network_member.history.first().history_user == sam
    assert SafetyNetworkMember.objects.active().count() == 0


def test_a_network_member_cannot_end_before_they_joined(client, sam, reid_case, network_member):
    client.force_login(sam)

    response = client.post(
        reverse("network_end", args=[reid_case.pk, network_member.pk]),
        {"reason": "Moved", **date_fields("ended_on", datetime.date(2020, 1, 1))},
    )

    assert "must be on or after the date they joined" in response.content.decode()
    network_member.refresh_from_db()
    assert network_member.is_active


def test_editing_what_a_network_member_agreed_is_saved(client, sam, reid_case, network_member):
    client.force_login(sam)

    client.post(
        reverse("network_edit", args=[reid_case.pk, network_member.pk]),
        {
            "relationship": "Grandmother",
            "agreed_to_do": "Visits every evening and stays over at weekends.",
            **date_fields("joined_on", network_member.joined_on),
            "revision": network_member.revision,
        },
    )

    network_member.refresh_from_db()
    assert network_member.agreed_to_do == "Visits every evening and stays over at weekends."
    assert network_member.history.count() == 2


# --- Access log -------------------------------------------------------------------------------


def test_viewing_a_case_writes_an_access_log_row(client, jo, reid_case):
    client.force_login(jo)

    client.get(reverse("case_detail", args=[reid_case.pk]), REMOTE_ADDR="10.1.2.3")

    entry = AccessLogEntry.objects.get()
    assert (entry.user_id, entry.case_id, entry.case_reference) == (
        jo.pk,
        reid_case.pk,
        reid_case.reference,
    )
    assert entry.allowed
    assert entry.action == "view the case"
    assert entry.ip_address == "10.1.2.3"


def test_a_refused_case_is_logged_as_denied(client, alex, jo, reid_case):
    client.force_login(alex)
    assert client.get(reverse("case_detail", args=[reid_case.pk])).status_code == 404
    client.force_login(jo)
    assert client.post(reverse("child_add", args=[reid_case.pk])).status_code == 403

    denied = AccessLogEntry.objects.filter(allowed=False).order_by("at", "pk")
    assert [(entry.user_id, entry.action) for entry in denied] == [
        (alex.pk, "view the case"),
        (jo.pk, "add a child"),
    ]
    assert all(entry.case_id == reid_case.pk for entry in denied)


def test_a_case_that_does_not_exist_is_logged_without_a_case(client, sam):
    client.force_login(sam)

    assert client.get(reverse("case_detail", args=[999999])).status_code == 404

    entry = AccessLogEntry.objects.get()
    assert (entry.allowed, entry.case_id, entry.path) == (False, None, "/cases/999999/")


def test_the_family_trees_coordinates_are_plain_numbers_wherever_the_locale_groups_digits(
    client, sam, reid_case, settings
):
    settings.USE_THOUSAND_SEPARATOR = True  # a locale that writes 1,120 for 1120
    for number in range(7):
        reid_case.add_child(
            Person.objects.create(first_name=f"Child {number}", last_name="Reid"), by=sam
        )
    client.force_login(sam)

    page = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    width = re.search(r'aria-labelledby="family-tree-title family-tree-desc" width="([^"]+)"', page)
    assert width is not None
    assert width.group(1).isdigit(), width.group(1)
    assert int(width.group(1)) >= 1000
