"""The Children in Need census return: one XML message for a collection year, derived from what
the case records hold. Nothing is typed in again for the return.

Who is in it: every child a case is about while its kind of work is child in need, child
protection or child in care (early help and care leavers are not children in need), with an
episode overlapping the collection year; and every referral in the year closed with no further
action, which has no person record (its child is "R" and the referral's number).

Restricted cases are included, as coded data only: the census holds no names or addresses, and
the council must return every child in need, whoever may see the case.

Each part of the message comes from a small function below, named after what it derives, so a
data officer can follow a value in the file back to the records it came from.
"""

import datetime
import xml.etree.ElementTree as ET  # nosec B405: builds XML, never parses it
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from cases.models import Case, Person, PracticeContext, Referral, SubjectChild
from cases.working_days import add_working_days
from codesets import cin_census
from meetings.models import Decision, Meeting

# The kinds of work the census counts as a child in need.
CENSUS_CONTEXTS = {
    PracticeContext.CHILD_IN_NEED,
    PracticeContext.CHILD_PROTECTION,
    PracticeContext.CHILD_IN_CARE,
}
SOFTWARE_CODE = "Signs of Safety"
RELEASE = "1"
# The first section 47 enquiry's initial conference is due within 15 working days.
ICPC_WORKING_DAYS = 15
CATEGORY_CODES = {
    Decision.Category.NEGLECT: cin_census.CategoryOfAbuse.NEG,
    Decision.Category.PHYSICAL: cin_census.CategoryOfAbuse.PHY,
    Decision.Category.SEXUAL: cin_census.CategoryOfAbuse.SAB,
    Decision.Category.EMOTIONAL: cin_census.CategoryOfAbuse.EMO,
    Decision.Category.MULTIPLE: cin_census.CategoryOfAbuse.MUL,
}
SEX_CODES = {
    Person.Gender.FEMALE: cin_census.Sex.FEMALE,
    Person.Gender.MALE: cin_census.Sex.MALE,
}


@dataclass
class CensusExport:
    """The XML message, and for each LAchildID in it the page where its records are fixed, and
    the case (the first, for a child on several) or the referral it came from."""

    xml: bytes
    links: dict[str, str] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    referrals: dict[str, Referral] = field(default_factory=dict)

    @property
    def children(self):
        return len(self.links)


@dataclass
class Episode:
    """One stretch of a case between opening (or reopening) and closing."""

    start: datetime.date
    end: datetime.date | None
    reason_for_closure: str


@dataclass
class CPPlan:
    """A child protection plan, as its conferences decided it: end is None while it lasts."""

    start: datetime.date
    end: datetime.date | None
    initial_category: str
    latest_category: str
    reviews: list[datetime.date]


def build_census(year):
    """The census message for the collection year ending on 31 March `year`."""
    start, end = cin_census.collection_start(year), cin_census.reference_date(year)
    root = ET.Element("Message")
    root.append(header(year))
    children_element = ET.SubElement(root, "Children")
    export = CensusExport(xml=b"")
    for person, cases in census_children(start, end):
        la_child_id = str(person.pk)
        children_element.append(child_element(person, cases, start, end))
        export.links[la_child_id] = reverse("case_detail", args=[cases[0].pk])
        export.cases[la_child_id] = cases[0]
    for referral in nfa_referrals(start, end):
        la_child_id = f"R{referral.pk}"
        children_element.append(nfa_child_element(referral))
        export.links[la_child_id] = reverse("referral_detail", args=[referral.pk])
        export.referrals[la_child_id] = referral
    ET.indent(root)
    export.xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return export


# Who is in the return ---------------------------------------------------------------------------


