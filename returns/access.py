"""Who may send the statutory returns.

Data and performance officers read every case's coded fields (codes, dates, who holds the case)
and never its notes: the returns page, the files it makes, and one page per case that shows only
what the returns hold. A restricted case appears in the files as codes only, and its coded page
is refused, as the case itself is, to anyone not named on it (cases.access).
"""

from cases import access
from cases.models import Case, User

data_officer_required = access.role_required(User.Role.DATA_OFFICER)


def get_coded_case(request, pk):
    """The case whose coded fields a data officer may read: any case that is not restricted.
    A restricted or missing case is 404. Either way the access log records the attempt, written
    once the request has been answered (cases.middleware)."""
    action = "read a case's coded fields for the returns"
    case = Case.objects.select_related("team", "allocated_worker", "referral").filter(pk=pk).first()
    if case is None or case.restricted:
        raise access.CaseNotFound(
            request,
            case_id=case.pk if case else None,
            case_reference=case.reference if case else "",
            action=action,
        )
    request.case_access = access.log_entry(
        request, case_id=case.pk, case_reference=case.reference, action=action, allowed=True
    )
    return case


def log_return(request, action):
    """A check or a download, in the access log as well as in the returns' own record."""
    access.log_entry(request, case_id=None, case_reference="", action=action, allowed=True).save()
