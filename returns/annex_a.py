"""Ofsted's Annex A, lists 3 to 7, as an Excel workbook: referrals, assessments, section 47
enquiries and initial conferences, children in need, and child protection plans.

Each row comes from the records the CIN census reads, derived by the same code
(returns.episodes), so the two returns agree: referrals (one closed with no further action has
no person record, so its child is "R" and the referral's number, as in the census), submitted
and signed-off assessments, strategy discussions that started a section 47 enquiry and the
initial conference after them, the episodes of child in need, protection and care work (a case
closed and reopened is two, and its kind of work is read from its history), and the child
protection plans that conferences decided on. Visits give the date a child was last seen and,
for list 7, the latest statutory visit.

Annex A names no child: the "Child Unique ID" is the person's number in this service. A
restricted case is in every list it belongs in, as coded data only: its "Allocated Team" and
"Allocated Worker" cells say "Restricted", so an inspector sees the row was withheld on purpose
rather than left blank by mistake, and nobody learns who holds the case.

A code nobody has recorded yet (a referral's source, a case's main need) leaves its cell blank,
so the data officer sees the gap before Ofsted does; the template's "Unknown" answers are kept
for what the records say is not known.

The headings, answers and periods are in codesets.annex_a. Everything is read in a fixed number
of bulk queries, whatever the council's size.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from cases.models import Case, Person, PracticeContext, Referral, SubjectChild, search_key
from codesets import annex_a, cin_census
from meetings.models import Meeting
from returns.episodes import (
    assessment_dates,
    case_episodes,
    case_history,
    case_prefetches,
    context_on,
    overlaps,
    previous_plans,
    referral_date,
    sex_code,
    was_census_work,
)
from visits.models import Visit

RESTRICTED = "Restricted"
DATE_FORMAT = "dd/mm/yyyy"
CLOSED_AFTER_ASSESSMENT = {cin_census.ReasonForClosure.RC8, cin_census.ReasonForClosure.RC9}


def build_annex_a(today=None):
    """The workbook for an inspection starting on `today` (by default, today): a sheet per
    list, its headings in row 1 and a row per record after."""
    today = today or timezone.localdate()
    cases = annex_cases(today)
    lists = {
        "List 3": referral_rows(cases, today),
        "List 4": assessment_rows(cases, today),
        "List 5": section_47_rows(cases, today),
        "List 6": children_in_need_rows(cases, today),
        "List 7": child_protection_rows(cases, today),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headings, _months in annex_a.LISTS:
        sheet = workbook.create_sheet(name)
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in lists[name]:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
    return workbook


def write_annex_a(path_or_file, today=None):
    """Build the workbook and save it to a path or a binary file; returns the workbook."""
    workbook = build_annex_a(today)
    workbook.save(path_or_file)
    return workbook


def window_start(today, months):
    return annex_a.months_before(today, months)


# The records ------------------------------------------------------------------------------------


def annex_cases(today):
    """Every case about a child who has a case open at some time in the longest period a list
    covers, with all they hold that the lists read. Earlier cases come too: list 5 counts the
    enquiries of the last 12 months, and list 7 counts every earlier plan. Nothing after
    `today` is read, so an export for an earlier date shows what was known then."""
    longest = max(months for _name, _headings, months in annex_a.LISTS)
    first_day = window_start(today, longest)
    recent = Case.objects.filter(opened_on__lte=today).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=first_day)
    )
    children = SubjectChild.objects.filter(case__in=recent).values("child_id")
    cases = (
        Case.objects.filter(subject_children__child__in=children, opened_on__lte=today)
        .distinct()
        .select_related("team", "allocated_worker", "referral")
        .prefetch_related(
            *case_prefetches(until=today),
            Prefetch(
                "visits",
                queryset=Visit.objects.filter(visited_on__lte=today).order_by("visited_on", "pk"),
            ),
        )
        .order_by("opened_on", "pk")
    )
    cases = list(cases)
    history = case_history([case.pk for case in cases], until=today)
    for case in cases:
        # Split where the history shows the case closing and reopening, as the census does; a
        # case closed after `today` was still open then.
        case.annex_history = history.get(case.pk, [])
        case.annex_episodes = case_episodes(case, case.annex_history, until=today)
    return cases


def census_work(case, first_day, today):
    """Whether the case was child in need, protection or care work at some time in the list's
    period: early help is Annex A's list 2, not these."""
    return was_census_work(case, case.annex_history, first_day, today)


