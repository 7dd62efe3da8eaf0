"""Assessments follow their case's access rules, which cases.access decides. Partners see no
assessments."""

from assessments.models import Assessment
from cases.access import (
    READ,
    get_case_for_user,
)
from sos_site.prepared import Prepared


def get_assessment_for_user(request, pk, *, need=READ, action="view an assessment"):
    """The assessment, if the user may do this to its case; 404 or 403 otherwise, logged."""
    found = _assessment(pk)
    case_id = found[0].case_id if found else None
    case = get_case_for_user(request, case_id, need=need, action=action)
    assessment = found[0]
    assessment.case = case  # carries the access level worked out for this user
    return assessment


@Prepared
def _assessment(pk):
    """Compiled once per process (sos_site.prepared): every assessment page starts here."""
    return Assessment.objects.filter(pk=pk)
