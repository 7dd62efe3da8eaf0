"""Plans follow their case's access rules, which cases.access decides. Staff with access to the
case see every version; a partner with an active grant sees only the current approved one."""

from cases.access import PLAN, get_on_case_for_user
from plans.models import SafetyPlan


def get_plan_for_user(request, pk, *, need=PLAN, action="view a safety plan", log_allowed=True):
    """The plan, if the user may see it. Staff with access to the case see every version; a
    partner with an active grant sees only the current approved version. 404 otherwise."""
    return get_on_case_for_user(
        request,
        SafetyPlan.objects,
        pk,
        need=need,
        action=action,
        partner_may_see=lambda plan: need == PLAN and plan.is_approved and not plan.is_superseded,
        log_allowed=log_allowed,
    )
