"""Plans follow their case's access rules, which cases.access decides. Staff with access to the
case see every version; a partner with an active grant sees only the current approved one."""

from cases.access import (
    NONE,
    PLAN,
    CaseNotFound,
    CaseReadOnly,
    access_level,
    log_entry,
    with_access,
)
from plans.models import SafetyPlan


def get_plan_for_user(request, pk, *, need=PLAN, action="view plan"):
    """The plan, if the user may see it. Staff with access to the case see every version; a
    partner with an active grant sees only the current approved version. 404 otherwise."""
    plan = SafetyPlan.objects.select_related("case").filter(pk=pk).first()
    case = plan.case if plan else None
    level = access_level(request.user, case) if case else NONE
    details = {
        "case_id": case.pk if case else None,
        "case_reference": case.reference if case else "",
    }
    partner_may_see = level == PLAN and need == PLAN and plan.is_approved and not plan.is_superseded
    if level == NONE or (level == PLAN and not partner_may_see):
        raise CaseNotFound(request, action=action, **details)
    if level < need:
        raise CaseReadOnly(request, action=action, **details)
    log_entry(request, action=action, allowed=True, **details).save()
    with_access(case, level)
    return plan
