"""Assessments follow their case's access rules, which cases.access decides. Partners see no
assessments."""

from assessments.models import Assessment
from cases.access import (
    READ,
    get_case_for_user,
)


def get_assessment_for_user(request, pk, *, need=READ, action="view an assessment"):
    """The assessment, if the user may do this to its case; 404 or 403 otherwise, logged."""
    case_id = Assessment.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    case = get_case_for_user(request, case_id, need=need, action=action)
    assessment = Assessment.objects.get(pk=pk)
    assessment.case = case  # carries the access level worked out for this user
    return assessment
