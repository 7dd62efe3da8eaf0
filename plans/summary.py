"""What the home page shows of plans."""

from plans.models import SafetyPlan


def current_plans(cases):
    """For each case, its latest approved plan (or None). One query for all the cases."""
    latest = {}
    for plan in SafetyPlan.objects.approved().filter(case__in=cases).order_by("case_id", "-number"):
        latest.setdefault(plan.case_id, plan)
    return latest
