"""Invented meetings for the laptop demo (used by seed_demo)."""

import datetime

from django.utils import timezone

from assessments.terminology import terms_for
from cases.models import Case
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.services import meeting_finalise

# For the Reid children: (kind, date, chair, minutes, attendees with answers, decision, action)
REID_MEETINGS = [
    (
        Meeting.Kind.STRATEGY_DISCUSSION,
        datetime.date(2026, 10, 6),
        "Morgan Hughes",
        "Police and children's services agreed a child protection enquiry is needed.",
        [("professional", "Sam Okafor", "Children's services", None)],
        (Decision.Kind.OTHER, "", "Start a child protection enquiry today."),
        ("Visit Chloe and see Leo and Ava at home.", "Sam", datetime.date(2026, 10, 7)),
    ),
    (
        Meeting.Kind.INITIAL_CONFERENCE,
        datetime.date(2026, 10, 23),
        "Jan Patel (independent chair)",
        "Everyone agreed Leo and Ava need a child protection plan while Daniel's visits are "
        "made safe. Chloe disagreed that Daniel is a danger to the children.",
        [
            ("family", "Chloe Reid", "", 7),
            ("family", "Sandra Reid", "", 5),
            ("professional", "Pat Lindqvist", "Riverside Primary School", 4),
            ("professional", "Sam Okafor", "Children's services", 3),
        ],
        (Decision.Kind.PLAN_NEEDED, Decision.Category.EMOTIONAL, "Leo has seen Daniel hurt Chloe."),
        ("Hold the first core group.", "Sam", datetime.date(2026, 11, 6)),
    ),
    (
        Meeting.Kind.CORE_GROUP,
        datetime.date(2026, 11, 3),
        "Sam Okafor",
        "The safety plan was agreed. Sandra will visit every evening.",
        [("family", "Chloe Reid", "", 7), ("professional", "Sam Okafor", "Children's services", 4)],
        None,
        ("Write up the safety plan in words Leo understands.", "Sam", datetime.date(2026, 11, 20)),
    ),
]


def seed_meetings(users):
    case = Case.objects.filter(children__first_name="Leo", children__last_name="Reid").first()
    if case is None or case.meetings.exists():
        return
    sam = users["sam"]
    for kind, day, chair, minutes, people, decision, action in REID_MEETINGS:
        meeting = Meeting.objects.create(
            case=case,
            kind=kind,
            held_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            place="Civic Centre, room 4",
            chair=chair,
            scaling_question=terms_for(case).scaling_question,
            minutes=minutes,
            created_by=sam,
        )
        for attendee_kind, name, agency, score in people:
            attendee = Attendee.objects.create(
                meeting=meeting,
                kind=attendee_kind,
                name=name,
                agency=agency,
                user=users["pat"] if name == "Pat Lindqvist" else None,
            )
            if score is not None:
                MeetingScalingAnswer.objects.create(
                    meeting=meeting,
                    attendee=attendee,
                    score=score,
                    reason=f"{name.split()[0]} explained the number at the meeting.",
                )
        if decision:
            decision_kind, category, details = decision
            Decision.objects.create(
                meeting=meeting, kind=decision_kind, category=category, details=details
            )
        what, who, by_when = action
        Action.objects.create(meeting=meeting, what=what, who=who, by_when=by_when, done=True)
        meeting_finalise(meeting=meeting, by=sam)
