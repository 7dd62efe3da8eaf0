import datetime

import pytest
from django.utils import timezone

from meetings.models import Action, Attendee, Meeting, MeetingScalingAnswer


@pytest.fixture
def conference(reid_case, sam):
    return Meeting.objects.create(
        case=reid_case,
        kind=Meeting.Kind.INITIAL_CONFERENCE,
        held_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 10, 0)),
        place="Civic Centre, room 4",
        chair="Jan Patel (independent chair)",
        scaling_question="Where are things now?",
        created_by=sam,
    )


@pytest.fixture
def chloe_attends(conference):
    return Attendee.objects.create(meeting=conference, kind=Attendee.Kind.FAMILY, name="Chloe Reid")


@pytest.fixture
def school_attends(conference, pat):
    return Attendee.objects.create(
        meeting=conference,
        kind=Attendee.Kind.PROFESSIONAL,
        name="Pat Lindqvist",
        agency="Riverside Primary School",
        user=pat,
    )


@pytest.fixture
def answered(conference, chloe_attends, school_attends):
    return [
        MeetingScalingAnswer.objects.create(
            meeting=conference, attendee=chloe_attends, score=6, reason="Daniel has moved out."
        ),
        MeetingScalingAnswer.objects.create(
            meeting=conference, attendee=school_attends, score=3, reason="Leo is still scared."
        ),
    ]


@pytest.fixture
def action(conference):
    return Action.objects.create(
        meeting=conference,
        what="Core group to meet",
        who="Sam",
        by_when=datetime.date(2026, 11, 16),
    )
