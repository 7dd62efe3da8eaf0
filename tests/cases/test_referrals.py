"""A partner's concern, recorded in the three columns, and the manager's decision on it."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import ScalingAnswer
from assessments.services import open_case_from_referral
from cases.access import WRITE, access_level, cases_writable_by
from cases.models import BreakGlassAccess, Case, CaseNamedUser, Person, Referral, User
from tests.cases.test_case_pages import date_fields
from tests.factories import (
    CaseFactory,
    ManagerFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def referral_data(team, **changes):
    data = {
        "team": team.pk,
        "referrer_name": "Ms Ruth Adeyemi",
        "referrer_agency": "Riverside Primary School",
        "referrer_contact": "01632 960 123",
        "consent": "agreed",
        "child_first_name": "Leo",
        "child_last_name": "Reid",
        "worried_about": "Leo said his dad shouted and threw a plate at his mum on Sunday.",
        "working_well": "His mum brings him to school every day, clean and fed.",
        "needs_to_happen": "Someone to talk with his mum about how to keep Leo safe.",
        "referrer_scaling_score": "3",
        **date_fields("received_on", datetime.date(2026, 11, 24)),
    }
    data.update(changes)
    return data


def test_a_worker_records_a_referral_from_the_school(client, sam, north):
    client.force_login(sam)

    response = client.post(reverse("referral_new"), referral_data(north))

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.NEW
    assert (referral.recorded_by, referral.team, referral.referrer_scaling_score) == (sam, north, 3)
    assert referral.history.get().history_user == sam


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"referrer_scaling_score": "11"}, "The scaling score must be between 0 and 10"),
        ({"referrer_scaling_score": "-1"}, "The scaling score must be between 0 and 10"),
        ({"worried_about": ""}, "Enter what you are worried about"),
        ({"consent": "not_asked"}, "Say why the family have not been told"),
    ],
)
def test_a_referral_with_bad_input_is_shown_again_with_everything_kept(
    client, sam, north, changes, message
):
    client.force_login(sam)

    response = client.post(reverse("referral_new"), referral_data(north, **changes))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Riverside Primary School" in html
    assert "His mum brings him to school every day" in html
    assert not Referral.objects.exists()


def test_the_triage_queue_lists_only_the_managers_team_waiting_referrals(
    client, morgan, north, south
):
    waiting = ReferralFactory(team=north)
    ReferralFactory(team=north, status=Referral.Status.NO_FURTHER_ACTION)
    ReferralFactory(team=south)
    client.force_login(morgan)

    response = client.get(reverse("referral_queue"))

    assert list(response.context["referrals"]) == [waiting]


def test_triage_opens_a_new_case_for_the_referred_child(client, morgan, sam, pending_referral):
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "new_case",
            "source": "2A",
            "primary_need": "N4",
            "practice_context": "child_protection",
            "allocated_worker": sam.pk,
            "reason": "A child protection enquiry is needed.",
        },
    )

    case = Case.objects.get()
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    assert case.referral == pending_referral
    assert [child.full_name for child in case.children.all()] == ["Tyler Booth"]
    assert case.allocated_worker == sam
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW_CASE
    assert (pending_referral.decided_by, pending_referral.decision_reason) == (
        morgan,
        "A child protection enquiry is needed.",
    )
    assert pending_referral.history.first().history_user == morgan


def test_triage_links_a_referral_to_a_case_the_manager_can_see(
    client, morgan, sam, north, pending_referral
):
    case = CaseFactory(team=north, allocated_worker=sam)
    client.force_login(morgan)

    client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "link",
            "source": "2A",
            "primary_need": "N4",
            "case_reference": case.reference.lower(),
            "reason": "Same family.",
        },
    )

    pending_referral.refresh_from_db()
    assert (pending_referral.status, pending_referral.linked_case) == (Referral.Status.LINKED, case)


def test_triage_cannot_link_to_a_case_the_manager_cannot_see(
    client, morgan, alex, pending_referral
):
    hidden = CaseFactory(team=alex.team, allocated_worker=alex)
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "link",
            "source": "2A",
            "primary_need": "N4",
            "case_reference": hidden.reference,
            "reason": "Same family.",
        },
    )

    assert "Enter the reference of a case you can change" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


def test_every_triage_decision_needs_a_reason(client, morgan, pending_referral):
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "no_further_action", "source": "2A"},
    )

    assert "Enter the reason for the decision" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


def test_closing_with_no_further_action_records_the_reason(client, morgan, pending_referral):
    client.force_login(morgan)

    client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "no_further_action",
            "source": "2A",
            "reason": "School will support with breakfast club.",
        },
    )

    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NO_FURTHER_ACTION
    assert not Case.objects.exists()


def test_a_referral_cannot_be_decided_twice(client, morgan, pending_referral):
    pending_referral.close_with_no_further_action(reason="First decision", by=morgan)
    client.force_login(morgan)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {"decision": "no_further_action", "source": "2A", "reason": "Second decision"},
    )

    assert "Morgan Hughes already decided this referral on" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.decision_reason == "First decision"


# --- A referral is decided once ---------------------------------------------------------------

TEN_42 = timezone.make_aware(datetime.datetime(2026, 12, 2, 10, 42))


def decide(referral, decision, by, case=None):
    """Make one of the three decisions, as the decision page does."""
    if decision == "new_case":
        return open_case_from_referral(
            referral=referral,
            practice_context="child_protection",
            allocated_worker=by,
            reason="A child protection enquiry is needed.",
            by=by,
        )
    if decision == "link":
        referral.link_to(case, reason="Same family.", by=by)
    else:
        referral.close_with_no_further_action(reason="Support in school.", by=by)
    return referral.case


def decided_at_ten_42(referral):
    Referral.objects.filter(pk=referral.pk).update(decided_at=TEN_42)
    return Referral.objects.get(pk=referral.pk)


DECISIONS = ["new_case", "link", "no_further_action"]


@pytest.mark.parametrize("second", DECISIONS)
@pytest.mark.parametrize("first", DECISIONS)
def test_each_decision_refuses_a_second_naming_who_decided_first_when_and_what(
    morgan, sam, north, pending_referral, first, second
):
    other_case = CaseFactory(team=north, allocated_worker=sam)
    first_case = decide(pending_referral, first, morgan, case=other_case)
    referral = decided_at_ten_42(pending_referral)
    before = Referral.objects.filter(pk=referral.pk).values().get()
    cases, people, answers = (
        Case.objects.count(),
        Person.objects.count(),
        ScalingAnswer.objects.count(),
    )

    with pytest.raises(ValidationError) as refusal:
        decide(referral, second, morgan, case=other_case)

    what = {
        "new_case": f"a new case, {first_case}",
        "link": f"added to {other_case}",
        "no_further_action": "closed with no further action",
    }[first]
    assert refusal.value.message == (
        f"Morgan Hughes already decided this referral on 2 December 2026 at 10:42: {what}."
    )
    assert Referral.objects.filter(pk=referral.pk).values().get() == before
    assert (Case.objects.count(), Person.objects.count(), ScalingAnswer.objects.count()) == (
        cases,
        people,
        answers,
    )


def test_a_second_decision_is_refused_on_the_form_with_everything_typed_kept(
    client, morgan, north, pending_referral
):
    riley = ManagerFactory(username="riley", first_name="Riley", last_name="Shah", team=north)
    client.force_login(riley)
    decide(pending_referral, "no_further_action", morgan)
    decided_at_ten_42(pending_referral)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "no_further_action",
            "source": "2A",
            "reason": "Riley's own reason, kept on the form.",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Morgan Hughes already decided this referral on 2 December 2026 at 10:42: "
        "closed with no further action."
    ) in html
    assert "Riley&#x27;s own reason, kept on the form." in html
    pending_referral.refresh_from_db()
    assert (pending_referral.decided_by, pending_referral.decision_reason) == (
        morgan,
        "Support in school.",
    )


def test_a_decision_read_just_before_another_was_saved_is_refused_by_the_model_on_the_form(
    client, monkeypatch, morgan, sam, north, pending_referral
):
    """The page read the referral as waiting; by the time the decision runs, Morgan's is saved.
    The form passes, the model looks again under its lock and refuses, and the page shows it."""
    riley = ManagerFactory(username="riley", first_name="Riley", last_name="Shah", team=north)
    as_riley_read_it = Referral.objects.get(pk=pending_referral.pk)
    monkeypatch.setattr(
        "assessments.views.get_referral_for_manager", lambda request, pk: as_riley_read_it
    )
    decide(pending_referral, "no_further_action", morgan)
    decided_at_ten_42(pending_referral)
    client.force_login(riley)

    response = client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "new_case",
            "source": "2A",
            "primary_need": "N4",
            "practice_context": "early_help",
            "allocated_worker": sam.pk,
            "reason": "Riley's reason for a new case.",
        },
    )

    html = response.content.decode()
    assert (
        "Morgan Hughes already decided this referral on 2 December 2026 at 10:42: "
        "closed with no further action."
    ) in html
    assert "Riley&#x27;s reason for a new case." in html
    assert (Case.objects.count(), Person.objects.count(), ScalingAnswer.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks are PostgreSQL's; SQLite serialises writers",
)
@pytest.mark.parametrize("second", DECISIONS)
@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_once_one_wins_and_the_other_is_told_who_did(
    morgan, sam, north, pending_referral, second
):
    riley = ManagerFactory(username="riley", first_name="Riley", last_name="Shah", team=north)
    other_case = CaseFactory(team=north, allocated_worker=sam)
    # Both managers loaded the page while the referral was waiting.
    morgans_page = Referral.objects.get(pk=pending_referral.pk)
    rileys_page = Referral.objects.get(pk=pending_referral.pk)
    morgan_has_the_lock, outcomes = threading.Event(), {}

    def morgan_decides():
        try:
            with transaction.atomic():
                decide(morgans_page, "new_case", morgan)
                morgan_has_the_lock.set()
                # Hold the row while Riley tries: without the lock Riley would read "waiting".
                threading.Event().wait(0.5)
            outcomes["morgan"] = "decided"
        finally:
            morgan_has_the_lock.set()
            connection.close()

    def riley_decides():
        morgan_has_the_lock.wait(5)
        try:
            decide(rileys_page, second, riley, case=other_case)
            outcomes["riley"] = "decided"
        except ValidationError as refusal:
            outcomes["riley"] = refusal.message
        finally:
            connection.close()

    threads = [threading.Thread(target=morgan_decides), threading.Thread(target=riley_decides)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    referral = Referral.objects.get(pk=pending_referral.pk)
    case = Case.objects.exclude(pk=other_case.pk).get()
    assert outcomes["morgan"] == "decided"
    assert outcomes["riley"].startswith("Morgan Hughes already decided this referral on ")
    assert outcomes["riley"].endswith(f": a new case, {case.reference}.")
    assert (referral.status, referral.decided_by, case.referral) == (
        Referral.Status.NEW_CASE,
        morgan,
        referral,
    )
    assert ScalingAnswer.objects.count() == 1
    assert Person.objects.filter(first_name="Tyler").count() == 1


# --- Linking needs write access to the case ---------------------------------------------------


@pytest.fixture
def south_tyler_case(alex, south):
    """A case in another team, about a child with the referred child's name."""
    return CaseFactory(
        team=south,
        allocated_worker=alex,
        children=[PersonFactory(first_name="Tyler", last_name="Booth")],
    )


