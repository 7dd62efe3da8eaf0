"""What the case page and the home page show of plans."""

from plans.models import SafetyPlan


def current_plans(cases):
    """For each case, its latest approved plan (or None). One query for all the cases."""
    latest = {}
    for plan in SafetyPlan.objects.approved().filter(case__in=cases).order_by("case_id", "-number"):
        latest.setdefault(plan.case_id, plan)
    return latest


def case_page_context(request, case):
    """The case page's plans section: every version, newest first."""
    return {"plans": list(case.safety_plans.select_related("approved_by"))}


def invited_plans_context(request, page):
    """A partner's home page: each invited case gets its `current_plan` (or None), which the
    table of invited cases shows. It adds no names of its own."""
    plans = current_plans(page["cases"])
    for case in page["cases"]:
        case.current_plan = plans.get(case.pk)
    return {}