def children_of(case):
    return [subject.child for subject in case.subject_children.all()]


# The cells every list shares ---------------------------------------------------------------------


def age_on(born, today):
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def gender(person):
    if not person.is_unborn and person.gender == Person.Gender.OTHER:
        return annex_a.GENDER_NEITHER
    return annex_a.GENDER[sex_code(person)]


def child_cells(person, today):
    """Child Unique ID to Age: a number, never a name. An unborn baby has no date of birth
    yet (their due date is not one), so both are blank."""
    born = None if person.is_unborn else person.date_of_birth
    return [
        person.pk,
        gender(person),
        annex_a.ETHNICITY[person.ethnicity or cin_census.Ethnicity.NOBT],
        born,
        age_on(born, today),
    ]


def disability(person):
    """Yes for any disability code, No for "no disability" alone, Unknown when none is
    recorded: a blank list means nobody has asked yet."""
    codes = set(person.disabilities or [])
    if not codes:
        return annex_a.UNKNOWN
    if codes <= {cin_census.Disability.NONE}:
        return annex_a.NO
    return annex_a.YES


def name_of(user):
    if user is None:
        return None
    return user.get_full_name() or user.username


def allocation_cells(case):
    """Allocated Team and Allocated Worker; "Restricted" for a restricted case."""
    if case.restricted:
        return [RESTRICTED, RESTRICTED]
    return [case.team.name, name_of(case.allocated_worker)]


def yes_no(value):
    if value is None:
        return None
    return annex_a.YES if value else annex_a.NO


def sort_rows(rows, date_column):
    """Oldest first, then by child, so two exports of the same day compare line by line."""
    return sorted(rows, key=lambda row: (row[date_column] or datetime.date.min, str(row[0])))


# List 3: referrals -------------------------------------------------------------------------------


@dataclass
class ReferralRecord:
    child_id: object
    child: Person | None
    received_on: datetime.date
    source: str
    no_further_action: bool
    allocation: list
    nfa_referral: Referral | None = None


def referral_records(cases, first_day, today):
    """Every referral from `first_day` to `today`, one per child: each Referral, and each
    episode of child in need work that no Referral opened: a case opened without one, or
    reopened (the census takes that opening as the referral)."""
    records = []
    referrals = (
        Referral.objects.filter(received_on__gte=first_day, received_on__lte=today)
        .select_related(
            "team",
            "decided_by",
            "opened_case__team",
            "opened_case__allocated_worker",
            "linked_case__team",
            "linked_case__allocated_worker",
        )
        .prefetch_related(
            Prefetch(
                "opened_case__subject_children",
                queryset=SubjectChild.objects.select_related("child").order_by("pk"),
            ),
            Prefetch(
                "linked_case__subject_children",
                queryset=SubjectChild.objects.select_related("child").order_by("pk"),
            ),
        )
        .order_by("received_on", "pk")
    )
    for referral in referrals:
        case = referral.case
        child = referred_child(referral, case)
        if case is not None:
            allocation = allocation_cells(case)
        else:
            # Nobody is allocated a referral that opened no case: the team that decided it,
            # and the manager who did.
            allocation = [referral.team.name, name_of(referral.decided_by)]
        records.append(
            ReferralRecord(
                child_id=child.pk if child else f"R{referral.pk}",
                child=child,
                received_on=referral.received_on,
                source=referral.source or (case.referral_source if case else ""),
                no_further_action=referral.status == Referral.Status.NO_FURTHER_ACTION,
                allocation=allocation,
                nfa_referral=None if child else referral,
            )
        )
    for case in cases:
        for episode in case.annex_episodes:
            if episode.start == case.opened_on and case.referral_id is not None:
                continue  # listed above, as its Referral
            received_on = referral_date(case, episode)
            if not first_day <= received_on <= today:
                continue
            if not census_work(case, episode.start, episode.end or today):
                continue
            records += opening_records(case, received_on)
    return records


def opening_records(case, received_on):
    """A referral for each child on the case, on the day its episode opened."""
    return [
        ReferralRecord(
            child_id=child.pk,
            child=child,
            received_on=received_on,
            source=case.referral_source,
            no_further_action=False,
            allocation=allocation_cells(case),
        )
        for child in children_of(case)
    ]