def census_children(start, end):
    """Each child with the census cases about them, in bulk: a few queries for any size."""
    cases = (
        Case.objects.filter(opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start) | Q(status=Case.Status.OPEN))
        .select_related("referral")
        .prefetch_related(
            Prefetch(
                "subject_children",
                queryset=SubjectChild.objects.select_related("child").order_by("pk"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.exclude(status=Assessment.Status.DRAFT).order_by(
                    "created_at", "pk"
                ),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.finalised()
                .prefetch_related("decisions")
                .order_by("held_at", "pk"),
            ),
        )
        .order_by("opened_on", "pk")
    )
    cases = list(cases)
    history = case_history([case.pk for case in cases])
    by_child = defaultdict(list)
    people = {}
    for case in cases:
        case.census_history = history.get(case.pk, [])
        case.all_episodes = case_episodes(case, case.census_history)
        case.census_episodes = [
            episode
            for episode in case.all_episodes
            if overlaps(episode.start, episode.end, start, end)
        ]
        if not case.census_episodes or not was_census_work(case, start, end):
            continue
        for subject in case.subject_children.all():
            people[subject.child_id] = subject.child
            by_child[subject.child_id].append(case)
    return [(people[pk], by_child[pk]) for pk in sorted(by_child)]


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


def case_history(case_ids):
    """Each case's history rows, oldest first, fetched in chunks."""
    rows = defaultdict(list)
    for first in range(0, len(case_ids), 2000):
        chunk = case_ids[first : first + 2000]
        for row in (
            Case.history.filter(id__in=chunk)
            .only(*HISTORY_FIELDS)
            .order_by("history_date", "history_id")
        ):
            rows[row.id].append(row)
    return rows


def was_census_work(case, start, end):
    """Whether the case was child in need, protection or care at some time in the year."""
    return any(
        context in CENSUS_CONTEXTS
        for _, _, context in context_spans(case, case.census_history, start, end)
    )


def overlaps(first, last, start, end):
    """Whether something from `first` to `last` (None: still going) touches start to end."""
    return first <= end and (last is None or last >= start)


def nfa_referrals(start, end):
    """Referrals in the year closed with no further action: each is a child in the return."""
    return Referral.objects.filter(
        status=Referral.Status.NO_FURTHER_ACTION, received_on__gte=start, received_on__lte=end
    ).order_by("received_on", "pk")


# Episodes and kinds of work, from the case history -----------------------------------------------


def case_episodes(case, history):
    """The case's episodes: a case closed and later reopened is two, split where the history
    shows it closing and reopening. Without history rows the case itself is one episode."""
    episodes = []
    current = Episode(case.opened_on, None, "")
    closed = False
    for row in history:
        if row.status == Case.Status.CLOSED and not closed:
            closed = True
            current.end = row.closed_on or row.history_date.date()
            current.reason_for_closure = row.reason_for_closure
            episodes.append(current)
        elif row.status == Case.Status.OPEN and closed:
            closed = False
            current = Episode(timezone.localtime(row.history_date).date(), None, "")
    if not closed:
        episodes.append(current)
    if case.is_closed and episodes:
        # The case as it is now has the last word on its latest closure.
        last = episodes[-1]
        last.end = case.closed_on or last.end
        last.reason_for_closure = case.reason_for_closure or last.reason_for_closure
    elif case.is_closed:
        episodes.append(Episode(case.opened_on, case.closed_on, case.reason_for_closure))
    return episodes


def context_spans(case, history, start=None, end=None):
    """(from, to, kind of work) spans of the case, from the history of its kind of work; `to`
    is None while it lasts. With no history, the case's kind of work since it opened."""
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
        spans = [s for s in spans if s[0] <= end and (s[1] is None or s[1] >= start)]
    return spans


# The XML -----------------------------------------------------------------------------------------


def text(parent, tag, value):
    """A child element, left out when there is no value: the census omits what is unknown."""
    if value is None or value == "":
        return None
    element = ET.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return element


def header(year):
    """<Header>: the collection, the council and this software."""
    element = ET.Element("Header")
    details = ET.SubElement(element, "CollectionDetails")
    text(details, "Collection", cin_census.COLLECTION)
    text(details, "Year", year)
    text(details, "ReferenceDate", cin_census.reference_date(year))
    source = ET.SubElement(element, "Source")
    text(source, "SourceLevel", "L")
    text(source, "LEA", settings.SOS_LA_CODE)
    text(source, "SoftwareCode", SOFTWARE_CODE)
    text(source, "Release", RELEASE)
    text(source, "SerialNo", "1")
    text(source, "DateTime", timezone.now().replace(microsecond=0).isoformat())
    levels = ET.SubElement(ET.SubElement(element, "Content"), "CBDSLevels")
    text(levels, "CBDSLevel", "Child")
    return element


