"""The register on one page: everyone invited with whether they came, and anyone who came
unasked, saved together. A mistake in one row shows on that row and loses nothing typed."""

import pytest
from django.urls import reverse

from meetings.models import Attendee
from meetings.services import meeting_finalise

pytestmark = pytest.mark.django_db


def register_data(invited, newcomers=()):
    """What the register page posts: each invited person's attendance (by attendee), then the
    rows for people who came unasked, two of them, blank unless given."""
    data = {
        "register-TOTAL_FORMS": len(invited),
        "register-INITIAL_FORMS": len(invited),
        "newcomer-TOTAL_FORMS": 2,
        "newcomer-INITIAL_FORMS": 0,
        "next": "",
    }
    for number, (attendee, attendance) in enumerate(invited):
        data[f"register-{number}-id"] = attendee.pk
        data[f"register-{number}-attendance"] = attendance
        data[f"register-{number}-revision"] = attendee.revision
    for number in range(2):
        row = (
            dict(zip(["name", "kind", "agency"], newcomers[number], strict=True))
            if number < len(newcomers)
            else {}
        )
        data[f"newcomer-{number}-revision"] = 1
        for name, value in row.items():
            data[f"newcomer-{number}-{name}"] = value
    return data


@pytest.fixture
def register_url(conference):
    return reverse("meeting_register", args=[conference.pk])


def test_everyone_invited_is_a_row_marked_as_there(
    client, sam, register_url, chloe_attends, school_attends
):
    client.force_login(sam)

    response = client.get(register_url)

    page = response.content.decode()
    assert "Chloe Reid" in page
    assert "Pat Lindqvist" in page
    assert "Professional, Riverside Primary School" in page
    forms = response.context["formsets"][0].forms
    assert [form["attendance"].value() for form in forms] == ["attended", "attended"]


def test_saving_the_register_changes_attendance_and_adds_a_newcomer_in_one_go(
    client, sam, conference, register_url, chloe_attends, school_attends
):
    client.force_login(sam)
    data = register_data(
        [(chloe_attends, "attended"), (school_attends, "apologies")],
        newcomers=[("PC Ross", "professional", "Police")],
    )

    response = client.post(register_url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_scaling_round", args=[conference.pk])
    school_attends.refresh_from_db()
    assert school_attends.attendance == Attendee.Attendance.APOLOGIES
    ross = conference.attendees.get(name="PC Ross")
    assert (ross.kind, ross.agency, ross.attendance) == ("professional", "Police", "attended")
    assert school_attends.history.first().history_user == sam
    assert ross.history.first().history_user == sam
    # Chloe's row did not change, so her history has no new entry.
    assert chloe_attends.history.count() == 1


def test_a_professional_without_an_agency_is_an_error_on_that_row_and_every_row_keeps_its_input(
    client, sam, conference, register_url, chloe_attends, school_attends
):
    client.force_login(sam)
    data = register_data(
        [(chloe_attends, "did_not_attend"), (school_attends, "apologies")],
        newcomers=[("PC Ross", "professional", ""), ("Sandra Reid", "family", "")],
    )

    response = client.post(register_url, data)

    assert response.status_code == 200
    assert ("newcomer-0-agency", "Enter the agency for PC Ross") in [
        (anchor.removeprefix("id_"), error) for anchor, error in response.context["page_errors"]
    ]
    page = response.content.decode()
    assert 'href="#id_newcomer-0-agency"' in page
    assert "<title>Error: Take the register" in page
    invited, newcomers = response.context["formsets"]
    assert [form["attendance"].value() for form in invited.forms] == ["did_not_attend", "apologies"]
    assert [form["name"].value() for form in newcomers.forms] == ["PC Ross", "Sandra Reid"]
    assert newcomers.forms[1].errors == {}
    # Nothing was saved: the register saves whole or not at all.
    chloe_attends.refresh_from_db()
    assert chloe_attends.attendance == Attendee.Attendance.ATTENDED
    assert not conference.attendees.filter(name__in=["PC Ross", "Sandra Reid"]).exists()


def test_a_newcomer_without_a_name_or_kind_is_told_what_to_enter(
    client, sam, register_url, chloe_attends
):
    client.force_login(sam)
    data = register_data([(chloe_attends, "attended")], newcomers=[("", "", "Police")])

    response = client.post(register_url, data)

    errors = [error for _anchor, error in response.context["page_errors"]]
    assert "Enter the name of the person who came" in errors
    assert "Choose who they are: a professional, a family member or the child" in errors


def test_a_finalised_meeting_refuses_the_register(
    client, sam, conference, register_url, chloe_attends
):
    meeting_finalise(meeting=conference, by=sam)
    client.force_login(sam)

    response = client.post(register_url, register_data([(chloe_attends, "apologies")]))

    assert response.status_code == 302
    assert response["Location"] == conference.get_absolute_url()
    chloe_attends.refresh_from_db()
    assert chloe_attends.attendance == Attendee.Attendance.ATTENDED


@pytest.mark.parametrize(
    ("who", "status"), [("sam", 200), ("morgan", 200), ("jo", 403), ("alex", 404), ("pat", 404)]
)
def test_each_role_gets_the_register_it_deserves(
    client, request, register_url, pat_grant, who, status
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(register_url).status_code == status


def test_names_and_agencies_people_typed_are_shown_as_words_not_markup(
    client, sam, conference, register_url
):
    Attendee.objects.create(
        meeting=conference, kind="professional", name="<b>Ross</b>", agency="<i>Police</i>"
    )
    client.force_login(sam)

    page = client.get(register_url).content.decode()

    assert "&lt;b&gt;Ross&lt;/b&gt;" in page
    assert "&lt;i&gt;Police&lt;/i&gt;" in page
    assert "<b>Ross</b>" not in page
    assert "<i>Police</i>" not in page