def referred_child(referral, case):
    """The person the referral is about: on a new case, the child it was opened for; on a
    linked case, the child with the referral's name. None when there is no such person."""
    if case is None:
        return None
    children = children_of(case)
    wanted = search_key(f"{referral.child_first_name} {referral.child_last_name}")
    named = [c for c in children if search_key(f"{c.first_name} {c.last_name}") == wanted]
    if named:
        return named[0]
    if referral.status == Referral.Status.NEW_CASE and children:
        return children[0]
    return None


def referral_rows(cases, today):
    first_day = window_start(today, annex_a.REFERRALS_MONTHS)
    # Earlier referrals too, to count each child's referrals in the 12 months before each one.
    records = referral_records(
        cases, annex_a.months_before(first_day, annex_a.LOOK_BACK_MONTHS), today
    )
    by_child = defaultdict(list)
    for record in records:
        by_child[record.child_id].append(record.received_on)
    rows = []
    for record in records:
        if record.received_on < first_day:
            continue
        since = annex_a.months_before(record.received_on, annex_a.LOOK_BACK_MONTHS)
        earlier = sum(1 for day in by_child[record.child_id] if since <= day < record.received_on)
        if record.child is not None:
            child = child_cells(record.child, today)
        else:
            referral = record.nfa_referral
            born = referral.child_date_of_birth
            child = [
                record.child_id,
                annex_a.GENDER[cin_census.Sex.NOT_KNOWN],
                annex_a.ETHNICITY[cin_census.Ethnicity.NOBT],
                born,
                age_on(born, today),
            ]
        rows.append(
            [
                *child,
                record.received_on,
                annex_a.REFERRAL_SOURCE.get(record.source),
                yes_no(record.no_further_action),
                earlier,
                *record.allocation,
            ]
        )
    return sort_rows(rows, 5)


# List 4: assessments -----------------------------------------------------------------------------


def assessments_of(case):
    """(episode, assessment) for each assessment started in one of the case's episodes."""
    return [(episode, a) for episode in case.annex_episodes for a in episode.assessments]


def assessment_rows(cases, today):
    """Each submitted or signed-off assessment of child in need work that was open at some
    time in the period, once for each child on the case."""
    first_day = window_start(today, annex_a.ASSESSMENTS_MONTHS)
    rows = []
    for case in cases:
        if not census_work(case, first_day, today):
            continue
        for episode, assessment in assessments_of(case):
            started, authorised = assessment_dates(assessment, until=today)
            if not overlaps(started, authorised, first_day, today):
                continue
            needs_support = None
            if authorised is not None:
                # An episode closed straight after its assessment found no need for services.
                needs_support = not (
                    episode.end and episode.reason_for_closure in CLOSED_AFTER_ASSESSMENT
                )
            for child in children_of(case):
                seen = any(
                    visit.child_id == child.pk
                    and visit.child_seen
                    and started <= visit.visited_on <= (authorised or today)
                    for visit in case.visits.all()
                )
                rows.append(
                    [
                        *child_cells(child, today),
                        disability(child),
                        started,
                        yes_no(seen),
                        authorised,
                        yes_no(needs_support),
                        *allocation_cells(case),
                    ]
                )
    return sort_rows(rows, 6)


# List 5: section 47 enquiries and initial conferences --------------------------------------------


def enquiries_of(case):
    return [enquiry for episode in case.annex_episodes for enquiry in episode.enquiries]


def plans_of(case):
    return [plan for episode in case.annex_episodes for plan in episode.plans]


def section_47_rows(cases, today):
    """Each section 47 enquiry open at some time in the period, once for each child, with the
    child's other enquiries and initial conferences in the 12 months before it started."""
    first_day = window_start(today, annex_a.SECTION_47_MONTHS)
    starts, conferences = defaultdict(list), defaultdict(list)
    for case in cases:
        for child in children_of(case):
            for enquiry in enquiries_of(case):
                starts[child.pk].append(enquiry.start)
            for meeting in case.meetings.all():
                if meeting.kind == Meeting.Kind.INITIAL_CONFERENCE:
                    conferences[child.pk].append(meeting.held_on)
    rows = []
    for case in cases:
        for enquiry in enquiries_of(case):
            if not overlaps(enquiry.start, enquiry.end, first_day, today):
                continue
            since = annex_a.months_before(enquiry.start, annex_a.LOOK_BACK_MONTHS)
            unnecessary = None
            if enquiry.conference:
                unnecessary = False
            elif enquiry.not_required:
                unnecessary = True
            for child in children_of(case):
                rows.append(
                    [
                        *child_cells(child, today),
                        disability(child),
                        enquiry.start,
                        yes_no(unnecessary),
                        enquiry.conference,
                        yes_no(enquiry.conference_made_plan if enquiry.conference else None),
                        sum(1 for day in starts[child.pk] if since <= day < enquiry.start),
                        sum(1 for day in conferences[child.pk] if since <= day < enquiry.start),
                        *allocation_cells(case),
                    ]
                )
    return sort_rows(rows, 6)


