"""Invented meetings for the laptop demo (used by seed_demo)."""

import datetime

from django.utils import timezone

from assessments.terminology import terms_for
from cases.models import Case
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from meetings.services import meeting_finalise

# Each meeting: (kind, date, chair, minutes, attendees with answers, decision, action).
# For the Reid children:
REID_MEETINGS = [
    (
        Meeting.Kind.STRATEGY_DISCUSSION,
        datetime.date(2026, 10, 6),
        "Morgan Hughes",
        "Police and children's services agreed a child protection enquiry is needed.",
        [("professional", "Sam Okafor", "Children's services", None)],
        (Decision.Kind.SECTION_47, "", "Start a child protection enquiry today."),
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


def cic_review(day, jordans_score, minutes, action):
    """One of Jordan's child in care reviews, with Jordan, Grace and Alex scoring."""
    return (
        Meeting.Kind.CHILD_IN_CARE_REVIEW,
        day,
        "Femi Ade (independent reviewing officer)",
        minutes,
        [
            ("child", "Jordan Mensah", "", jordans_score),
            ("family", "Grace Whitfield", "", jordans_score + 1),
            ("professional", "Alex Brennan", "Children's services", jordans_score),
        ],
        None,
        (action, "Alex", day + datetime.timedelta(days=14)),
    )


# Jordan came into care in June 2025. Each review was on time: at 20 working days, 3 months,
# then every 6 months, so nothing in the demo is long overdue.
D = datetime.date
JORDAN_MEETINGS = [
    cic_review(D(2025, 7, 18), 5, "Jordan has settled with Grace.", "Arrange contact with Abena."),
    cic_review(D(2025, 10, 17), 6, "Contact with Abena goes well.", "Ask school about maths help."),
    cic_review(D(2026, 4, 17), 7, "Jordan wants to stay with Grace.", "Start his pathway plan."),
    cic_review(D(2026, 10, 16), 7, "Jordan is doing well.", "Send Grace the staying put leaflet."),
]

MEETINGS = {("Leo", "Reid"): REID_MEETINGS, ("Jordan", "Mensah"): JORDAN_MEETINGS}


# A review conference on the Reid children, going on today: everyone invited, nothing recorded
# yet, so someone trying the demo can take the register and the scaling round straight away.
REID_CONFERENCE_TODAY = [
    ("professional", "Sam Okafor", "Children's services", "sam"),
    ("professional", "Pat Lindqvist", "Riverside Primary School", "pat"),
    ("family", "Chloe Reid", "", None),
    ("family", "Sandra Reid", "", None),
    ("child", "Leo Reid", "", None),
]


def seed_meetings(users):
    for (first_name, last_name), meetings in MEETINGS.items():
        case = Case.objects.filter(
            children__first_name=first_name, children__last_name=last_name
        ).first()
        if case is not None and not case.meetings.exists():
            hold_meetings(case, meetings, users)
            if meetings is REID_MEETINGS:
                start_conference_today(case, users)


def start_conference_today(case, users):
    """A draft review conference held today, with five people invited and no answers."""
    meeting = Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.REVIEW_CONFERENCE,
        held_at=timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time(10))
        ),
        place="Civic Centre, room 4",
        chair="Jan Patel (independent chair)",
        scaling_question=terms_for(case).scaling_question,
        created_by=case.allocated_worker,
    )
    for kind, name, agency, username in REID_CONFERENCE_TODAY:
        Attendee.objects.create(
            meeting=meeting, kind=kind, name=name, agency=agency, user=users.get(username)
        )
    return meeting


def hold_meetings(case, meetings, users):
    worker = case.allocated_worker
    for kind, day, chair, minutes, people, decision, action in meetings:
        meeting = Meeting.objects.create(
            case=case,
            kind=kind,
            held_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
            place="Civic Centre, room 4",
            chair=chair,
            scaling_question=terms_for(case).scaling_question,
            minutes=minutes,
            created_by=worker,
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
        meeting_finalise(meeting=meeting, by=worker)