def link(client, referral, case):
    return client.post(
        reverse("referral_detail", args=[referral.pk]),
        {
            "decision": "link",
            "source": "2A",
            "primary_need": "N4",
            "case_reference": case.reference,
            "reason": "Same family.",
        },
    )


def test_a_manager_with_only_emergency_access_cannot_link_a_referral_to_that_case(
    client, morgan, pending_referral, south_tyler_case
):
    BreakGlassAccess.start(case=south_tyler_case, user=morgan, reason="Police called at night.")
    assert access_level(morgan, south_tyler_case) < WRITE
    client.force_login(morgan)

    response = link(client, pending_referral, south_tyler_case)

    assert "Enter the reference of a case you can change" in response.content.decode()
    pending_referral.refresh_from_db()
    assert (pending_referral.status, pending_referral.linked_case) == (Referral.Status.NEW, None)


def test_a_manager_cannot_link_a_referral_to_another_teams_case_or_a_restricted_one(
    client, morgan, sam, north, pending_referral, south_tyler_case
):
    restricted = CaseFactory(team=north, allocated_worker=sam, restricted=True)
    CaseNamedUser.objects.create(case=restricted, user=sam)
    client.force_login(morgan)

    for case in [south_tyler_case, restricted]:
        response = link(client, pending_referral, case)
        assert "Enter the reference of a case you can change" in response.content.decode()
    pending_referral.refresh_from_db()
    assert pending_referral.status == Referral.Status.NEW