# List 6: children in need ------------------------------------------------------------------------


def case_status(case, episode, today):
    """Where the episode stands today, in the template's words."""
    if episode.end:
        return annex_a.CaseStatus.CLOSED_EPISODE
    if context_on(case, case.annex_history, today) == PracticeContext.CHILD_IN_CARE:
        return annex_a.CaseStatus.LOOKED_AFTER
    if any(plan.end is None for plan in episode.plans):
        return annex_a.CaseStatus.CHILD_PROTECTION_PLAN
    if any(assessment_dates(a, until=today)[1] for a in episode.assessments):
        return annex_a.CaseStatus.CHILD_IN_NEED_PLAN
    return annex_a.CaseStatus.OPEN_ASSESSMENT


def children_in_need_rows(cases, today):
    """Each child on an episode of child in need, protection or care work open at some time in
    the period: a case closed and reopened is two episodes, as in the census. The episode
    starts at its referral, as in the census."""
    first_day = window_start(today, annex_a.CHILDREN_IN_NEED_MONTHS)
    rows = []
    for case in cases:
        if not census_work(case, first_day, today):
            continue
        for episode in case.annex_episodes:
            if not overlaps(episode.start, episode.end, first_day, today):
                continue
            reason_for_closure = None
            if episode.end:
                reason_for_closure = annex_a.REASON_FOR_CLOSURE.get(episode.reason_for_closure)
            for child in children_of(case):
                seen = [
                    visit.visited_on
                    for visit in case.visits.all()
                    if visit.child_id == child.pk
                    and visit.child_seen
                    and episode.holds(visit.visited_on)
                ]
                rows.append(
                    [
                        *child_cells(child, today),
                        disability(child),
                        referral_date(case, episode),
                        annex_a.PRIMARY_NEED.get(case.primary_need),
                        max(seen, default=None),
                        episode.end,
                        reason_for_closure,
                        case_status(case, episode, today),
                        *allocation_cells(case),
                    ]
                )
    return sort_rows(rows, 6)


# List 7: child protection ------------------------------------------------------------------------


def latest_visit(case, child, plan, today):
    """The latest statutory visit to the child while the plan ran, or None."""
    last_day = min(day for day in (plan.end, today) if day is not None)
    visits = [
        visit
        for visit in case.visits.all()
        if visit.child_id == child.pk and plan.start <= visit.visited_on <= last_day
    ]
    return visits[-1] if visits else None


def child_protection_rows(cases, today):
    """Each child protection plan running at some time in the period, once for each child,
    with how many plans the child had before it. The template's emergency protection order
    column stays blank: this service does not record those orders."""
    first_day = window_start(today, annex_a.CHILD_PROTECTION_MONTHS)
    plan_starts = defaultdict(list)
    for case in cases:
        for child in children_of(case):
            plan_starts[child.pk] += [plan.start for plan in plans_of(case)]
    rows = []
    for case in cases:
        for plan in plans_of(case):
            if not overlaps(plan.start, plan.end, first_day, today):
                continue
            reviews = [day for day in plan.reviews if day <= today]
            for child in children_of(case):
                visit = latest_visit(case, child, plan, today)
                rows.append(
                    [
                        *child_cells(child, today),
                        disability(child),
                        plan.start,
                        annex_a.CATEGORY_OF_ABUSE.get(plan.initial_category),
                        annex_a.CATEGORY_OF_ABUSE.get(plan.latest_category),
                        visit.visited_on if visit else None,
                        yes_no(visit.seen_alone) if visit else None,
                        max(reviews, default=None),
                        plan.end if plan.end and plan.end <= today else None,
                        None,
                        previous_plans(plan, plan_starts[child.pk]),
                        *allocation_cells(case),
                    ]
                )
    return sort_rows(rows, 6)
