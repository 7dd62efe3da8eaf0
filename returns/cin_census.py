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
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, PracticeContext, Referral
from codesets import cin_census
from returns.episodes import (
    assessment_dates,
    case_episodes,
    case_history,
    case_prefetches,
    context_spans,
    first_initial_conference,
    overlaps,
    previous_plans,
    referral_date,
    sex_code,
    was_census_work,
)

SOFTWARE_CODE = "Signs of Safety"
RELEASE = "1"


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
        .prefetch_related(*case_prefetches())
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
        if not case.census_episodes or not was_census_work(case, case.census_history, start, end):
            continue
        for subject in case.subject_children.all():
            people[subject.child_id] = subject.child
            by_child[subject.child_id].append(case)
    return [(people[pk], by_child[pk]) for pk in sorted(by_child)]


def nfa_referrals(start, end):
    """Referrals in the year closed with no further action: each is a child in the return."""
    return Referral.objects.filter(
        status=Referral.Status.NO_FURTHER_ACTION, received_on__gte=start, received_on__lte=end
    ).order_by("received_on", "pk")


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
        plan.start for case in cases for episode in case.all_episodes for plan in episode.plans
    )
    for case in cases:
        for episode in case.census_episodes:
            element.append(cin_details(case, episode, plan_starts, start, end))
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


def cin_details(case, episode, plan_starts, start, end):
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
        enquiry for enquiry in episode.enquiries if overlaps(enquiry.start, enquiry.end, start, end)
    ]
    conference = first_initial_conference(episode)
    # The census records an initial conference once: on its enquiry when there is one.
    on_an_enquiry = any(enquiry.conference == conference for enquiry in enquiries)
    if conference and start <= conference <= end and not on_an_enquiry:
        text(element, "DateOfInitialCPC", conference)
    text(element, "ReferralNFA", "false")
    for assessment in episode.assessments:
        started, authorised = assessment_dates(assessment)
        if overlaps(started, authorised, start, end):
            assessment_element(element, assessment)
    for plan_start, plan_end in cin_plan_periods(case, episode, start, end):
        dates = ET.SubElement(element, "CINPlanDates")
        text(dates, "CINPlanStartDate", plan_start)
        text(dates, "CINPlanEndDate", plan_end)
    for enquiry in enquiries:
        s47 = ET.SubElement(element, "Section47")
        text(s47, "S47ActualStartDate", enquiry.start)
        text(s47, "InitialCPCtarget", enquiry.target)
        text(s47, "DateOfInitialCPC", enquiry.conference)
        text(s47, "ICPCnotRequired", "true" if enquiry.not_required else "false")
    for plan in episode.plans:
        if overlaps(plan.start, plan.end, start, end):
            cp_plan_element(element, plan, previous_plans(plan, plan_starts), start, end)
    return element


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


def plan_agreed_on(case, episode):
    """The day the episode's child in need plan was agreed: its first approved safety plan. An
    episode that closed after assessment, with no plan approved, had no child in need plan."""
    days = [timezone.localdate(plan.decided_at) for plan in case.approved_plans]
    return next((day for day in days if episode.holds(day)), None)


def cin_plan_periods(case, episode, start, end):
    """CIN plan spans: while the case's kind of work was child in need, from the day its first
    safety plan was approved on, cut around any child protection plan so the two never
    overlap."""
    agreed = plan_agreed_on(case, episode)
    if agreed is None:
        return []
    periods = []
    for span_start, span_end, context in context_spans(case, case.census_history):
        if context != PracticeContext.CHILD_IN_NEED:
            continue
        span_start = max(span_start, episode.start, agreed)
        ends = [day for day in (span_end, episode.end) if day is not None]
        span_end = min(ends) if ends else None
        if span_end is not None and span_end < span_start:
            continue
        pieces = [(span_start, span_end)]
        for plan in episode.plans:
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
