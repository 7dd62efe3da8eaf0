"""What the case page and the dashboards show of visits. Each costs one query, however many
visits or cases there are; a worker's caseload costs none, as it reads when its children were
last seen in the same query as the cases (with_last_child_seen)."""

from django.db.models import DateField, F, OuterRef, Subquery

from cases.models import PracticeContext, SubjectChild
from visits.models import Visit
from visits.timescales import visit_deadline, visit_interval

# The case page lists this many of the latest visits; the next due date counts from them all.
VISITS_SHOWN = 10


def least_recently_seen(case):
    """A subquery: the date the case's child seen least recently was last seen, or NULL when a
    child has not been seen at all. `case` is the case's id, or an OuterRef to it. Each child is
    visited in their own right, so the next visit is due for whichever was seen longest ago."""
    seen = (
        Visit.objects.filter(case=OuterRef("case"), child=OuterRef("child"), child_seen=True)
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    children = SubjectChild.objects.filter(case=case).annotate(seen_on=Subquery(seen))
    return Subquery(
        children.order_by(F("seen_on").asc(nulls_first=True)).values("seen_on")[:1],
        output_field=DateField(),
    )


def with_last_child_seen(cases):
    """The cases, each with `last_child_seen_on` (least_recently_seen), in the same query."""
    return cases.annotate(last_child_seen_on=least_recently_seen(OuterRef("pk")))


def overdue_visits(cases):
    """The next visit on each case that is overdue, most overdue first. Each case carries
    `last_child_seen_on` (with_last_child_seen)."""
    deadlines = (visit_deadline(case, case.last_child_seen_on) for case in cases)
    overdue = [deadline for deadline in deadlines if deadline and deadline.is_overdue]
    return sorted(overdue, key=lambda deadline: deadline.due)


def case_page_context(request, case):
    """The case page's Visits section: the latest visits, and when the next is due."""
    # Newest first, each carrying the same date the next visit counts from: with no visit at
    # all, it counts from the case opening.
    visits = list(
        case.visits.select_related("child", "recorded_by").annotate(
            counted_from=least_recently_seen(case.pk)
        )
    )
    last_seen = visits[0].counted_from if visits else None
    return {
        "visits": visits[:VISITS_SHOWN],
        # Asked only on child protection work; kept in view if the case's kind of work changed.
        "show_bedroom": case.practice_context == PracticeContext.CHILD_PROTECTION
        or any(visit.bedroom_seen is not None for visit in visits),
        "visits_recorded": len(visits),
        "visit_timescale": visit_interval(case.practice_context),
        "next_visit": visit_deadline(case, last_seen),
    }


def my_overdue_visits_context(request, page):
    """A worker's home page: their cases where a visit is overdue. The caseload was read
    with_last_child_seen(), so this costs no query."""
    return {"my_overdue_visits": overdue_visits(page["cases"])}


def team_overdue_visits_context(request, page):
    """A manager's home page: overdue visits across the open cases of the teams they manage,
    with each case's allocated worker, in one query."""
    statutory = [
        context for context in PracticeContext.values if visit_interval(context) is not None
    ]
    cases = with_last_child_seen(
        page["open_team_cases"].filter(practice_context__in=statutory)
    ).select_related("allocated_worker")
    return {"team_overdue_visits": overdue_visits(cases)}