def sex_code(person):
    """<Sex>: from the child's recorded gender; an unborn child's is not known yet."""
    if person.is_unborn:
        return cin_census.Sex.NOT_KNOWN
    return SEX_CODES.get(person.gender, cin_census.Sex.NOT_KNOWN)


def child_identifiers(parent, person):
    """<ChildIdentifiers>: the census identifies a child by number, never by name."""
    element = ET.SubElement(parent, "ChildIdentifiers")
    text(element, "LAchildID", person.pk)
    text(element, "UPN", person.upn)
    if not person.upn:
        text(element, "UPNunknown", person.upn_unknown)
    if person.is_unborn:
        text(element, "ExpectedPersonBirthDate", person.date_of_birth)
    else:
        text(element, "PersonBirthDate", person.date_of_birth)
    text(element, "Sex", sex_code(person))
    text(element, "PersonDeathDate", person.date_of_death)
    return element


def child_characteristics(parent, ethnicity, disabilities):
    """<ChildCharacteristics>: ethnicity (not asked yet when blank) and disabilities."""
    element = ET.SubElement(parent, "ChildCharacteristics")
    text(element, "Ethnicity", ethnicity or cin_census.Ethnicity.NOBT)
    if disabilities:
        listing = ET.SubElement(element, "Disabilities")
        for code in disabilities:
            text(listing, "Disability", code)
    return element


def child_element(person, cases, start, end):
    """<Child>: who the child is, and one <CINdetails> per episode of each case about them."""
    element = ET.Element("Child")
    child_identifiers(element, person)
    child_characteristics(element, person.ethnicity, person.disabilities)
    plan_starts = sorted(
        plan.start
        for case in cases
        for episode in case.all_episodes
        for plan in cp_plans(case, episode)
    )
    for case in cases:
        for episode in case.census_episodes:
            plans = cp_plans(case, episode)
            element.append(cin_details(case, episode, plans, plan_starts, start, end))
    return element


def nfa_child_element(referral):
    """<Child> for a referral closed with no further action: what the referral recorded."""
    element = ET.Element("Child")
    identifiers = ET.SubElement(element, "ChildIdentifiers")
    text(identifiers, "LAchildID", f"R{referral.pk}")
    text(identifiers, "UPNunknown", cin_census.UPNUnknown.UN7)
    text(identifiers, "PersonBirthDate", referral.child_date_of_birth)
    text(identifiers, "Sex", cin_census.Sex.NOT_KNOWN)
    child_characteristics(element, "", [])
    details = ET.SubElement(element, "CINdetails")
    text(details, "CINreferralDate", referral.received_on)
    text(details, "ReferralSource", referral.source)
    text(details, "PrimaryNeedCode", referral.primary_need)
    decided_on = timezone.localtime(referral.decided_at).date() if referral.decided_at else None
    text(details, "CINclosureDate", decided_on or referral.received_on)
    text(details, "ReasonForClosure", cin_census.ReasonForClosure.RC8)
    text(details, "ReferralNFA", "true")
    return element


def referral_date(case, episode):
    """<CINreferralDate>: the referral's date for the first episode, else the reopening."""
    if episode.start == case.opened_on and case.referral is not None:
        return min(case.referral.received_on, case.opened_on)
    return episode.start


