"""The factors an assessment found, for the census: asked as the worker submits it for sign-off,
shown to the manager signing off, and never asked or shown in early help."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from cases.models import PracticeContext
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def submit(client, assessment, **data):
    return client.post(reverse("assessment_submit", args=[assessment.pk]), data)


def test_the_worker_submits_with_the_factors_found_and_the_history_names_them(client, sam, draft):
    client.force_login(sam)

    response = submit(client, draft, factors=["3B", "1B"])

    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    assert draft.factors == ["1B", "3B"]
    submitted = draft.history.first()
    assert (submitted.history_user, submitted.factors) == (sam, ["1B", "3B"])


def test_the_manager_reads_the_factors_by_their_labels_before_signing_off(
    client, sam, morgan, draft
):
    draft.submit(by=sam, factors=["16A", "4B"])
    client.force_login(morgan)

    html = client.get(draft.get_absolute_url()).content.decode()

    assert "Factors identified" in html
    assert "<li>Mental health: a parent or carer</li><li>Neglect</li>" in html
    assert "16A" not in html
    assert "Sign off" in html


def test_the_assessment_page_sends_a_census_case_to_the_factors_question(client, sam, draft):
    client.force_login(sam)

    html = client.get(draft.get_absolute_url()).content.decode()
    page = client.get(reverse("assessment_submit", args=[draft.pk])).content.decode()

    assert f'href="{reverse("assessment_submit", args=[draft.pk])}"' in html
    assert "What factors did the assessment find?" in page
    assert "Alcohol misuse: a parent or carer" in page
    # "No factors identified" comes after every factor.
    assert page.index('value="24A"') < page.index('value="21"')


def test_submitting_a_census_case_needs_the_factors(client, sam, draft):
    client.force_login(sam)

    response = submit(client, draft)

    assert response.status_code == 200
    assert response.context["form"].errors["factors"] == [
        "Select the factors the assessment found, or ‘No factors identified’"
    ]
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_no_factors_identified_stands_alone(client, sam, draft):
    client.force_login(sam)

    response = submit(client, draft, factors=["21", "7A"])

    assert response.context["form"].errors["factors"] == [
        "Select ‘No factors identified’ on its own, or untick it and select each factor"
    ]
    html = response.content.decode()
    assert re.search(r'value="7A"\s+checked', html)  # what was ticked is kept
    draft.refresh_from_db()
    assert (draft.status, draft.factors) == (Assessment.Status.DRAFT, [])


def test_no_factors_identified_on_its_own_is_accepted(client, sam, draft):
    client.force_login(sam)

    submit(client, draft, factors=["21"])

    draft.refresh_from_db()
    assert (draft.status, draft.factors) == (Assessment.Status.SUBMITTED, ["21"])


def test_a_factor_that_is_not_in_the_census_list_is_refused(client, sam, draft):
    client.force_login(sam)

    response = submit(client, draft, factors=["99Z"])

    assert response.context["form"].errors["factors"] == [
        "Select one of the options for what factors did the assessment find"
    ]


@pytest.fixture
def early_help_draft(sam, north):
    case = CaseFactory(
        team=north,
        allocated_worker=sam,
        practice_context=PracticeContext.EARLY_HELP,
        children=[PersonFactory(first_name="Mia")],
    )
    return Assessment.start(case=case, by=sam)


def test_early_help_submits_with_no_factors_asked_and_no_census_words_shown(
    client, sam, morgan, early_help_draft
):
    client.force_login(sam)

    before = client.get(early_help_draft.get_absolute_url()).content.decode()
    response = submit(client, early_help_draft)
    client.force_login(morgan)
    after = client.get(early_help_draft.get_absolute_url()).content.decode()

    assert response.status_code == 302
    early_help_draft.refresh_from_db()
    assert (early_help_draft.status, early_help_draft.factors) == (
        Assessment.Status.SUBMITTED,
        [],
    )
    for html in [before, after]:
        assert "Factors identified" not in html
        assert "abuse" not in html.lower()
        assert "danger" not in html.lower()
    # The page's own button posts straight to submit: there is nothing to ask first.
    assert f'action="{reverse("assessment_submit", args=[early_help_draft.pk])}"' in before


def test_the_submit_page_of_an_assessment_already_submitted_says_so(client, sam, draft):
    draft.submit(by=sam, factors=["21"])
    client.force_login(sam)

    response = client.get(reverse("assessment_submit", args=[draft.pk]), follow=True)

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Only a draft on an open case can be submitted." in response.content.decode()


def test_a_new_version_starts_with_the_factors_of_the_last(client, sam, morgan, draft):
    draft.submit(by=sam, factors=["2B", "10A"])
    draft.sign_off(by=morgan)

    second = draft.start_new_version(by=sam)
    client.force_login(sam)
    page = client.get(reverse("assessment_submit", args=[second.pk])).content.decode()

    assert second.factors == ["2B", "10A"]
    assert re.search(r'value="10A"\s+checked', page)
