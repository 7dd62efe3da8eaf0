"""What the statutory returns need, asked where the worker or manager knows it: a child's pupil
number, ethnicity, disabilities and date of death; who referred and the main need; the reason
for closing. Each is saved with who recorded it and shown back by its label."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Person, PracticeContext, Referral
from tests.cases.test_case_pages import date_fields, person_data
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def edit_leo(client, case, **answers):
    leo = case.children.get()
    data = {
        **person_data(first="Leo", born=leo.date_of_birth),
        "revision": leo.revision,
        "upn_unknown": "",
        **answers,
    }
    return client.post(reverse("person_edit", args=[case.pk, leo.pk]), data)


def errors(response):
    return response.context["form"].errors


# --- The child's details ------------------------------------------------------------------------


def test_a_worker_records_a_childs_pupil_number_ethnicity_and_disabilities(client, sam, reid_case):
    client.force_login(sam)

    response = edit_leo(
        client,
        reid_case,
        upn="a123 4567 89012",
        ethnicity="MWBC",
        disabilities=["COMM", "AUT"],
    )

    assert response.status_code == 302
    leo = reid_case.children.get()
    assert (leo.upn, leo.upn_unknown, leo.ethnicity) == ("A123456789012", "", "MWBC")
    assert leo.disabilities == ["COMM", "AUT"]
    assert leo.history.first().history_user == sam


def test_the_case_page_shows_the_childs_codes_by_their_labels(client, sam, reid_case):
    leo = reid_case.children.get()
    leo.upn_unknown, leo.ethnicity, leo.disabilities = "UN1", "WBRI", ["HEAR", "MOB"]
    leo.save()
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "None: under 6 and not yet at school" in html
    assert "White: English, Welsh, Scottish, Northern Irish or British" in html
    # In the census's order, whatever order they were ticked in.
    assert "Mobility: getting about<br>Hearing" in html
    assert "UN1" not in html
    assert "WBRI" not in html


@pytest.mark.parametrize(
    "upn", ["A12345678901", "1123456789012", "A12345678901Z2", "A1234567890$2"]
)
def test_a_pupil_number_in_the_wrong_format_says_what_the_format_is(client, sam, reid_case, upn):
    client.force_login(sam)

    response = edit_leo(client, reid_case, upn=upn)

    assert errors(response)["upn"] == [
        "Enter a unique pupil number in the right format, like A123456789012"
    ]
    assert reid_case.children.get().upn == ""


def test_a_temporary_pupil_number_ending_in_a_letter_is_accepted(client, sam, reid_case):
    client.force_login(sam)

    assert edit_leo(client, reid_case, upn="L12345678901B").status_code == 302
    assert reid_case.children.get().upn == "L12345678901B"


@pytest.mark.parametrize("upn", ["B123456789012", "A12345678901B"])
def test_a_pupil_number_whose_check_letter_is_wrong_is_refused(client, sam, reid_case, upn):
    """The first letter checks the other twelve, as the census's rule 1510 does."""
    client.force_login(sam)

    response = edit_leo(client, reid_case, upn=upn)

    assert errors(response)["upn"] == [
        "The unique pupil number’s first letter does not match the rest of it: check the "
        "number with the child’s school"
    ]
    assert reid_case.children.get().upn == ""


def test_a_child_needs_a_pupil_number_or_why_there_is_none(client, sam, reid_case):
    client.force_login(sam)

    response = edit_leo(client, reid_case, upn="")

    assert errors(response)["upn"] == [
        "Enter the unique pupil number, or select why there is not one"
    ]
    assert 'value="Leo"' in response.content.decode()  # nothing typed is lost


def test_a_child_cannot_have_a_pupil_number_and_a_reason_for_none(client, sam, reid_case):
    client.force_login(sam)

    response = edit_leo(client, reid_case, upn="A123456789012", upn_unknown="UN2")

    assert errors(response)["upn_unknown"] == [
        "Leave why there is no unique pupil number blank, as you have entered one"
    ]


def test_no_disability_cannot_be_ticked_with_a_disability(client, sam, reid_case):
    client.force_login(sam)

    response = edit_leo(client, reid_case, upn_unknown="UN1", disabilities=["NONE", "VIS"])

    assert errors(response)["disabilities"] == [
        "Select ‘No disability’ on its own, or untick it and select each disability"
    ]
    assert reid_case.children.get().disabilities == []


