"""Assessments and plans follow their case's access rules, which cases.access decides.
Partners see no assessments, and only the current approved plan."""

from assessments.models import Assessment, SafetyPlan
from cases.access import (
    NONE,
    PLAN,
    READ,
    CaseNotFound,
    CaseReadOnly,
    access_level,
    get_case_for_user,
    log_entry,
)


def get_assessment_for_user(request, pk, *, need=READ, action="view assessment"):
    """The assessment, if the user may do this to its case; 404 or 403 otherwise, logged."""
    case_id = Assessment.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    case = get_case_for_user(request, case_id, need=need, action=action)
    assessment = Assessment.objects.get(pk=pk)
    assessment.case = case  # carries the access level worked out for this user
    return assessment


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
    case.access = level
    return plan
