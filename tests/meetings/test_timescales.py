"""Working-day arithmetic and statutory deadlines, checked against dates worked out by hand."""

import datetime

import pytest

from meetings import timescales
from meetings.timescales import add_months, add_working_days, case_deadlines, referral_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (D(2026, 11, 20), 1, D(2026, 11, 23), "Friday to Monday skips the weekend"),
        (D(2026, 12, 23), 1, D(2026, 12, 24), "Christmas Eve is a working day"),
        (
            D(2026, 12, 23),
            2,
            D(2026, 12, 29),
            "Christmas, the weekend and Boxing Day observed on the 28th",
        ),
        (D(2026, 12, 31), 1, D(2027, 1, 4), "New Year's Day, then the weekend"),
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Good Friday and Easter Monday 2026"),
        (D(2027, 3, 25), 1, D(2027, 3, 30), "Good Friday and Easter Monday 2027"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "the late May bank holiday, 25 May 2026"),
        (D(2027, 5, 28), 1, D(2027, 6, 1), "the late May bank holiday, 31 May 2027"),
        (D(2026, 8, 28), 1, D(2026, 9, 1), "the late summer bank holiday"),
        (D(2026, 11, 2), 15, D(2026, 11, 23), "fifteen working days in an ordinary month"),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(start, days, expected, why):
    assert add_working_days(start, days) == expected, why


def test_months_are_calendar_months_and_keep_to_the_end_of_short_months():
    assert add_months(D(2026, 12, 18), 3) == D(2027, 3, 18)
    assert add_months(D(2026, 8, 31), 3) == D(2026, 11, 30)
    assert add_months(D(2027, 3, 18), 6) == D(2027, 9, 18)


def test_a_deadline_past_the_end_of_the_calendar_is_none():
    assert add_working_days(D(9999, 12, 30), 15) is None
    assert add_months(D(9999, 12, 31), 3) is None


class FakeMeeting:
    def __init__(self, kind, held_on):
        self.kind, self.held_on = kind, held_on


OPENED = D(2026, 10, 1)


class FakeCase:
    def __init__(self, practice_context="child_protection", opened_on=OPENED):
        self.practice_context, self.opened_on = practice_context, opened_on


class FakeReferral:
    def __init__(self, received_on):
        self.received_on = received_on


def steps(case=None, meetings=(), signed_off=True, referral=None):
    due = case_deadlines(
        case=case or FakeCase(),
        meetings=list(meetings),
        assessment_signed_off=signed_off,
        referral=referral,
    )
    return [(deadline.step, deadline.due) for deadline in due]


def test_initial_conference_within_15_working_days_of_the_strategy_discussion():
    assert steps(meetings=[FakeMeeting("strategy_discussion", D(2026, 11, 2))]) == [
        (timescales.INITIAL_CONFERENCE, D(2026, 11, 23))
    ]


def test_first_core_group_within_10_working_days_and_first_review_within_3_months():
    meetings = [
        FakeMeeting("strategy_discussion", D(2026, 12, 1)),
        FakeMeeting("initial_conference", D(2026, 12, 18)),
    ]

    assert steps(meetings=meetings) == [
        (timescales.FIRST_CORE_GROUP, D(2027, 1, 6)),  # over Christmas and New Year
        (timescales.FIRST_REVIEW, D(2027, 3, 18)),
    ]


def test_later_reviews_within_6_months_of_the_previous_one():
    meetings = [
        FakeMeeting("initial_conference", D(2026, 12, 18)),
        FakeMeeting("core_group", D(2027, 1, 5)),
        FakeMeeting("review_conference", D(2027, 3, 17)),
    ]

    assert steps(meetings=meetings) == [(timescales.LATER_REVIEW, D(2027, 9, 17))]


def test_child_and_family_assessment_within_45_working_days_of_the_referral():
    assert steps(signed_off=False, referral=FakeReferral(D(2026, 10, 5))) == [
        (timescales.ASSESSMENT, D(2026, 12, 7))
    ]
    assert steps(signed_off=True, referral=FakeReferral(D(2026, 10, 5))) == []


def test_a_referral_decision_is_due_the_next_working_day():
    assert referral_deadline(FakeReferral(D(2026, 12, 24))).due == D(2026, 12, 29)


def test_child_in_care_reviews_at_20_working_days_then_3_months_then_every_6():
    case = FakeCase("child_in_care", opened_on=D(2026, 6, 1))

    assert steps(case=case) == [(timescales.FIRST_CIC_REVIEW, D(2026, 6, 29))]
    first = [FakeMeeting("child_in_care_review", D(2026, 6, 26))]
    assert steps(case=case, meetings=first) == [(timescales.SECOND_CIC_REVIEW, D(2026, 9, 26))]
    second = [*first, FakeMeeting("child_in_care_review", D(2026, 9, 20))]
    assert steps(case=case, meetings=second) == [(timescales.LATER_CIC_REVIEW, D(2027, 3, 20))]