def cin_details(case, episode, plans, plan_starts, start, end):
    """<CINdetails>: one episode of one case, with what in it touched the collection year.
    `plan_starts` are the start dates of every child protection plan the child has had."""
    element = ET.Element("CINdetails")
    text(element, "CINreferralDate", referral_date(case, episode))
    text(element, "ReferralSource", case.referral_source)
    text(element, "PrimaryNeedCode", case.primary_need)
    if episode.end is not None and episode.end <= end:
        text(element, "CINclosureDate", episode.end)
        text(element, "ReasonForClosure", episode.reason_for_closure)
    enquiries = [
        enquiry
        for enquiry in section_47s(case, episode)
        if overlaps(enquiry["start"], enquiry["ended"], start, end)
    ]
    conference = first_initial_conference(case, episode)
    # The census records an initial conference once: on its enquiry when there is one.
    on_an_enquiry = any(enquiry["icpc"] == conference for enquiry in enquiries)
    if conference and start <= conference <= end and not on_an_enquiry:
        text(element, "DateOfInitialCPC", conference)
    text(element, "ReferralNFA", "false")
    for assessment in episode_assessments(case, episode):
        started, authorised = assessment_dates(assessment)
        if overlaps(started, authorised, start, end):
            assessment_element(element, assessment)
    for plan_start, plan_end in cin_plan_periods(case, episode, plans, start, end):
        dates = ET.SubElement(element, "CINPlanDates")
        text(dates, "CINPlanStartDate", plan_start)
        text(dates, "CINPlanEndDate", plan_end)
    for enquiry in enquiries:
        s47 = ET.SubElement(element, "Section47")
        text(s47, "S47ActualStartDate", enquiry["start"])
        text(s47, "InitialCPCtarget", enquiry["target"])
        text(s47, "DateOfInitialCPC", enquiry["icpc"])
        text(s47, "ICPCnotRequired", "true" if enquiry["not_required"] else "false")
    for plan in plans:
        if overlaps(plan.start, plan.end, start, end):
            previous = sum(1 for day in plan_starts if day < plan.start)
            cp_plan_element(element, plan, previous, start, end)
    return element


def in_episode(day, episode):
    return day >= episode.start and (episode.end is None or day <= episode.end)


def episode_assessments(case, episode):
    """The case's submitted or signed-off assessments started in this episode."""
    return [
        assessment
        for assessment in case.assessments.all()
        if in_episode(timezone.localtime(assessment.created_at).date(), episode)
    ]


def assessment_dates(assessment):
    """When the assessment started (it was created) and was authorised (signed off), if yet."""
    started = timezone.localtime(assessment.created_at).date()
    if assessment.status == Assessment.Status.SIGNED_OFF and assessment.decided_at:
        return started, timezone.localtime(assessment.decided_at).date()
    return started, None


def assessment_element(parent, assessment):
    """<Assessments>: started when created; authorised when signed off, with its factors."""
    element = ET.SubElement(parent, "Assessments")
    started, authorised = assessment_dates(assessment)
    text(element, "AssessmentActualStartDate", started)
    if authorised:
        text(element, "AssessmentAuthorisationDate", authorised)
        factors = ET.SubElement(element, "FactorsIdentifiedAtAssessment")
        for code in assessment.factors:
            text(factors, "AssessmentFactors", code)
    return element


def episode_meetings(case, episode):
    """The case's finalised meetings held in this episode, oldest first."""
    return [meeting for meeting in case.meetings.all() if in_episode(meeting.held_on, episode)]


def first_initial_conference(case, episode):
    """<DateOfInitialCPC> of the episode: its first initial child protection conference."""
    return next(
        (
            meeting.held_on
            for meeting in episode_meetings(case, episode)
            if meeting.kind == Meeting.Kind.INITIAL_CONFERENCE
        ),
        None,
    )


def decided(meeting, kind):
    """The meeting's first decision of this kind, or None."""
    return next((d for d in meeting.decisions.all() if d.kind == kind), None)


def section_47s(case, episode):
    """Each strategy discussion that started a section 47 enquiry: its target for an initial
    conference (15 working days on), the next initial conference, or a later decision that
    none is needed."""
    meetings = episode_meetings(case, episode)
    enquiries = []
    for index, meeting in enumerate(meetings):
        if meeting.kind != Meeting.Kind.STRATEGY_DISCUSSION:
            continue
        if not decided(meeting, Decision.Kind.SECTION_47):
            continue
        later = meetings[index + 1 :]
        # The enquiry's outcome comes before the next strategy discussion's enquiry, if any.
        next_enquiry = next(
            (
                i
                for i, m in enumerate(later)
                if m.kind == Meeting.Kind.STRATEGY_DISCUSSION
                and decided(m, Decision.Kind.SECTION_47)
            ),
            len(later),
        )
        later = later[:next_enquiry]
        conference = next((m for m in later if m.kind == Meeting.Kind.INITIAL_CONFERENCE), None)
        not_required = conference is None and any(
            decided(m, Decision.Kind.NO_CONFERENCE) for m in [meeting, *later]
        )
        icpc = conference.held_on if conference else None
        enquiries.append(
            {
                "start": meeting.held_on,
                "target": add_working_days(meeting.held_on, ICPC_WORKING_DAYS),
                "icpc": icpc,
                "not_required": not_required,
                # When the enquiry was over, as far as the records say: None while it is not.
                "ended": icpc or (meeting.held_on if not_required else None),
            }
        )
    return enquiries


