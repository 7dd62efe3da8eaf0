"""What the case page and the dashboards show of visits. The case page and a worker's caseload
cost no query of their own: each child's latest visit is read with the case page's children
(child_annotations), and when the caseload's children were last seen with its cases
(with_last_child_seen). A manager's overdue visits cost one query, however many cases."""

import datetime

from django.db.models import Count, DateField, F, JSONField, OuterRef, Subquery
from django.db.models.functions import Coalesce, JSONObject

from cases.models import PracticeContext, SubjectChild, User, manager_keys, open_team_cases_of
from sos_site.prepared import Prepared
from visits.models import Visit
from visits.timescales import visit_deadline, visit_interval


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


def child_annotations():
    """What the case page's children query carries of each child's visits: the latest visit,
    the date they were last seen, and how many visits are recorded."""
    visits = Visit.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    latest = visits.order_by("-visited_on", "-pk").values(
        latest=JSONObject(
            visited_on="visited_on",
            child_seen="child_seen",
            seen_alone="seen_alone",
            bedroom_seen="bedroom_seen",
            first_name="recorded_by__first_name",
            last_name="recorded_by__last_name",
            username="recorded_by__username",
        )
    )
    seen = visits.filter(child_seen=True).order_by("-visited_on").values("visited_on")
    counted = visits.order_by().values("child").annotate(count=Count("pk")).values("count")
    return {
        "latest_visit": Subquery(latest[:1], output_field=JSONField()),
        "last_seen_on": Subquery(seen[:1], output_field=DateField()),
        "visits_recorded": Coalesce(Subquery(counted[:1]), 0),
    }


def _latest_visit(record):
    """The latest visit as the case page shows it, from its JSON row."""
    if not record:
        return None
    recorded_by = " ".join(filter(None, [record["first_name"], record["last_name"]]))
    return {
        "visited_on": datetime.date.fromisoformat(record["visited_on"]),
        "child_seen": bool(record["child_seen"]),
        "seen_alone": bool(record["seen_alone"]),
        "bedroom_seen": None if record["bedroom_seen"] is None else bool(record["bedroom_seen"]),
        "recorded_by": recorded_by or record["username"],
    }


def case_page_context(request, case, page):
    """The case page's Visits section: each child's latest visit, and when the next is due,
    for the child seen longest ago (the next visit counts from the case opening while any
    child has not been seen)."""
    children = page["children"]
    rows = [(child, _latest_visit(child.latest_visit)) for child in children]
    seen_dates = [child.last_seen_on for child in children]
    last_seen = None if not seen_dates or None in seen_dates else min(seen_dates)
    return {
        "visit_rows": rows,
        "any_visits": any(latest for _, latest in rows),
        # Asked only on child protection work; kept in view if the case's kind of work changed.
        "show_bedroom": case.practice_context == PracticeContext.CHILD_PROTECTION
        or any(latest and latest["bedroom_seen"] is not None for _, latest in rows),
        "visits_recorded": sum(child.visits_recorded for child in children),
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
    keys = manager_keys(request.user)
    if keys is None:
        return {"team_overdue_visits": []}
    return {"team_overdue_visits": overdue_visits(_team_visit_cases(*keys))}


@Prepared
def _team_visit_cases(user_pk, own_team, *managed):
    """The open cases of a manager's teams whose visits have a timescale, each knowing when
    its children were last seen, compiled once per process (sos_site.prepared)."""
    statutory = [
        context for context in PracticeContext.values if visit_interval(context) is not None
    ]
    cases = open_team_cases_of(user_pk, own_team, *managed).filter(practice_context__in=statutory)
    # What a visit is counted from, and what the list shows: the case and its worker's name.
    return (
        with_last_child_seen(cases)
        .select_related("allocated_worker")
        .only(
            "reference",
            "practice_context",
            "status",
            "opened_on",
            *(f"allocated_worker__{name}" for name in User.NAME_FIELDS),
        )
    )
