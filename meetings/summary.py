"""Statutory deadlines across many cases, for the case page and the dashboards."""

import functools
from datetime import date
from typing import NamedTuple

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import TruncDate

from assessments.models import Assessment
from cases.models import (
    Case,
    Referral,
    manager_keys,
    open_team_cases_of,
    visibility_keys,
    visible_case_ids_of,
)
from meetings.models import Action, Meeting
from meetings.timescales import case_deadlines, referral_deadline
from sos_site.prepared import Prepared


def with_signed_off(cases):
    """The cases, each knowing whether it has a signed-off assessment, in the same query."""
    signed_off = Assessment.objects.signed_off().filter(case=OuterRef("pk"))
    return cases.annotate(assessment_signed_off=Exists(signed_off))


@functools.cache
def cases_with_signed_off():
    """Every case, knowing whether it has a signed-off assessment: with_signed_off() built once
    per process, for a caseload to filter. Resolving its subquery on every page cost more than
    running it."""
    return with_signed_off(Case.objects.all())


class Referred(NamedTuple):
    """What the assessment's deadline counts from of a referral: the day it arrived."""

    received_on: date


class CaseDates(NamedTuple):
    """What the deadlines are counted from of a case, and what a list of them shows of it: a
    team's due work reads these of its hundred or more cases, as values rather than models."""

    pk: int
    reference: str
    practice_context: str
    opened_on: date
    referral: Referred | None
    assessment_signed_off: bool


class Held(NamedTuple):
    """What a deadline counts from of a meeting: its kind and the day it was held."""

    kind: str
    held_on: date


def deadlines_by_case(cases):
    """Each case's due statutory steps, soonest first. Two queries, however many cases; one when
    `cases` is a list loaded through with_signed_off() and select_related("referral")."""
    if isinstance(cases, QuerySet):
        # The meetings of the same cases, found by a subquery: a hundred ids as parameters
        # cost more to compile than the query takes to run.
        held = Meeting.objects.filter(case__in=cases.values("pk")).order_by("held_at")
        # The day each was held, in the council's time zone, as Meeting.held_on says it.
        held = held.values_list("case", "kind", TruncDate("held_at"))
        cases = _case_dates(cases)
    else:
        # A worker's few cases: their meetings through a query compiled once per process.
        keys = [case.pk for case in cases]
        held = [
            (meeting.case_id, meeting.kind, meeting.held_on)
            for meeting in (_meetings_of(*keys) if keys else [])
        ]
    meetings = {}
    for case_id, kind, held_on in held:
        meetings.setdefault(case_id, []).append(Held(kind, held_on))
    return {
        case.pk: case_deadlines(
            case=case,
            meetings=meetings.get(case.pk, []),
            assessment_signed_off=case.assessment_signed_off,
            referral=case.referral,
        )
        for case in cases
    }


@Prepared
def _meetings_of(*cases):
    """What the deadlines count from of the meetings of these cases, soonest first, compiled
    once per process for each number of cases (sos_site.prepared)."""
    return (
        Meeting.objects.filter(case__in=cases).only("case", "kind", "held_at").order_by("held_at")
    )


def _case_dates(cases):
    rows = with_signed_off(cases).values_list(
        "pk",
        "reference",
        "practice_context",
        "opened_on",
        "referral",
        "referral__received_on",
        "assessment_signed_off",
    )
    return [
        CaseDates(pk, reference, context, opened_on, referral and Referred(received_on), signed_off)
        for pk, reference, context, opened_on, referral, received_on, signed_off in rows
    ]


def due_work(cases, referrals=()):
    """Every due step across the cases (and referral decisions), most urgent first."""
    work = [deadline for due in deadlines_by_case(cases).values() for deadline in due]
    work += filter(None, map(referral_deadline, referrals))
    return sorted(work, key=lambda deadline: deadline.due)


def meetings_attended(partner):
    """The finalised meetings a partner attended, on cases they are still invited to."""
    return (
        Meeting.objects.finalised()
        .filter(attendees__user=partner, case__in=Case.objects.invited(partner))
        .select_related("case")
        .distinct()
        .order_by("-held_at")
    )


def case_page_context(request, case):
    """The case page's meetings and its next statutory deadline."""
    meetings = list(case.meetings.all())
    referral = _referral_knowing_signed_off(case)
    return {
        "meetings": meetings,
        "deadlines": case_deadlines(
            case=case,
            meetings=sorted(meetings, key=lambda meeting: meeting.held_at),
            assessment_signed_off=referral is not None and referral.assessment_signed_off,
            referral=referral,
        ),
    }


def _referral_knowing_signed_off(case):
    """The referral the case came from (or None), knowing whether the case has a signed-off
    assessment: only a referred case has the assessment deadline, and it ends at sign-off. One
    query for a referred case, as reading case.referral would be, and none otherwise."""
    if case.referral_id is None:
        return None
    signed_off = Assessment.objects.signed_off().filter(case=case)
    return Referral.objects.annotate(assessment_signed_off=Exists(signed_off)).get(
        pk=case.referral_id
    )


def team_due_work_context(request, page):
    """A manager's home page: what is due across the team's open cases and its referrals."""
    keys = manager_keys(request.user)
    cases = open_team_cases_of(*keys) if keys is not None else []
    return {"due_work": due_work(cases, referrals=page["referrals"])}


def my_due_work_context(request, page):
    """A worker's home page: what is due on their caseload, read through cases_with_signed_off()
    with the referrals, so only the meetings cost a query."""
    return {"due_work": due_work(page["cases"])}


def my_actions_context(request, page):
    """The actions this person owns from finalised meetings and has not done, soonest first:
    only on cases they may still see. Only staff have this panel (cases.pages.HOME_PAGE)."""
    return {"my_actions": _my_actions(*visibility_keys(request.user))}


@Prepared
def _my_actions(user_pk, *teams):
    """my_actions_context()'s query, compiled once per process (sos_site.prepared)."""
    return (
        Action.objects.agreed()
        .outstanding()
        .owned_by(user_pk)
        .filter(meeting__case__in=visible_case_ids_of(user_pk, *teams))
        .select_related("meeting__case")
        # What the list shows: compiling every column of three tables cost more than the query.
        .only(
            "what",
            "by_when",
            "done",
            "meeting__kind",
            "meeting__held_at",
            "meeting__case__reference",
        )
        .order_by("by_when", "pk")
    )


def meetings_attended_context(request, page):
    return {"meetings": meetings_attended(request.user)}
