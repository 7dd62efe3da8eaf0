"""Statutory timescales (Working Together to Safeguard Children), counted in working days.

A working day is Monday to Friday, less England and Wales bank holidays. Months are calendar
months: three months after 31 January is 30 April.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from cases.working_days import add_working_days


def add_months(start, months):
    """The same day `months` later, or None when that is past the end of the calendar."""
    try:
        return start + relativedelta(months=months)
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True)
class Deadline:
    """A statutory step that is due, for one case."""

    step: str
    due: date
    counted_from: str
    case: object = None
    referral: object = None

    @cached_property
    def days_left(self):
        """Calendar days until it is due: negative once it is overdue. A deadline lives for one
        page, which asks this several times; today is read once."""
        return (self.due - timezone.localdate()).days

    @property
    def days_overdue(self):
        return -self.days_left

    @property
    def is_overdue(self):
        return self.days_left < 0


INITIAL_CONFERENCE = "Initial child protection conference"
FIRST_CORE_GROUP = "First core group"
FIRST_REVIEW = "First review child protection conference"
LATER_REVIEW = "Review child protection conference"
ASSESSMENT = "Child and family assessment"
REFERRAL_DECISION = "Decision on the referral"
FIRST_CIC_REVIEW = "First child in care review"
SECOND_CIC_REVIEW = "Second child in care review"
LATER_CIC_REVIEW = "Child in care review"


def case_deadlines(*, case, meetings, assessment_signed_off, referral):
    """What is due next on a case, from what has already happened.

    `meetings` are the case's meetings with their `kind` and `held_on`, oldest first.
    """
    from meetings.models import Meeting  # the kinds; imported here to keep this module plain

    kinds = Meeting.Kind
    held = {}
    for meeting in meetings:
        held.setdefault(meeting.kind, []).append(meeting.held_on)

    def after(kind, day):
        return [held_on for held_on in held.get(kind, []) if held_on >= day]

    due = []
    for strategy in held.get(kinds.STRATEGY_DISCUSSION, [])[-1:]:
        if not after(kinds.INITIAL_CONFERENCE, strategy):
            due.append(
                Deadline(
                    INITIAL_CONFERENCE, add_working_days(strategy, 15), "the strategy discussion"
                )
            )
    for initial in held.get(kinds.INITIAL_CONFERENCE, [])[-1:]:
        if not after(kinds.CORE_GROUP, initial):
            due.append(
                Deadline(FIRST_CORE_GROUP, add_working_days(initial, 10), "the initial conference")
            )
        reviews = after(kinds.REVIEW_CONFERENCE, initial)
        if reviews:
            due.append(Deadline(LATER_REVIEW, add_months(reviews[-1], 6), "the last review"))
        else:
            due.append(Deadline(FIRST_REVIEW, add_months(initial, 3), "the initial conference"))
    if referral is not None and not assessment_signed_off:
        due.append(Deadline(ASSESSMENT, add_working_days(referral.received_on, 45), "the referral"))
    if case.practice_context == "child_in_care":
        reviews = held.get(kinds.CHILD_IN_CARE_REVIEW, [])
        if not reviews:
            due.append(
                Deadline(FIRST_CIC_REVIEW, add_working_days(case.opened_on, 20), "coming into care")
            )
        elif len(reviews) == 1:
            due.append(Deadline(SECOND_CIC_REVIEW, add_months(reviews[0], 3), "the first review"))
        else:
            due.append(Deadline(LATER_CIC_REVIEW, add_months(reviews[-1], 6), "the last review"))
    # A deadline past the end of the calendar counts from a mistyped date: there is none to show.
    return sorted(
        (Deadline(d.step, d.due, d.counted_from, case) for d in due if d.due is not None),
        key=lambda d: d.due,
    )


def referral_deadline(referral):
    """The decision due on a referral, or None when its date received is a mistyped year."""
    due = add_working_days(referral.received_on, 1)
    if due is None:
        return None
    return Deadline(REFERRAL_DECISION, due, "its arrival", referral=referral)
