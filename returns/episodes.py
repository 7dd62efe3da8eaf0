"""Episodes of child in need work, derived once for every statutory return.

The CIN census and Ofsted's Annex A both ask the same questions of the same records: which
cases were child in need work, where each episode starts and ends, which section 47 enquiries
it held, and which child protection plans its conferences decided on. They are answered here,
so that a change to a rule (how a plan ends, say) is made once and both returns agree.

Everything works on records already fetched: `case_prefetches()` names what a case must bring
with it and `case_history()` reads the history of many cases at once, so no function below
queries the database for a child. `until` cuts what is read at a day, so an export for an
earlier date sees only what was known by then.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import Assessment
from cases.models import Case, Person, PracticeContext, SubjectChild
from cases.working_days import add_working_days
from codesets import cin_census
from meetings.models import Decision, Meeting
from plans.models import SafetyPlan

# The kinds of work the census counts as a child in need: early help and care leavers are not.
CENSUS_CONTEXTS = {
    PracticeContext.CHILD_IN_NEED,
    PracticeContext.CHILD_PROTECTION,
    PracticeContext.CHILD_IN_CARE,
}
# The first section 47 enquiry's initial conference is due within 15 working days.
ICPC_WORKING_DAYS = 15
CATEGORY_CODES = {
    Decision.Category.NEGLECT: cin_census.CategoryOfAbuse.NEG,
    Decision.Category.PHYSICAL: cin_census.CategoryOfAbuse.PHY,
    Decision.Category.SEXUAL: cin_census.CategoryOfAbuse.SAB,
    Decision.Category.EMOTIONAL: cin_census.CategoryOfAbuse.EMO,
    Decision.Category.MULTIPLE: cin_census.CategoryOfAbuse.MUL,
}
HISTORY_FIELDS = [
    "history_id",
    "history_date",
    "id",
    "practice_context",
    "status",
    "opened_on",
    "closed_on",
    "reason_for_closure",
]
HISTORY_CHUNK = 2000


@dataclass
class Enquiry:
    """A section 47 enquiry: started at a strategy discussion, ended by the next initial
    conference or, when none was held, by a decision that none is needed."""

    start: datetime.date
    conference: datetime.date | None = None
    conference_made_plan: bool = False
    not_required_on: datetime.date | None = None

    @property
    def target(self):
        """When the initial conference is due: 15 working days after the discussion."""
        return add_working_days(self.start, ICPC_WORKING_DAYS)

    @property
    def not_required(self):
        return self.conference is None and self.not_required_on is not None

    @property
    def end(self):
        """When the enquiry was over, as far as the records say: None while it is not."""
        return self.conference or self.not_required_on


@dataclass
class CPPlan:
    """A child protection plan, as its conferences decided it: end is None while it lasts."""

    start: datetime.date
    end: datetime.date | None
    initial_category: str
    latest_category: str
    reviews: list[datetime.date] = field(default_factory=list)


@dataclass
class Episode:
    """One stretch of a case between opening (or reopening) and closing, with the finalised
    meetings held and the assessments started in it, and what those meetings decided."""

    start: datetime.date
    end: datetime.date | None
    reason_for_closure: str
    meetings: list[Meeting] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    plans: list[CPPlan] = field(default_factory=list)

    def holds(self, day):
        return day >= self.start and (self.end is None or day <= self.end)


# The census's <Sex> from the child's recorded gender; both returns read it.
SEX_CODES = {
    Person.Gender.FEMALE: cin_census.Sex.FEMALE,
    Person.Gender.MALE: cin_census.Sex.MALE,
}


def sex_code(person):
    """<Sex>: from the child's recorded gender; an unborn child's is not known yet."""
    if person.is_unborn:
        return cin_census.Sex.NOT_KNOWN
    return SEX_CODES.get(person.gender, cin_census.Sex.NOT_KNOWN)


# Reading the records ---------------------------------------------------------------------------


def case_prefetches(until=None):
    """What each case brings with it for the returns: its children, its submitted or signed-off
    assessments, its finalised meetings with their decisions and its approved plans
    (`approved_plans`), oldest first; with `until`, nothing after that day."""
    assessments = Assessment.objects.exclude(status=Assessment.Status.DRAFT)
    meetings = Meeting.objects.finalised().prefetch_related("decisions")
    approved = SafetyPlan.objects.filter(status=SafetyPlan.Status.APPROVED).exclude(decided_at=None)
    if until is not None:
        assessments = assessments.filter(created_at__date__lte=until)
        meetings = meetings.filter(held_at__date__lte=until)
        approved = approved.filter(decided_at__date__lte=until)
    return [
        Prefetch(
            "subject_children",
            queryset=SubjectChild.objects.select_related("child").order_by("pk"),
        ),
        Prefetch("assessments", queryset=assessments.order_by("created_at", "pk")),
        Prefetch("meetings", queryset=meetings.order_by("held_at", "pk")),
        Prefetch(
            "safety_plans",
            queryset=approved.only("case_id", "decided_at").order_by("decided_at"),
            to_attr="approved_plans",
        ),
    ]


def case_history(case_ids, until=None):
    """Each case's history rows, oldest first, fetched in chunks; with `until`, none after
    that day."""
    rows = defaultdict(list)
    history = Case.history.only(*HISTORY_FIELDS).order_by("history_date", "history_id")
    if until is not None:
        history = history.filter(history_date__date__lte=until)
    for first in range(0, len(case_ids), HISTORY_CHUNK):
        for row in history.filter(id__in=case_ids[first : first + HISTORY_CHUNK]):
            rows[row.id].append(row)
    return rows


def overlaps(first, last, start, end):
    """Whether something from `first` to `last` (None: still going) touches start to end."""
    return first <= end and (last is None or last >= start)


# Episodes ---------------------------------------------------------------------------------------


def episode_dates(case, history, until=None):
    """The case's episodes as (start, end, reason for closure): a case closed and later
    reopened is two, split where the history shows it closing and reopening. Without history
    rows the case itself is one episode. With `until`, a closure after that day is not known
    yet (the history should stop there too)."""
    episodes = []
    current = Episode(case.opened_on, None, "")
    closed = False
    for row in history:
        if row.status == Case.Status.CLOSED and not closed:
            closed = True
            current.end = row.closed_on or timezone.localtime(row.history_date).date()
            current.reason_for_closure = row.reason_for_closure
            episodes.append(current)
        elif row.status == Case.Status.OPEN and closed:
            closed = False
            current = Episode(timezone.localtime(row.history_date).date(), None, "")
    if not closed:
        episodes.append(current)
    closed_by_then = until is None or case.closed_on is None or case.closed_on <= until
    if case.is_closed and closed_by_then:
        # The case as it is now has the last word on its latest closure.
        last = episodes[-1]
        last.end = case.closed_on or last.end
        last.reason_for_closure = case.reason_for_closure or last.reason_for_closure
    return episodes


def as_known_on(episodes, until):
    """The episodes as they stood on `until`: one begun later is left out, and one closed
    later was still open then."""
    known = []
    for episode in episodes:
        if episode.start > until:
            continue
        if episode.end is not None and episode.end > until:
            episode.end, episode.reason_for_closure = None, ""
        known.append(episode)
    return known


def case_episodes(case, history, until=None):
    """The case's episodes, each with its meetings, assessments, section 47 enquiries and
    child protection plans. The case must come with `case_prefetches()`."""
    episodes = episode_dates(case, history, until)
    if until is not None:
        episodes = as_known_on(episodes, until)
    for episode in episodes:
        episode.meetings = [m for m in case.meetings.all() if episode.holds(m.held_on)]
        episode.assessments = [
            assessment
            for assessment in case.assessments.all()
            if episode.holds(timezone.localtime(assessment.created_at).date())
        ]
        episode.enquiries = section_47s(episode.meetings)
        episode.plans = cp_plans(episode.meetings, episode.end)
    return episodes


def referral_date(case, episode):
    """When the episode's referral came: the referral's date for the case's first episode
    (or its opening, if earlier or unrecorded), else the day the case was reopened."""
    if episode.start == case.opened_on and case.referral is not None:
        return min(case.referral.received_on, case.opened_on)
    return episode.start


# Kinds of work, from the case history -----------------------------------------------------------


def context_spans(case, history, start=None, end=None):
    """(from, to, kind of work) spans of the case, from the history of its kind of work; `to`
    is None while it lasts. With no history, the case's kind of work since it opened. With
    `start` and `end`, only the spans touching those days."""
    spans = []
    for row in history:
        day = max(timezone.localtime(row.history_date).date(), case.opened_on)
        if spans and spans[-1][2] == row.practice_context:
            continue
        if spans:
            spans[-1] = (spans[-1][0], day, spans[-1][2])
        spans.append((day if spans else case.opened_on, None, row.practice_context))
    if not spans:
        spans = [(case.opened_on, None, case.practice_context)]
    if start is not None:
        spans = [span for span in spans if overlaps(span[0], span[1], start, end)]
    return spans


def was_census_work(case, history, start, end):
    """Whether the case was child in need, protection or care work at some time from `start`
    to `end`."""
    return any(
        context in CENSUS_CONTEXTS for _, _, context in context_spans(case, history, start, end)
    )


def context_on(case, history, day):
    """The case's kind of work on `day`: the latest kind the history had by then."""
    spans = context_spans(case, history, day, day)
    return spans[-1][2] if spans else case.practice_context


