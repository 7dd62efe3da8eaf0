"""What the returns hold about one case: the children's codes, the episode's dates and codes,
assessments, meetings' decisions and visits. Labels beside codes; never a note or a minute."""

from assessments.models import Assessment
from codesets import cin_census
from meetings.models import Meeting
from visits.models import Visit


def labels(codes, choices):
    """A list of codes as their plain labels, in the list's own order."""
    names = dict(choices.choices)
    return [f"{names.get(code, code)} ({code})" for code in codes]


def coded_record(case):
    children = [
        {
            "person": child,
            "ethnicity": labels([child.ethnicity], cin_census.Ethnicity) if child.ethnicity else [],
            "disabilities": labels(child.disabilities or [], cin_census.Disability),
            "upn_unknown": (
                labels([child.upn_unknown], cin_census.UPNUnknown) if child.upn_unknown else []
            ),
        }
        for child in case.children.all()
    ]
    submitted = case.assessments.exclude(status=Assessment.Status.DRAFT).order_by("number")
    assessments = [
        {"assessment": item, "factors": labels(item.factors, cin_census.AssessmentFactor)}
        for item in submitted
    ]
    meetings = (
        case.meetings.filter(status=Meeting.Status.FINALISED)
        .prefetch_related("decisions")
        .order_by("held_at")
    )
    visits = Visit.objects.filter(case=case).select_related("child")[:20]
    return {
        "children": children,
        "assessments": assessments,
        "meetings": meetings,
        "visits": visits,
    }
