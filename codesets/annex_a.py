"""Ofsted's Annex A, the child-level lists a council sends at the start of an inspection of local
authority children's services (ILACS): the headings of lists 3 to 7, the answers the template
accepts, and the period each list covers.

The headings follow Ofsted's Annex A Excel template as revised in 2020 (lists 1 to 11; the
version councils have sent since, and the one Social Finance's liia-tools reads in
`liiatools/annex_a_pipeline/spec/pipeline.yml`). Each list is a sheet named "List 3" and so on,
with these headings, in this order, in its first row. Coded answers take the template's
lettered form, such as "a) Male" or "b) No", because inspectors filter and count on them.

Next year's template changes touch this module only: a heading, an answer or a period.
"""

import calendar
import datetime

from codesets import cin_census

# How many months before the inspection each list looks back. Ofsted sets these in the
# template's guidance; they move now and then, so they live here and nowhere else.
REFERRALS_MONTHS = 12
ASSESSMENTS_MONTHS = 6
SECTION_47_MONTHS = 6
CHILDREN_IN_NEED_MONTHS = 12
CHILD_PROTECTION_MONTHS = 6
# The counts "in the last 12 months" (earlier referrals, enquiries, conferences).
LOOK_BACK_MONTHS = 12


def months_before(day, months):
    """The same day `months` earlier, or the month's last day where it has fewer days: the
    first day a list covers when the inspection starts on `day`."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


# The headings, list by list ----------------------------------------------------------------------

# Every list starts with who the child is. Annex A names no child: the ID is a number.
CHILD_COLUMNS = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
]
ALLOCATION_COLUMNS = ["Allocated Team", "Allocated Worker"]

LIST_3_REFERRALS = [
    *CHILD_COLUMNS,
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    *ALLOCATION_COLUMNS,
]

LIST_4_ASSESSMENTS = [
    *CHILD_COLUMNS,
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    *ALLOCATION_COLUMNS,
]

LIST_5_SECTION_47 = [
    *CHILD_COLUMNS,
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    *ALLOCATION_COLUMNS,
]

LIST_6_CHILDREN_IN_NEED = [
    *CHILD_COLUMNS,
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    *ALLOCATION_COLUMNS,
]

LIST_7_CHILD_PROTECTION = [
    *CHILD_COLUMNS,
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
    "Months (Y/N)",
    "Number of Previous Child Protection Plans",
    *ALLOCATION_COLUMNS,
]

# (sheet name, headings, months covered), in the template's order.
LISTS = [
    ("List 3", LIST_3_REFERRALS, REFERRALS_MONTHS),
    ("List 4", LIST_4_ASSESSMENTS, ASSESSMENTS_MONTHS),
    ("List 5", LIST_5_SECTION_47, SECTION_47_MONTHS),
    ("List 6", LIST_6_CHILDREN_IN_NEED, CHILDREN_IN_NEED_MONTHS),
    ("List 7", LIST_7_CHILD_PROTECTION, CHILD_PROTECTION_MONTHS),
]

# The answers, keyed by the census's codes where there is one -----------------------------------

YES = "a) Yes"
NO = "b) No"
UNKNOWN = "c) Unknown"

GENDER = {
    cin_census.Sex.MALE: "a) Male",
    cin_census.Sex.FEMALE: "b) Female",
    cin_census.Sex.NOT_KNOWN: "c) Not stated/recorded",
}
# For a child recorded as neither male nor female.
GENDER_NEITHER = "d) Neither"

ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip(
        "abcdefghijklmnopqrst",
        [
            "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
            "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
        ],
        strict=True,
    )
}  # fmt: skip

REFERRAL_SOURCE = {
    cin_census.ReferralSource.FAMILY: "a) 1A: Individual",
    cin_census.ReferralSource.ACQUAINTANCE: "b) 1B: Individual",
    cin_census.ReferralSource.SELF: "c) 1C: Individual",
    cin_census.ReferralSource.INDIVIDUAL_OTHER: "d) 1D: Individual",
    cin_census.ReferralSource.SCHOOL: "e) 2A: Schools",
    cin_census.ReferralSource.EDUCATION_SERVICES: "f) 2B: Education services",
    cin_census.ReferralSource.GP: "g) 3A: Health services",
    cin_census.ReferralSource.HEALTH_VISITOR: "h) 3B: Health services",
    cin_census.ReferralSource.SCHOOL_NURSE: "i) 3C: Health services",
    cin_census.ReferralSource.PRIMARY_HEALTH_OTHER: "j) 3D: Health services",
    cin_census.ReferralSource.EMERGENCY_DEPARTMENT: "k) 3E: Health services",
    cin_census.ReferralSource.HEALTH_OTHER: "l) 3F: Health services",
    cin_census.ReferralSource.HOUSING: "m) 4: Housing",
    cin_census.ReferralSource.LA_SOCIAL_CARE: "n) 5A: LA services",
    cin_census.ReferralSource.LA_OTHER_INTERNAL: "o) 5B: LA services",
    cin_census.ReferralSource.LA_EXTERNAL: "p) 5C: LA services",
    cin_census.ReferralSource.LA_EARLY_HELP: "p1) 5D: LA services",
    cin_census.ReferralSource.POLICE: "q) 6: Police",
    cin_census.ReferralSource.LEGAL: "r) 7: Other legal agency",
    cin_census.ReferralSource.OTHER: "s) 8: Other",
    cin_census.ReferralSource.ANONYMOUS: "t) 9: Anonymous",
    cin_census.ReferralSource.UNKNOWN: "u) 10: Unknown",
}

PRIMARY_NEED = {
    cin_census.PrimaryNeed.N0: "N0 - Not stated",
    cin_census.PrimaryNeed.N1: "N1 - Abuse or neglect",
    cin_census.PrimaryNeed.N2: "N2 - Child's disability",
    cin_census.PrimaryNeed.N3: "N3 - Parental disability or illness",
    cin_census.PrimaryNeed.N4: "N4 - Family in acute stress",
    cin_census.PrimaryNeed.N5: "N5 - Family dysfunction",
    cin_census.PrimaryNeed.N6: "N6 - Socially unacceptable behaviour",
    cin_census.PrimaryNeed.N7: "N7 - Low income",
    cin_census.PrimaryNeed.N8: "N8 - Absent parenting",
    cin_census.PrimaryNeed.N9: "N9 - Cases other than children in need",
}

REASON_FOR_CLOSURE = {
    cin_census.ReasonForClosure.RC1: "RC1 - Adopted",
    cin_census.ReasonForClosure.RC2: "RC2 - Died",
    cin_census.ReasonForClosure.RC3: "RC3 - Child arrangements order",
    cin_census.ReasonForClosure.RC4: "RC4 - Special guardianship order",
    cin_census.ReasonForClosure.RC5: "RC5 - Transferred to services of another local authority",
    cin_census.ReasonForClosure.RC6: "RC6 - Transferred to adult social care services",
    cin_census.ReasonForClosure.RC7: (
        "RC7 - Services ceased for any other reason, including child no longer in need"
    ),
    cin_census.ReasonForClosure.RC8: "RC8 - Case closed after assessment, no further action",
    cin_census.ReasonForClosure.RC9: ("RC9 - Case closed after assessment, referred to early help"),
}

CATEGORY_OF_ABUSE = {
    cin_census.CategoryOfAbuse.NEG: "a) Neglect",
    cin_census.CategoryOfAbuse.PHY: "b) Physical abuse",
    cin_census.CategoryOfAbuse.SAB: "c) Sexual abuse",
    cin_census.CategoryOfAbuse.EMO: "d) Emotional abuse",
    cin_census.CategoryOfAbuse.MUL: "e) Multiple/not recommended",
}


class CaseStatus:
    """List 6's "Case Status": where the child's episode stands on the day of the export."""

    LOOKED_AFTER = "a) Looked after child"
    CHILD_PROTECTION_PLAN = "b) Child Protection plan"
    CHILD_IN_NEED_PLAN = "c) Child in need plan"
    OPEN_ASSESSMENT = "d) Open assessment"
    CLOSED_EPISODE = "e) Closed episode"
