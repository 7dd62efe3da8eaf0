"""The access log says only what happened, in plain sentences and in the case's own words."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.terminology import SAFETY, WELLBEING
from cases.models import AccessLogEntry, PracticeContext
from history.access_log import sentence
from tests.factories import AdminFactory, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "allowed", "terms", "expected"),
    [
        ("add a past harm entry", True, SAFETY, "Added a past harm entry"),
        ("add a danger statement", True, SAFETY, "Added a danger statement"),
        ("add a danger statement", True, WELLBEING, "Added a critical worry statement"),
        ("add a danger statement", False, WELLBEING, "Tried to add a critical worry statement"),
        # Rows logged before actions were phrases named parts by their address.
        ("add danger-statements", True, WELLBEING, "Added critical worry statements"),
        ("edit a future danger entry", True, WELLBEING, "Edited a future worries entry"),
        ("approve a safety plan", True, WELLBEING, "Approved a wellbeing plan"),
        ("download plan PDF", False, None, "Tried to download plan PDF"),
    ],
)
def test_an_action_reads_as_what_happened(action, allowed, terms, expected):
    entry = AccessLogEntry(action=action, allowed=allowed, method="POST", status=302)

    assert sentence(entry, terms) == expected


@pytest.mark.parametrize(
    ("method", "status", "expected"),
    [
        ("GET", 200, "Opened the page to add a past harm entry"),
        ("POST", 302, "Added a past harm entry"),
        ("POST", 200, "Tried to add a past harm entry, but the form needed correcting"),
        ("POST", 409, "Tried to add a past harm entry, but someone else had saved a change first"),
        ("POST", 500, "Tried to add a past harm entry, but it failed with an error"),
        ("", None, "Added a past harm entry"),  # a row from before requests were noted
    ],
)
def test_opening_a_form_is_not_saving_it(method, status, expected):
    entry = AccessLogEntry(
        action="add a past harm entry", allowed=True, method=method, status=status
    )

    assert sentence(entry, SAFETY) == expected


def test_a_form_opened_then_saved_leaves_two_true_rows(client, sam, reid_case):
    client.force_login(sam)
    url = reverse("child_add", args=[reid_case.pk])

    client.get(url)
    client.post(url, {"first_name": ""})

    rows = AccessLogEntry.objects.filter(user_id=sam.pk, case=reid_case).order_by("pk")
    assert [(row.method, row.status, row.allowed) for row in rows] == [
        ("GET", 200, True),
        ("POST", 200, True),
    ]
    assert [sentence(row) for row in rows] == [
        "Opened the page to add a child",
        "Tried to add a child, but the form needed correcting",
    ]


def test_a_refused_step_is_logged_as_tried(client, sam, reid_case):
    assessment = Assessment.start(case=reid_case, by=sam)
    client.force_login(sam)

    client.post(reverse("assessment_withdraw", args=[assessment.pk]))

    row = AccessLogEntry.objects.get(user_id=sam.pk, action="withdraw the assessment")
    assert (row.allowed, sentence(row)) == (False, "Tried to withdraw the assessment")


def test_an_early_help_case_log_never_says_danger(client, morgan, north, sam):
    case = CaseFactory(
        team=north, allocated_worker=sam, practice_context=PracticeContext.EARLY_HELP
    )
    AccessLogEntry.objects.create(
        user=sam,
        case=case,
        case_reference=case.reference,
        allowed=True,
        path="/",
        action="add a danger statement",
    )
    client.force_login(morgan)

    html = client.get(reverse("case_access_log", args=[case.pk])).content.decode()

    assert "Added a critical worry statement" in html
    assert "danger" not in html.lower()


def test_a_person_reached_through_another_cases_address_is_a_refusal(client, sam, reid_case):
    stranger = CaseFactory(children=[PersonFactory(first_name="Stranger")])
    someone_else = stranger.children.get()
    client.force_login(sam)

    response = client.get(reverse("person_edit", args=[reid_case.pk, someone_else.pk]))

    assert response.status_code == 404
    rows = AccessLogEntry.objects.filter(user_id=sam.pk, case=reid_case)
    assert list(rows.values_list("action", "allowed")) == [("edit a person's details", False)]


def test_a_search_logs_every_case_it_showed(client, sam, reid_case):
    other = CaseFactory(team=reid_case.team, children=[PersonFactory(last_name="Reid")])
    client.force_login(sam)

    response = client.get(reverse("search"), {"q": "Reid"})

    assert set(response.context["cases"]) == {reid_case, other}
    shown = AccessLogEntry.objects.filter(user_id=sam.pk, action="see the case in search results")
    assert set(shown.values_list("case_id", flat=True)) == {reid_case.pk, other.pk}


def test_reading_the_log_in_the_admin_site_is_logged(client, sam, reid_case):
    AccessLogEntry.objects.create(
        user=sam,
        case=reid_case,
        case_reference=reid_case.reference,
        allowed=False,
        path="/",
        action="add a danger statement",
    )
    admin = AdminFactory()
    client.force_login(admin)

    listing = client.get(reverse("admin:cases_accesslogentry_changelist")).content.decode()

    assert "Tried to add a danger statement" in listing
    read = AccessLogEntry.objects.filter(user_id=admin.pk)
    assert list(read.values_list("action", "allowed")) == [
        ("read the access log in the admin site", True)
    ]
