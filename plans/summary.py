"""What the case page and the home page show of plans."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from assessments.models import Assessment
from assessments.terminology import terms_for
from cases.models import User, manager_keys, visibility_keys, visible_case_ids_of
from cases.working_days import working_days_between
from plans.models import SafetyPlan
from sos_site.prepared import Prepared


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
    decide, because every team manager wrote part of it. The same few queries however long the
    queue is."""
    user = request.user
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
    versions = []
    keys = manager_keys(user)
    if keys is not None:
        for model, waiting_in_teams in [
            (Assessment, _assessments_waiting),
            (SafetyPlan, _plans_waiting),
        ]:
            of_this_kind = waiting_in_teams(*keys)
            model.load_contributors(of_this_kind)
            versions += of_this_kind
    managers = team_managers({version.case.team_id for version in versions}) if versions else {}
    for version in versions:
        waiting.append(
            Waiting(
                version_name(version),
                version.case,
                timezone.localdate(version.submitted_at),
                version.get_absolute_url(),
                version.decide.capitalize(),
                version_note(version, user, managers.get(version.case.team_id, set())),
            )
        )
    waiting.sort(key=lambda item: item.since)
    return {"waiting": waiting}


def _waiting(model):
    """The versions waiting for a manager's decision on cases they may read, compiled once per
    process (sos_site.prepared): every manager's home page asks. Its values are manager_keys()."""

    def build(user_pk, own_team, *managed):
        versions = model.objects.waiting_in(managed)
        return versions.filter(case__in=visible_case_ids_of(user_pk, own_team, *managed))

    return Prepared(build)


_assessments_waiting = _waiting(Assessment)
_plans_waiting = _waiting(SafetyPlan)


def version_name(version):
    """ "Assessment 2", or the plan in the case's own words: "Wellbeing plan, version 2"."""
    if isinstance(version, SafetyPlan):
        return f"{terms_for(version.case).plan}, version {version.number}"
    return version.label


def team_managers(team_ids):
    """The active team managers of each team, by team."""
    managers = {}
    rows = User.objects.filter(
        role=User.Role.MANAGER, is_active=True, team__in=team_ids
    ).values_list("team_id", "pk")
    for team_id, pk in rows:
        managers.setdefault(team_id, set()).add(pk)
    return managers


def version_note(version, user, managers):
    """What a manager should know before opening it."""
    contributors = version.contributor_ids()
    if user.pk in contributors:
        return f"You wrote part of it, so you can send it back but not {version.decide_it}."
    if user.is_service_manager and managers <= contributors:
        return "Every manager of the team wrote part of it: only a service manager can decide."
    return ""


def _sent_back(model):
    """The versions a person submitted that were sent back, on cases they may read, compiled
    once per process (sos_site.prepared): every home page asks, and there are usually none."""

    def build(user_pk, *teams):
        versions = model.objects.sent_back_to(user_pk)
        return versions.filter(case__in=visible_case_ids_of(user_pk, *teams))

    return Prepared(build)


_sent_back_assessments = _sent_back(Assessment)
_sent_back_plans = _sent_back(SafetyPlan)


def sent_back_context(request, page):
    """Work that a manager sent back to this person, with the reason, on cases they may still
    read."""
    keys = visibility_keys(request.user)
    sent_back = [*_sent_back_assessments(*keys), *_sent_back_plans(*keys)]
    for version in sent_back:
        version.name = version_name(version)
    return {"sent_back": sent_back}
