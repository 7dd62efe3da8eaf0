"""The case page's content is cached for each reader under the case's last change: every change
to the case's records moves that change on, so nobody reads an old page."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, DangerStatement, MappingEntry, SafetyGoal
from cases.models import AccessLogEntry, Case, FamilyMember, SafetyNetworkMember
from plans.models import SafetyPlan
from tests.factories import CaseFactory, FamilyMemberFactory, PersonFactory, ReferralFactory
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_at_work(reid_case, sam):
    """A case with an assessment and a plan begun, so its page has no "Start" form: a page
    with a form is never cached (see the last test)."""
    Assessment.start(case=reid_case, by=sam)
    SafetyPlan.start(case=reid_case, by=sam)
    return reid_case


def changed(case):
    return Case.objects.values_list("changed_at", flat=True).get(pk=case.pk)


def page_and_queries(client, case):
    """The page's main content (the rest carries each response's own CSP nonce), and the
    queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")], len(queries)


def test_a_second_look_at_an_unchanged_case_is_the_same_page_for_fewer_queries(
    client, sam, case_at_work, chloe
):
    client.force_login(sam)

    first, first_queries = page_and_queries(client, case_at_work)
    second, second_queries = page_and_queries(client, case_at_work)

    assert second == first
    assert "Chloe Reid" in second
    # The sign-in checks, the case with the reader's access, and the access log; not the
    # children, family, network and sections.
    assert second_queries <= first_queries - 6
    # Each look is in the access log, cached or not.
    assert AccessLogEntry.objects.filter(case_id=case_at_work.pk, user=sam).count() == 2


def test_an_edit_through_the_service_shows_on_the_next_look(client, sam, case_at_work, chloe):
    reid_case = case_at_work
    client.force_login(sam)
    page_and_queries(client, reid_case)
    person = chloe.person

    client.post(
        reverse("person_edit", args=[reid_case.pk, person.pk]),
        {
            "first_name": "Chloé",
            "last_name": "Reid-Ward",
            "date_of_birth_0": 30,
            "date_of_birth_1": 4,
            "date_of_birth_2": 1998,
            "gender": "female",
            "revision": person.revision,
        },
    )
    page, _ = page_and_queries(client, reid_case)

    person.refresh_from_db()
    assert person.last_name == "Reid-Ward"
    assert "Chloé Reid-Ward" in page


def test_each_reader_has_their_own_page(client, sam, morgan, case_at_work):
    reid_case = case_at_work
    client.force_login(sam)
    workers_page, _ = page_and_queries(client, reid_case)
    client.force_login(morgan)
    managers_page, _ = page_and_queries(client, reid_case)
    client.force_login(sam)
    workers_again, _ = page_and_queries(client, reid_case)

    assert "Manager actions" not in workers_page
    assert "Manager actions" in managers_page
    assert "Manager actions" not in workers_again


def test_a_cached_page_is_never_shown_to_someone_who_has_lost_access(
    client, sam, morgan, case_at_work
):
    reid_case = case_at_work
    client.force_login(sam)
    page_and_queries(client, reid_case)
    reid_case.restrict([morgan], by=morgan)

    response = client.get(reverse("case_detail", args=[reid_case.pk]))

    assert response.status_code == 404
    refusal = AccessLogEntry.objects.filter(case_id=reid_case.pk, user=sam).latest("pk")
    assert refusal.allowed is False


# What moves a case's last change on: a history row about any of its records, found through the
# registry's link from the row to its cases (history.registry.touch_cases).


def test_the_cases_own_change_moves_it_on(reid_case):
    before = changed(reid_case)
    reid_case.primary_need = "N2"
    reid_case.save()

    assert changed(reid_case) > before


def test_a_record_on_the_case_moves_it_on_and_no_other_case(reid_case, sam, north):
    other = CaseFactory(allocated_worker=sam, team=north)
    before, other_before = changed(reid_case), changed(other)

    Visit.objects.create(
        case=reid_case,
        child=reid_case.children.get(),
        visited_on=datetime.date(2026, 11, 30),
        child_seen=True,
        recorded_by=sam,
    )

    assert changed(reid_case) > before
    assert changed(other) == other_before


def test_a_record_under_another_record_moves_the_case_on(reid_case, sam):
    assessment = Assessment.start(case=reid_case, by=sam)
    statement = DangerStatement.objects.create(
        assessment=assessment,
        who_is_worried="The school",
        worried_behaviour="Shouting late at night",
        likely_impact="Leo is frightened",
    )
    before = changed(reid_case)
    MappingEntry.objects.create(
        assessment=assessment,
        category=MappingEntry.Category.STRENGTH,
        text="Chloe walks Leo to nursery.",
        source="Nursery",
        noted_on=datetime.date(2026, 11, 2),
    )
    after_entry = changed(reid_case)
    SafetyGoal.objects.create(
        danger_statement=statement, what_needs_to_be_seen="Calm evenings", how_long="Six months"
    )

    assert before < after_entry < changed(reid_case)


def test_a_person_on_two_cases_moves_both_on(reid_case, sam, north):
    person = PersonFactory(first_name="Dan", last_name="Reid")
    FamilyMemberFactory(case=reid_case, person=person, relationship="father")
    other = CaseFactory(allocated_worker=sam, team=north)
    SafetyNetworkMember.objects.create(
        case=other,
        person=person,
        relationship="Uncle",
        agreed_to_do="Calls every Sunday.",
        joined_on=other.opened_on,
    )
    before, other_before = changed(reid_case), changed(other)

    person.phone = "07700 900123"
    person.save()

    assert changed(reid_case) > before
    assert changed(other) > other_before


def test_a_deleted_record_moves_the_case_on(reid_case, chloe):
    before = changed(reid_case)

    FamilyMember.objects.get(pk=chloe.pk).delete()

    assert changed(reid_case) > before


def test_the_referral_a_case_was_opened_from_moves_it_on(north, sam):
    referral = ReferralFactory(team=north)
    case = CaseFactory(allocated_worker=sam, team=north, referral=referral)
    before = changed(case)

    referral.referrer_agency = "St Mary's Primary"
    referral.save()

    assert changed(case) > before


def test_a_page_with_a_form_is_rendered_afresh_with_this_browsers_csrf_token(sam, reid_case):
    # A new case: "Start the assessment" is a form, with a CSRF token of the browser's own.
    laptop, phone = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    laptop.force_login(sam)
    phone.force_login(sam)
    page = reverse("case_detail", args=[reid_case.pk])
    start = reverse("assessment_start", args=[reid_case.pk])

    assert "Start the assessment" in laptop.get(page).content.decode()
    form = phone.get(page).content.decode().split(f'action="{start}"')[1]
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = phone.post(start, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert reid_case.assessments.count() == 1
