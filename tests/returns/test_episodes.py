"""The rules both returns derive their episodes, enquiries and plans by (returns.episodes).

They work on records already fetched, so these tests hand them stand-ins for finalised
meetings with their decisions, and need no database.
"""

import datetime
from types import SimpleNamespace

from meetings.models import Decision, Meeting
from returns.episodes import Episode, as_known_on, cp_plans, previous_plans, section_47s

D = datetime.date
Kind = Meeting.Kind


def held(kind, day, *decisions):
    """A finalised meeting held on `day`, with its decisions, each a kind or (kind, category)."""
    made = [
        SimpleNamespace(kind=d, category="")
        if isinstance(d, str)
        else SimpleNamespace(kind=d[0], category=d[1])
        for d in decisions
    ]
    return SimpleNamespace(kind=kind, held_on=day, decisions=SimpleNamespace(all=lambda: made))


def plan_needed(category=Decision.Category.NEGLECT):
    return (Decision.Kind.PLAN_NEEDED, category)


def test_a_step_down_at_a_core_group_ends_the_plan_on_that_day():
    (plan,) = cp_plans(
        [
            held(Kind.INITIAL_CONFERENCE, D(2026, 5, 1), plan_needed()),
            held(Kind.CORE_GROUP, D(2026, 6, 1)),
            held(Kind.CORE_GROUP, D(2026, 9, 14), Decision.Kind.STEP_DOWN),
        ],
        closed_on=D(2026, 11, 30),
    )

    assert (plan.start, plan.end) == (D(2026, 5, 1), D(2026, 9, 14))
    # A core group is not a review.
    assert plan.reviews == []


def test_only_a_review_conference_ends_a_plan_by_deciding_none_is_needed():
    plans = cp_plans(
        [
            held(Kind.INITIAL_CONFERENCE, D(2026, 1, 5), plan_needed()),
            held(Kind.CORE_GROUP, D(2026, 2, 1), Decision.Kind.NO_PLAN),
            held(Kind.REVIEW_CONFERENCE, D(2026, 4, 1), plan_needed(Decision.Category.EMOTIONAL)),
            held(Kind.REVIEW_CONFERENCE, D(2026, 7, 1), Decision.Kind.NO_PLAN),
            held(Kind.INITIAL_CONFERENCE, D(2026, 10, 1), plan_needed(Decision.Category.SEXUAL)),
        ]
    )

    first, second = plans
    assert (first.start, first.end, first.reviews) == (
        D(2026, 1, 5),
        D(2026, 7, 1),
        [D(2026, 4, 1), D(2026, 7, 1)],
    )
    assert (first.initial_category, first.latest_category) == ("NEG", "EMO")
    # The second has not ended, and counts the first as an earlier plan.
    assert (second.start, second.end, second.initial_category) == (D(2026, 10, 1), None, "SAB")
    assert previous_plans(second, [plan.start for plan in plans]) == 1


def test_a_plan_still_running_ends_when_its_episode_closes():
    (plan,) = cp_plans(
        [held(Kind.INITIAL_CONFERENCE, D(2026, 5, 1), plan_needed())], closed_on=D(2026, 8, 1)
    )

    assert plan.end == D(2026, 8, 1)


def test_an_enquiry_ends_at_its_conference_even_after_a_decision_that_none_was_needed():
    meetings = [
        held(Kind.STRATEGY_DISCUSSION, D(2026, 3, 2), Decision.Kind.SECTION_47),
        held(Kind.CORE_GROUP, D(2026, 3, 9), Decision.Kind.NO_CONFERENCE),
        held(Kind.INITIAL_CONFERENCE, D(2026, 3, 16), plan_needed()),
    ]

    (enquiry,) = section_47s(meetings)

    assert enquiry.conference == D(2026, 3, 16)
    assert enquiry.conference_made_plan
    assert not enquiry.not_required
    assert enquiry.end == D(2026, 3, 16)
    # 15 working days after the strategy discussion.
    assert enquiry.target == D(2026, 3, 23)


def test_an_enquiry_needing_no_conference_ends_the_day_that_was_decided():
    meetings = [
        held(Kind.STRATEGY_DISCUSSION, D(2026, 3, 2), Decision.Kind.SECTION_47),
        held(Kind.CORE_GROUP, D(2026, 3, 20), Decision.Kind.NO_CONFERENCE),
        held(Kind.STRATEGY_DISCUSSION, D(2026, 6, 1), Decision.Kind.SECTION_47),
        held(Kind.INITIAL_CONFERENCE, D(2026, 6, 15)),
    ]

    first, second = section_47s(meetings)

    assert first.not_required
    assert (first.conference, first.end) == (None, D(2026, 3, 20))
    # The conference after the next strategy discussion is that enquiry's, not the first's.
    assert (second.conference, second.conference_made_plan) == (D(2026, 6, 15), False)


def test_an_episode_closed_after_the_export_date_was_still_open_on_it():
    episodes = [
        Episode(D(2025, 1, 1), D(2025, 6, 1), "RC7"),
        Episode(D(2026, 1, 1), D(2026, 12, 20), "RC1"),
        Episode(D(2027, 1, 1), None, ""),
    ]

    known = as_known_on(episodes, D(2026, 12, 3))

    assert [(e.start, e.end, e.reason_for_closure) for e in known] == [
        (D(2025, 1, 1), D(2025, 6, 1), "RC7"),
        (D(2026, 1, 1), None, ""),
    ]