def test_a_date_of_death_is_not_in_the_future_nor_before_birth(client, sam, reid_case):
    client.force_login(sam)
    leo = reid_case.children.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before_birth = leo.date_of_birth - datetime.timedelta(days=1)

    future = edit_leo(
        client, reid_case, upn_unknown="UN1", **date_fields("date_of_death", tomorrow)
    )
    early = edit_leo(
        client, reid_case, upn_unknown="UN1", **date_fields("date_of_death", before_birth)
    )

    assert "The date of death must be today or in the past" in errors(future)["date_of_death"][0]
    assert errors(early)["date_of_death"] == [
        "The date of death must be on or after the date of birth"
    ]
    assert reid_case.children.get().date_of_death is None


def test_an_adult_in_the_family_is_not_asked_the_childs_codes(client, sam, reid_case, chloe):
    client.force_login(sam)
    url = reverse("person_edit", args=[reid_case.pk, chloe.person.pk])

    page = client.get(url).content.decode()
    saved = client.post(
        url,
        {
            **person_data(first="Chloe", born=datetime.date(1990, 1, 1)),
            "revision": chloe.person.revision,
        },
    )

    assert "Unique pupil number" not in page
    assert "Ethnicity" not in page
    assert saved.status_code == 302


def test_adding_a_child_asks_the_childs_codes(client, sam, reid_case):
    client.force_login(sam)

    response = client.post(
        reverse("child_add", args=[reid_case.pk]),
        person_data(first="Noah", born=datetime.date(2015, 3, 1), upn_unknown="", upn=""),
    )

    assert errors(response)["upn"] == [
        "Enter the unique pupil number, or select why there is not one"
    ]
    assert not Person.objects.filter(first_name="Noah").exists()


# --- Opening a case directly ----------------------------------------------------------------------


def open_case(client, worker, **answers):
    data = {
        "practice_context": "child_in_need",
        "allocated_worker": worker.pk,
        "referral_source": "1C",
        "primary_need": "N2",
        **person_data(prefix="child-", upn="A123456789012", upn_unknown=""),
        **answers,
    }
    return client.post(reverse("case_open"), data)


def test_opening_a_case_records_who_asked_for_help_and_the_main_need(client, sam):
    client.force_login(sam)

    response = open_case(client, sam)

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.referral_source, case.primary_need) == ("1C", "N2")
    assert case.children.get().upn == "A123456789012"
    assert case.history.get().history_user == sam
    html = client.get(case.get_absolute_url()).content.decode()
    assert "The child themselves" in html
    assert "The child&#x27;s disability or illness" in html


def test_opening_a_case_needs_who_asked_for_help_and_the_main_need(client, sam):
    client.force_login(sam)

    response = open_case(client, sam, referral_source="", primary_need="")

    form = response.context["case_form"]
    assert form.errors == {
        "referral_source": ["Select who asked for help"],
        "primary_need": ["Select the main need"],
    }
    assert not Case.objects.exists()


# --- Deciding a referral --------------------------------------------------------------------------


def decide(client, referral, **answers):
    return client.post(reverse("referral_detail", args=[referral.pk]), answers)


def test_a_new_case_from_a_referral_carries_who_referred_and_the_main_need(
    client, morgan, sam, pending_referral
):
    client.force_login(morgan)

    decide(
        client,
        pending_referral,
        source="2A",
        decision="new_case",
        practice_context="child_in_need",
        allocated_worker=sam.pk,
        primary_need="N4",
        reason="Tyler's mum is struggling since the baby was born.",
    )

    pending_referral.refresh_from_db()
    case = pending_referral.case
    assert (pending_referral.source, pending_referral.primary_need) == ("2A", "N4")
    assert (case.referral_source, case.primary_need) == ("2A", "N4")
    assert pending_referral.history.first().history_user == morgan
    assert case.history.first().history_user == morgan


def test_linking_a_referral_records_its_codes_on_the_referral(
    client, morgan, sam, reid_case, pending_referral
):
    client.force_login(morgan)

    decide(
        client,
        pending_referral,
        source="6",
        decision="link",
        case_reference=reid_case.reference,
        primary_need="N1",
        reason="Same family.",
    )

    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.LINKED
    assert (pending_referral.source, pending_referral.primary_need) == ("6", "N1")


