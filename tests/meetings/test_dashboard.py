"""Due and overdue statutory work: on the case page, the worker's home and the manager's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from meetings.models import Meeting
from meetings.timescales import add_working_days
from tests.factories import CaseFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def held(case, kind, day, by):
    return Meeting.objects.create(
        case=case,
        kind=kind,
        held_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        place="Civic Centre",
        chair="Chair",
        scaling_question="Where are things now?",
        created_by=by,
    )


def test_the_manager_sees_the_teams_due_work_most_urgent_first(
    client, morgan, sam, jo, north, alex
):
    today = timezone.localdate()
    overdue_case = CaseFactory(team=north, allocated_worker=sam)
    held(overdue_case, "strategy_discussion", today - datetime.timedelta(days=60), sam)
    soon_case = CaseFactory(team=north, allocated_worker=jo)
    held(soon_case, "initial_conference", today - datetime.timedelta(days=2), jo)
    referral = ReferralFactory(team=north, received_on=today - datetime.timedelta(days=10))
    other_team = CaseFactory(team=alex.team, allocated_worker=alex)
    held(other_team, "strategy_discussion", today - datetime.timedelta(days=90), alex)
    client.force_login(morgan)

    response = client.get(reverse("home"))

    # A team's cases are read as values (CaseDates), with what the list shows of each.
    work = [
        (d.step, d.case.pk if d.case else d.referral, d.case and d.case.reference)
        for d in response.context["due_work"]
    ]
    assert work == [
        ("Initial child protection conference", overdue_case.pk, overdue_case.reference),
        ("Decision on the referral", referral, None),
        ("First core group", soon_case.pk, soon_case.reference),
        ("First review child protection conference", soon_case.pk, soon_case.reference),
    ]
    dues = [d.due for d in response.context["due_work"]]
    assert dues == sorted(dues)
    html = response.content.decode()
    assert "Overdue by" in html
    assert "Due and overdue in the team, most urgent first" in html


def test_a_worker_sees_only_their_own_due_work(client, sam, jo, north):
    today = timezone.localdate()
    mine = CaseFactory(team=north, allocated_worker=sam)
    held(mine, "strategy_discussion", today, sam)
    theirs = CaseFactory(team=north, allocated_worker=jo)
    held(theirs, "strategy_discussion", today, jo)
    client.force_login(sam)

    work = client.get(reverse("home")).context["due_work"]

    assert [(d.step, d.case, d.due) for d in work] == [
        ("Initial child protection conference", mine, add_working_days(today, 15))
    ]


def test_the_case_page_shows_the_next_statutory_deadline(client, sam, reid_case):
    held(reid_case, "initial_conference", datetime.date(2026, 12, 18), sam)
    client.force_login(sam)

    response = client.get(reverse("case_detail", args=[reid_case.pk]))

    first = response.context["deadlines"][0]
    assert (first.step, first.due) == ("First core group", datetime.date(2027, 1, 6))
    assert "First core group by 6 January 2027" in response.content.decode()


def test_the_dashboard_costs_the_same_for_5_cases_as_for_50(client, morgan, sam, north):
    client.force_login(morgan)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    def add_cases(number):
        # Every kind of deadline, each counted from what its rows read: a conference, an
        # assessment from a referral, a child in care review and a visit.
        for index in range(number):
            case = CaseFactory(
                team=north,
                allocated_worker=sam,
                referral=ReferralFactory(team=north) if index % 2 else None,
                practice_context="child_in_care" if index % 3 else "child_protection",
            )
            held(case, "strategy_discussion", datetime.date(2026, 11, 2), sam)

    add_cases(5)
    five = count()
    add_cases(45)
    assert count() == five


def test_the_teams_due_work_counts_each_deadline_from_its_own_date(client, morgan, sam, north):
    """The team's cases are read as values: each deadline must come from the right column."""
    today = timezone.localdate()
    referral = ReferralFactory(team=north, received_on=today - datetime.timedelta(days=3))
    referred = CaseFactory(team=north, allocated_worker=sam, referral=referral)
    in_care = CaseFactory(
        team=north,
        allocated_worker=sam,
        practice_context="child_in_care",
        opened_on=today - datetime.timedelta(days=5),
    )
    assessed = CaseFactory(
        team=north, allocated_worker=sam, referral=ReferralFactory(team=north, received_on=today)
    )
    Assessment.objects.create(case=assessed, number=1, status="signed_off", created_by=sam)
    client.force_login(morgan)

    due = response_due(client)

    assert due == [
        (
            referred.reference,
            "Child and family assessment",
            add_working_days(referral.received_on, 45),
            "the referral",
        ),
        (
            in_care.reference,
            "First child in care review",
            add_working_days(in_care.opened_on, 20),
            "coming into care",
        ),
    ]


def response_due(client):
    response = client.get(reverse("home"))
    return sorted(
        (d.case.reference, d.step, d.due, d.counted_from)
        for d in response.context["due_work"]
        if d.case is not None
    )
