"""What the case page and the home page show of plans."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from assessments.models import Assessment
from cases.models import visible_case_ids
from cases.working_days import working_days_between
from plans.models import SafetyPlan


def current_plans(cases):
    """For each case, its latest approved plan (or None). One query for all the cases."""
    latest = {}
    for plan in SafetyPlan.objects.approved().filter(case__in=cases).order_by("case_id", "-number"):
        latest.setdefault(plan.case_id, plan)
    return latest


def case_page_context(request, case):
    """The case page's plans section: every version, newest first."""
    return {"plans": list(case.safety_plans.select_related("decided_by"))}


def invited_plans_context(request, page):
    """A partner's home page: each invited case gets its `current_plan` (or None), which the
    table of invited cases shows. It adds no names of its own."""
    plans = current_plans(page["cases"])
    for case in page["cases"]:
        case.current_plan = plans.get(case.pk)
    return {}


@dataclass(frozen=True)
class Waiting:
    """Something waiting for a manager's decision, for the queue on their home page."""

    what: str
    case: object
    since: date
    url: str
    decide: str
    note: str = ""

    @property
    def age(self):
        """Working days it has waited."""
        return working_days_between(self.since, timezone.localdate())


def decisions_waiting_context(request, page):
    """A manager's queue: assessments to sign off, plans to approve and referrals to decide,
    for the teams they manage, oldest first. A service manager also sees what only they can
    decide, because every team manager wrote part of it."""
    user = request.user
    visible = visible_case_ids(user)
    waiting = [
        Waiting(
            f"Referral about {referral.child_first_name} {referral.child_last_name}",
            None,
            referral.received_on,
            referral.get_absolute_url(),
            "Decide",
        )
        for referral in page["referrals"]
    ]
    for versions in [Assessment.objects, SafetyPlan.objects]:
        for version in versions.waiting_for(user).filter(case__in=visible):
            note = version_note(version, user)
            waiting.append(
                Waiting(
                    version.label,
                    version.case,
                    timezone.localdate(version.submitted_at),
                    version.get_absolute_url(),
                    version.decide.capitalize(),
                    note,
                )
            )
    waiting.sort(key=lambda item: item.since)
    return {"waiting": waiting}


def version_note(version, user):
    """What a manager should know before opening it."""
    if version.written_by(user):
        return f"You wrote part of it, so you can send it back but not {version.decide_it}."
    if user.is_service_manager and version.only_service_managers_can_decide():
        return "Every manager of the team wrote part of it: only a service manager can decide."
    return ""


def sent_back_context(request, page):
    """A worker's work that a manager sent back to them, with the reason."""
    user = request.user
    sent_back = [
        *Assessment.objects.sent_back_to(user),
        *SafetyPlan.objects.sent_back_to(user),
    ]
    return {"sent_back": sent_back}