# Assessments ------------------------------------------------------------------------------------


def assessment_dates(assessment, until=None):
    """When the assessment started (it was created) and was authorised (signed off), if it
    was by `until`."""
    started = timezone.localtime(assessment.created_at).date()
    if assessment.status == Assessment.Status.SIGNED_OFF and assessment.decided_at:
        authorised = timezone.localtime(assessment.decided_at).date()
        if until is None or authorised <= until:
            return started, authorised
    return started, None


# Meetings: section 47 enquiries and child protection plans --------------------------------------


def decided(meeting, kind):
    """The meeting's first decision of this kind, or None."""
    return next((d for d in meeting.decisions.all() if d.kind == kind), None)


def starts_enquiry(meeting):
    return meeting.kind == Meeting.Kind.STRATEGY_DISCUSSION and bool(
        decided(meeting, Decision.Kind.SECTION_47)
    )


def section_47s(meetings):
    """Each strategy discussion among `meetings` (oldest first) that started a section 47
    enquiry. Its outcome comes before the next such discussion: the first initial conference,
    or failing one the first decision that no conference is needed (at the discussion itself
    or later)."""
    enquiries = []
    for index, meeting in enumerate(meetings):
        if not starts_enquiry(meeting):
            continue
        later = meetings[index + 1 :]
        until_next = next((i for i, m in enumerate(later) if starts_enquiry(m)), len(later))
        outcome = [meeting, *later[:until_next]]
        enquiry = Enquiry(start=meeting.held_on)
        conference = next((m for m in outcome if m.kind == Meeting.Kind.INITIAL_CONFERENCE), None)
        if conference is not None:
            enquiry.conference = conference.held_on
            enquiry.conference_made_plan = bool(decided(conference, Decision.Kind.PLAN_NEEDED))
        else:
            enquiry.not_required_on = next(
                (m.held_on for m in outcome if decided(m, Decision.Kind.NO_CONFERENCE)), None
            )
        enquiries.append(enquiry)
    return enquiries