def cp_plans(case, episode):
    """Child protection plans: each starts at an initial conference that decided a plan is
    needed; review conferences are its reviews and give its latest category; it ends at a
    review deciding no plan is needed, a step down, or the episode's closure."""
    plans = []
    current = None
    for meeting in episode_meetings(case, episode):
        plan_needed = decided(meeting, Decision.Kind.PLAN_NEEDED)
        if current is None:
            if meeting.kind == Meeting.Kind.INITIAL_CONFERENCE and plan_needed:
                category = CATEGORY_CODES.get(plan_needed.category, "")
                current = CPPlan(meeting.held_on, None, category, category, [])
                plans.append(current)
            continue
        if meeting.kind == Meeting.Kind.REVIEW_CONFERENCE:
            current.reviews.append(meeting.held_on)
            if plan_needed and plan_needed.category:
                current.latest_category = CATEGORY_CODES[plan_needed.category]
        if decided(meeting, Decision.Kind.STEP_DOWN) or (
            meeting.kind == Meeting.Kind.REVIEW_CONFERENCE
            and decided(meeting, Decision.Kind.NO_PLAN)
        ):
            current.end = meeting.held_on
            current = None
    if current is not None and episode.end is not None:
        current.end = episode.end
    return plans


def cp_plan_element(parent, plan, previous, start, end):
    """<ChildProtectionPlans>: the plan, its categories, its reviews and the earlier plans."""
    element = ET.SubElement(parent, "ChildProtectionPlans")
    text(element, "CPPstartDate", plan.start)
    if plan.end is not None and plan.end <= end:
        text(element, "CPPendDate", plan.end)
    text(element, "InitialCategoryOfAbuse", plan.initial_category)
    text(element, "LatestCategoryOfAbuse", plan.latest_category)
    text(element, "NumberOfPreviousCPP", previous)
    # One <Reviews> per review: the validator reads the first date in each <Reviews> only.
    for day in plan.reviews:
        if start <= day <= end:
            text(ET.SubElement(element, "Reviews"), "CPPreviewDate", day)
    return element


def cin_plan_periods(case, episode, plans, start, end):
    """CIN plan spans: while the case's kind of work was child in need, from the referral on,
    cut around any child protection plan so the two never overlap."""
    periods = []
    for span_start, span_end, context in context_spans(case, case.census_history):
        if context != PracticeContext.CHILD_IN_NEED:
            continue
        span_start = max(span_start, episode.start)
        ends = [day for day in (span_end, episode.end) if day is not None]
        span_end = min(ends) if ends else None
        if span_end is not None and span_end < span_start:
            continue
        pieces = [(span_start, span_end)]
        for plan in plans:
            pieces = cut(pieces, plan.start, plan.end)
        periods += pieces
    return [
        (first, last if last is not None and last <= end else None)
        for first, last in periods
        if overlaps(first, last, start, end)
    ]


def cut(pieces, plan_start, plan_end):
    """The pieces with the days from plan_start to plan_end (None: still going) taken out."""
    result = []
    for start, end in pieces:
        if end is not None and end < plan_start or plan_end is not None and start > plan_end:
            result.append((start, end))
            continue
        if start < plan_start:
            result.append((start, plan_start - datetime.timedelta(days=1)))
        if plan_end is not None and (end is None or end > plan_end):
            result.append((plan_end + datetime.timedelta(days=1), end))
    return result
