"""The census codes for the demo's children and cases (used by seed_demo), so the demo's
Children in Need census passes the Department for Education's rules."""

from cases.models import Case, Person
from codesets.cin_census import Disability, Ethnicity, PrimaryNeed, ReferralSource, UPNUnknown

# Each child, by first name: UPN (its first letter checks the digits, census rule 1510) or why
# there is none, ethnicity and disabilities. Mia's early help case is not in the census, but
# her details are recorded too.
CHILDREN = {
    "Mia": ("G201100000113", "", Ethnicity.WBRI, [Disability.NONE]),
    "Leo": ("", UPNUnknown.UN1, Ethnicity.MWBC, [Disability.NONE]),
    "Ava": ("", UPNUnknown.UN1, Ethnicity.MWBC, [Disability.NONE]),
    "Jordan": ("W201100000415", "", Ethnicity.BAFR, [Disability.LD, Disability.COMM]),
    "Ella": ("X201100000516", "", Ethnicity.WOTH, [Disability.NONE]),
}

# Each case, by its first child: who made the referral and the main need.
CASES = {
    "Mia": (ReferralSource.SCHOOL, PrimaryNeed.N4),
    "Leo": (ReferralSource.POLICE, PrimaryNeed.N1),
    "Jordan": (ReferralSource.POLICE, PrimaryNeed.N1),
    "Ella": (ReferralSource.LA_SOCIAL_CARE, PrimaryNeed.N5),
}


def seed_census_codes(users):
    """Record the codes where they are still blank, as the allocated worker."""
    for first_name, (upn, upn_unknown, ethnicity, disabilities) in CHILDREN.items():
        for child in Person.objects.filter(first_name=first_name, cases_as_child__isnull=False):
            if child.ethnicity:
                continue
            child.upn, child.upn_unknown = upn, upn_unknown
            child.ethnicity, child.disabilities = ethnicity, list(disabilities)
            child._history_user = child.cases_as_child.first().allocated_worker
            child.save()
    for first_name, (source, need) in CASES.items():
        for case in Case.objects.filter(children__first_name=first_name, referral_source=""):
            case.referral_source, case.primary_need = source, need
            case._history_user = case.allocated_worker
            case.save()
