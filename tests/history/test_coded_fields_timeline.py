"""The census's codes read as words on the case timeline and in a child's subject access export:
a choice by its label, a list of codes as the labels of each, and every change attributed to
whoever made it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from history.subject_access import subject_access_data

pytestmark = pytest.mark.django_db


def events(client, case, kind):
    response = client.get(reverse("case_history", args=[case.pk]), {"kind": kind})
    assert response.status_code == 200
    return response.context["events"]


def changes_of(event):
    return {change.field: (change.old, change.new) for change in event.changes}


def test_a_childs_codes_read_as_their_labels(client, sam, morgan, reid_case):
    leo = reid_case.children.get()
    leo.save()  # a first saved version for the change to be measured against
    client.force_login(sam)
    client.post(
        reverse("person_edit", args=[reid_case.pk, leo.pk]),
        {
            "first_name": "Leo",
            "last_name": "Reid",
            "date_of_birth_0": leo.date_of_birth.day,
            "date_of_birth_1": leo.date_of_birth.month,
            "date_of_birth_2": leo.date_of_birth.year,
            "revision": leo.revision,
            "upn_unknown": "UN1",
            "ethnicity": "BAFR",
            "disabilities": ["COMM", "MOB"],
        },
    )
    client.force_login(morgan)

    event = next(e for e in events(client, reid_case, "people") if e.action == "Changed")

    assert event.user == sam
    changes = changes_of(event)
    assert changes["Why there is no unique pupil number"] == (
        "(blank)",
        "Under 6 and not yet at school",
    )
    assert changes["Ethnicity"] == ("(blank)", "Black or Black British: African")
    assert changes["Disabilities"] == ("(blank)", "Mobility: getting about; Communication")


def test_an_assessments_factors_read_as_their_labels(client, sam, morgan, reid_case):
    assessment = Assessment.start(case=reid_case, by=sam)
    assessment.submit(by=sam, factors=["2B", "10A"])
    client.force_login(morgan)

    event = next(e for e in events(client, reid_case, "assessment") if e.action == "Changed")

    assert event.user == sam
    assert changes_of(event)["Factors identified"] == (
        "(blank)",
        "Drug misuse: a parent or carer; Going missing",
    )


def test_the_reason_for_closing_reads_as_its_label(client, morgan, reid_case):
    reid_case.close(
        reason="Moved away.", on=timezone.localdate(), by=morgan, reason_for_closure="RC5"
    )
    client.force_login(morgan)

    event = events(client, reid_case, "case")[0]

    assert event.user == morgan
    assert changes_of(event)["Reason for closing"] == (
        "(blank)",
        "Moved to another council's services",
    )


def test_a_childs_subject_access_export_holds_their_codes_by_label(reid_case, chloe):
    leo = reid_case.children.get()
    leo.upn, leo.ethnicity, leo.disabilities = "A123456789012", "CHNE", ["VIS", "HEAR"]
    leo.save()

    child = subject_access_data(leo)["person"]
    adult = subject_access_data(chloe.person)["person"]

    assert child["Unique pupil number (UPN)"] == "A123456789012"
    assert child["Ethnicity"] == "Chinese"
    assert child["Disabilities"] == "Hearing; Vision"
    assert child["Date of death"] == "Not recorded"
    assert "Ethnicity" not in adult