def test_the_decision_form_offers_only_cases_the_manager_may_change_with_the_referred_child(
    client, morgan, sam, north, pending_referral, south_tyler_case
):
    ours = CaseFactory(
        team=north,
        allocated_worker=sam,
        children=[PersonFactory(first_name="Tyler", last_name="Booth")],
    )
    CaseFactory(team=north, allocated_worker=sam, children=[PersonFactory(first_name="Ava")])
    BreakGlassAccess.start(case=south_tyler_case, user=morgan, reason="Police called at night.")
    client.force_login(morgan)

    response = client.get(reverse("referral_detail", args=[pending_referral.pk]))

    html = response.content.decode()
    assert f"Cases you can change with a child called Tyler Booth: {ours.reference}." in html
    assert south_tyler_case.reference not in html


@pytest.fixture
def riley_overseeing_north(north):
    riley = UserFactory(username="riley", role=User.Role.SERVICE_MANAGER, team=None)
    riley.overseen_teams.add(north)
    return riley


def test_the_cases_a_person_may_change_are_exactly_those_access_gives_write_to(
    sam, jo, morgan, alex, north, south, riley_overseeing_north
):
    own = CaseFactory(team=north, allocated_worker=sam)
    jos = CaseFactory(team=north, allocated_worker=jo)
    restricted_named = CaseFactory(team=north, allocated_worker=sam, restricted=True)
    CaseNamedUser.objects.create(case=restricted_named, user=sam)
    CaseNamedUser.objects.create(case=restricted_named, user=morgan)
    restricted_unnamed = CaseFactory(team=north, allocated_worker=jo, restricted=True)
    CaseNamedUser.objects.create(case=restricted_unnamed, user=jo)
    south_case = CaseFactory(team=south, allocated_worker=alex)
    for user in [sam, jo, morgan, alex]:
        BreakGlassAccess.start(
            case=south_case if user != alex else own, user=user, reason="Out of hours."
        )
    cases = [own, jos, restricted_named, restricted_unnamed, south_case]

    for user in [sam, jo, morgan, alex, riley_overseeing_north]:
        by_access = {case for case in cases if access_level(user, case) >= WRITE}
        assert set(cases_writable_by(user)) == by_access, user