def test_no_further_action_records_who_referred_and_no_main_need(client, morgan, pending_referral):
    client.force_login(morgan)

    decide(
        client,
        pending_referral,
        source="3B",
        decision="no_further_action",
        primary_need="N4",  # chosen, then the decision changed: not kept
        reason="Health visitor will support.",
    )

    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NO_FURTHER_ACTION
    assert (pending_referral.source, pending_referral.primary_need) == ("3B", "")
    html = client.get(reverse("referral_detail", args=[pending_referral.pk])).content.decode()
    assert "Health visitor" in html


def test_every_decision_needs_who_referred_and_a_case_needs_the_main_need(
    client, morgan, sam, pending_referral
):
    client.force_login(morgan)

    response = decide(
        client,
        pending_referral,
        decision="new_case",
        practice_context="child_in_need",
        allocated_worker=sam.pk,
        reason="Needs an assessment.",
    )

    assert errors(response) == {
        "source": ["Select who made the referral"],
        "primary_need": ["Select the main need, as the child will have a case"],
    }
    assert "Needs an assessment." in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


# --- Closing a case -------------------------------------------------------------------------------


def close(client, case, **answers):
    data = {"reason": "Work finished.", **date_fields("closed_on", timezone.localdate()), **answers}
    return client.post(reverse("case_close", args=[case.pk]), data)


def test_closing_records_the_reason_for_closing_and_shows_its_label(client, morgan, reid_case):
    client.force_login(morgan)

    response = close(client, reid_case, reason_for_closure="RC7")

    assert response.status_code == 302
    reid_case.refresh_from_db()
    assert reid_case.reason_for_closure == "RC7"
    assert reid_case.history.first().history_user == morgan
    html = client.get(reid_case.get_absolute_url()).content.decode()
    assert "Services ended for another reason, including no longer in need" in html


def test_closing_a_census_case_needs_the_reason_for_closing(client, morgan, reid_case):
    client.force_login(morgan)

    response = close(client, reid_case)

    assert errors(response)["reason_for_closure"] == ["Select the reason for closing"]
    assert "Work finished." in response.content.decode()
    reid_case.refresh_from_db()
    assert reid_case.status == Case.Status.OPEN


def test_closing_as_died_needs_the_childs_date_of_death(client, morgan, reid_case):
    client.force_login(morgan)

    refused = close(client, reid_case, reason_for_closure="RC2")
    leo = reid_case.children.get()
    leo.date_of_death = timezone.localdate()
    leo.save()
    closed = close(client, reid_case, reason_for_closure="RC2")

    assert errors(refused)["reason_for_closure"] == [
        "Record the child's date of death in their details before closing the case with the "
        "reason ‘Died’"
    ]
    assert closed.status_code == 302
    reid_case.refresh_from_db()
    assert reid_case.reason_for_closure == "RC2"


@pytest.mark.parametrize("context", [PracticeContext.EARLY_HELP, PracticeContext.CARE_LEAVER])
def test_early_help_and_care_leavers_are_not_asked_a_census_reason(
    client, morgan, north, sam, context
):
    case = CaseFactory(team=north, allocated_worker=sam, practice_context=context)
    client.force_login(morgan)

    page = client.get(reverse("case_close", args=[case.pk])).content.decode()
    response = close(client, case, reason_for_closure="RC1")

    assert "Reason for closing" not in page
    assert "Adopted" not in page
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.reason_for_closure) == (Case.Status.CLOSED, "")


def test_reopening_clears_the_reason_for_closing(client, morgan, reid_case):
    client.force_login(morgan)
    close(client, reid_case, reason_for_closure="RC5")

    client.post(reverse("case_reopen", args=[reid_case.pk]), {"reason": "They came back."})

    reid_case.refresh_from_db()
    assert reid_case.reason_for_closure == ""
    assert reid_case.history.all()[1].reason_for_closure == "RC5"


def test_a_child_on_another_case_only_is_not_asked_here(client, sam, reid_case):
    """A person on this case as family who is a subject child elsewhere is edited as family."""
    sibling = PersonFactory(first_name="Mia")
    reid_case.family_members.create(person=sibling, relationship="sibling")
    client.force_login(sam)

    page = client.get(reverse("person_edit", args=[reid_case.pk, sibling.pk])).content.decode()

    assert "Unique pupil number" not in page
