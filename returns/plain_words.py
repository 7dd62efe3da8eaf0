"""The census's item names in the words a data officer and a social worker use, so a failure
reads "child protection plan end date", not "CPPendDate"."""

ITEM_WORDS = {
    "LAchildID": "child's ID",
    "UPN": "unique pupil number",
    "FormerUPN": "former unique pupil number",
    "UPNunknown": "reason there is no unique pupil number",
    "PersonBirthDate": "date of birth",
    "ExpectedPersonBirthDate": "expected date of birth",
    "Sex": "sex",
    "GenderCurrent": "sex",
    "PersonDeathDate": "date of death",
    "Ethnicity": "ethnicity",
    "Disability": "disability",
    "CINreferralDate": "referral date",
    "ReferralSource": "who made the referral",
    "PrimaryNeedCode": "main need",
    "CINclosureDate": "date the case closed",
    "ReasonForClosure": "reason for closing",
    "DateOfInitialCPC": "date of the initial child protection conference",
    "ReferralNFA": "referral with no further action",
    "AssessmentActualStartDate": "assessment start date",
    "AssessmentInternalReviewDate": "assessment review date",
    "AssessmentAuthorisationDate": "date the assessment was signed off",
    "AssessmentFactors": "factors identified at assessment",
    "AssessmentFactor": "factors identified at assessment",
    "CINPlanStartDate": "child in need plan start date",
    "CINPlanEndDate": "child in need plan end date",
    "S47ActualStartDate": "section 47 enquiry start date",
    "InitialCPCtarget": "target date for the initial conference",
    "ICPCnotRequired": "no conference needed",
    "CPPstartDate": "child protection plan start date",
    "CPPendDate": "child protection plan end date",
    "InitialCategoryOfAbuse": "first category of the plan",
    "LatestCategoryOfAbuse": "latest category of the plan",
    "NumberOfPreviousCPP": "number of earlier child protection plans",
    "CPPreviewDate": "review conference date",
    "ReferenceDate": "census reference date",
}


def item_words(item):
    """`item` may be one name or several joined by commas, as the validator reports them."""
    names = [name.strip() for name in str(item or "").split(",") if name.strip()]
    return ", ".join(ITEM_WORDS.get(name, name) for name in names)
