"""What the case page and the dashboards show of visits. Each costs one query, however many
visits or cases there are; a worker's caseload costs none, as it reads the date a child was
last seen in the same query as the cases (with_last_child_seen)."""

from django.db.models import OuterRef, Subquery

from cases.models import PracticeContext
from visits.models import Visit
from visits.timescales import visit_deadline, visit_interval

# The case page lists this many of the latest visits; the next due date counts from them all.
VISITS_SHOWN = 10


def with_last_child_seen(cases):
    """The cases, each with `last_child_seen_on`: the date of its latest visit at which a child
    was seen, or None. In the same query as the cases."""
    seen = (
        Visit.objects.filter(case=OuterRef("pk"), child_seen=True)
        .order_by("-visited_on")
        .values("visited_on")[:1]
    )
    return cases.annotate(last_child_seen_on=Subquery(seen))


def overdue_visits(cases):
    """The next visit on each case that is overdue, most overdue first. Each case carries
    `last_child_seen_on` (with_last_child_seen)."""
    deadlines = (visit_deadline(case, case.last_child_seen_on) for case in cases)
    overdue = [deadline for deadline in deadlines if deadline and deadline.is_overdue]
    return sorted(overdue, key=lambda deadline: deadline.due)


def case_page_context(request, case):
    """The case page's Visits section: the latest visits, and when the next is due."""
    visits = list(case.visits.select_related("child", "recorded_by"))  # newest first
    last_seen = next((visit.visited_on for visit in visits if visit.child_seen), None)
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