# --- Finding a referral again -----------------------------------------------------------------


@pytest.fixture
def case_from_referral(morgan, sam, pending_referral):
    return open_case_from_referral(
        referral=pending_referral,
        practice_context="child_protection",
        allocated_worker=sam,
        reason="A child protection enquiry is needed.",
        by=morgan,
    )


def test_the_case_page_links_its_managers_to_the_referral_it_was_opened_from(
    client, morgan, case_from_referral
):
    client.force_login(morgan)

    html = client.get(reverse("case_detail", args=[case_from_referral.pk])).content.decode()

    link = reverse("referral_detail", args=[case_from_referral.referral.pk])
    assert (
        f'<a class="govuk-link" href="{link}">Opened from a referral</a> by Ms Ruth Adeyemi, '
        "Riverside Primary School, received 20 November 2026"
    ) in html


def test_the_case_page_tells_the_worker_about_the_referral_without_a_link_they_cannot_follow(
    client, sam, case_from_referral
):
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[case_from_referral.pk])).content.decode()

    assert (
        "Opened from a referral by Ms Ruth Adeyemi, Riverside Primary School, "
        "received 20 November 2026"
    ) in html
    assert reverse("referral_detail", args=[case_from_referral.referral.pk]) not in html
    assert (
        client.get(reverse("referral_detail", args=[case_from_referral.referral.pk])).status_code
        == 403
    )


def decided(team, by, at, **fields):
    referral = ReferralFactory(
        team=team, status=Referral.Status.NO_FURTHER_ACTION, decided_by=by, decided_at=at, **fields
    )
    return referral