def first_initial_conference(episode):
    """The episode's first initial child protection conference, or None."""
    return next(
        (m.held_on for m in episode.meetings if m.kind == Meeting.Kind.INITIAL_CONFERENCE), None
    )


def ends_plan(meeting):
    """A step down at any meeting, or a review conference deciding no plan is needed."""
    return bool(decided(meeting, Decision.Kind.STEP_DOWN)) or (
        meeting.kind == Meeting.Kind.REVIEW_CONFERENCE
        and bool(decided(meeting, Decision.Kind.NO_PLAN))
    )


def cp_plans(meetings, closed_on=None):
    """Child protection plans: each starts at an initial conference that decided a plan is
    needed; review conferences are its reviews and give its latest category; it ends at a
    meeting that `ends_plan`, or when the episode closed (`closed_on`)."""
    plans = []
    current = None
    for meeting in meetings:
        plan_needed = decided(meeting, Decision.Kind.PLAN_NEEDED)
        if current is None:
            if meeting.kind == Meeting.Kind.INITIAL_CONFERENCE and plan_needed:
                category = CATEGORY_CODES.get(plan_needed.category, "")
                current = CPPlan(meeting.held_on, None, category, category)
                plans.append(current)
            continue
        if meeting.kind == Meeting.Kind.REVIEW_CONFERENCE:
            current.reviews.append(meeting.held_on)
            if plan_needed and plan_needed.category:
                current.latest_category = CATEGORY_CODES[plan_needed.category]
        if ends_plan(meeting):
            current.end = meeting.held_on
            current = None
    if current is not None and closed_on is not None:
        current.end = closed_on
    return plans


def previous_plans(plan, plan_starts):
    """How many of the child's plans (`plan_starts`: each plan's start, on any case) began
    before this one."""
    return sum(1 for day in plan_starts if day < plan.start)