def test_the_decided_tab_lists_the_teams_decided_referrals_newest_first(
    client, morgan, north, south, pending_referral
):
    older = decided(north, morgan, TEN_42, child_first_name="Ava")
    newer = decided(north, morgan, TEN_42 + datetime.timedelta(days=1), child_first_name="Leo")
    decided(south, morgan, TEN_42, child_first_name="Mia")
    client.force_login(morgan)

    response = client.get(reverse("referral_queue") + "?show=decided")

    assert list(response.context["referrals"]) == [newer, older]
    html = response.content.decode()
    assert reverse("referral_detail", args=[newer.pk]) in html
    assert reverse("referral_detail", args=[pending_referral.pk]) not in html
    assert 'aria-current="page">Decided</a>' in html


def test_the_waiting_tab_is_the_default_and_links_to_the_decided_tab(
    client, morgan, pending_referral
):
    decided(pending_referral.team, morgan, TEN_42, child_first_name="Ava")
    client.force_login(morgan)

    response = client.get(reverse("referral_queue"))

    assert list(response.context["referrals"]) == [pending_referral]
    html = response.content.decode()
    assert f'href="{reverse("referral_queue")}?show=decided">Decided</a>' in html


def test_a_service_manager_sees_the_decided_referrals_of_the_teams_they_oversee(
    client, morgan, north, south, riley_overseeing_north
):
    ours = decided(north, morgan, TEN_42)
    decided(south, morgan, TEN_42)
    client.force_login(riley_overseeing_north)

    response = client.get(reverse("referral_queue") + "?show=decided")

    assert list(response.context["referrals"]) == [ours]


def test_a_decided_referrals_page_shows_the_decision_who_made_it_and_when(
    client, morgan, case_from_referral
):
    referral = decided_at_ten_42(case_from_referral.referral)
    client.force_login(morgan)

    html = client.get(reverse("referral_detail", args=[referral.pk])).content.decode()

    assert "A new case was opened: " in html
    assert case_from_referral.reference in html
    assert "Decided by Morgan Hughes on 2 December 2026 at 10:42." in html
    assert "Record the decision" not in html


def test_the_decided_tab_costs_the_same_for_5_referrals_as_for_50(client, morgan, sam, north):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("referral_queue") + "?show=decided").status_code == 200
        return len(queries)

    def decide_some(number):
        for _ in range(number):
            referral = ReferralFactory(team=north, recorded_by=sam)
            decide(referral, "new_case", morgan)

    client.force_login(morgan)
    decide_some(5)
    five = count()
    decide_some(45)
    fifty = count()

    assert fifty == five


# --- From the referral onto the new case ------------------------------------------------------


def test_the_referrers_score_is_the_first_scaling_answer_on_the_new_case(
    client, morgan, sam, pending_referral
):
    client.force_login(morgan)

    client.post(
        reverse("referral_detail", args=[pending_referral.pk]),
        {
            "decision": "new_case",
            "source": "2A",
            "primary_need": "N4",
            "practice_context": "child_protection",
            "allocated_worker": sam.pk,
            "reason": "A child protection enquiry is needed.",
        },
    )

    answer = ScalingAnswer.objects.get(case=Case.objects.get())
    assert (
        answer.respondent_kind,
        answer.respondent_name,
        answer.agency,
        answer.score,
        answer.answered_on,
        answer.recorded_by,
    ) == (
        ScalingAnswer.Kind.PROFESSIONAL,
        "Ms Ruth Adeyemi",
        "Riverside Primary School",
        4,
        datetime.date(2026, 11, 20),
        morgan,
    )
    assert answer.question == Referral.SCALING_QUESTION
    assert answer.reason == (
        "Given with the referral received on 20 November 2026. What they are worried about: "
        "Tyler has come to school hungry most days this month."
    )
    assert answer.history.get().history_user == morgan


@pytest.mark.parametrize("decision", ["link", "no_further_action"])
def test_linking_or_closing_a_referral_adds_no_scaling_answer(
    morgan, sam, north, pending_referral, decision
):
    decide(pending_referral, decision, morgan, case=CaseFactory(team=north, allocated_worker=sam))

    assert not ScalingAnswer.objects.exists()


def test_opening_a_case_puts_the_referred_child_on_it_once_and_nobody_else(
    case_from_referral, morgan
):
    """The referral names one person in the family, the child, who is the new case's subject
    child from the start; nobody else is added without someone choosing to."""
    (child,) = case_from_referral.people()
    assert (child.full_name, child.date_of_birth) == ("Tyler Booth", datetime.date(2018, 2, 11))
    assert list(case_from_referral.children.all()) == [child]
    assert child.history.get().history_user == morgan
