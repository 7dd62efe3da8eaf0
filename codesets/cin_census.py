"""The Children in Need census, collection year 2026 to 2027: its code lists, each named after the
specification's item, with a plain label for the screens.

Next year's changes touch this module only. A code's label is what a worker reads in a form; the
code itself is what the census XML holds. Models use these lists as their choices, so a code
that is not in the list cannot be saved.
"""

import datetime

from django.db import models

COLLECTION = "CIN"
# The specification's year is the year its collection ends: 2027 for 2026 to 2027.
SPECIFICATION_YEAR = 2027


def reference_date(year):
    """The census reference date, the last day of the collection year: 31 March."""
    return datetime.date(year, 3, 31)


def collection_start(year):
    """The first day of the collection year: 1 April of the year before."""
    return datetime.date(year - 1, 4, 1)


# A unique pupil number's first character is a check letter on the other twelve (the
# Department's UPN guide): each character times its position (2 to 13), summed, modulo 23,
# read in this alphabet. A letter in the last place (a temporary number) counts by its place in
# the same alphabet.
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(upn):
    """The check letter the rest of `upn` (13 characters, already in capitals) calls for."""
    values = [
        int(character) if character.isdigit() else UPN_CHECK_LETTERS.index(character)
        for character in upn[1:]
    ]
    total = sum(value * weight for weight, value in enumerate(values, start=2))
    return UPN_CHECK_LETTERS[total % 23]


class Sex(models.TextChoices):
    """<Sex> (N00783). Derived from what the child's details record, never asked twice."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    NOT_KNOWN = "U", "Not known or not recorded"


class Ethnicity(models.TextChoices):
    """<Ethnicity> (N00177)."""

    WBRI = "WBRI", "White: English, Welsh, Scottish, Northern Irish or British"
    WIRI = "WIRI", "White: Irish"
    WIRT = "WIRT", "White: Traveller of Irish heritage"
    WROM = "WROM", "White: Gypsy or Roma"
    WOTH = "WOTH", "White: any other White background"
    MWBC = "MWBC", "Mixed: White and Black Caribbean"
    MWBA = "MWBA", "Mixed: White and Black African"
    MWAS = "MWAS", "Mixed: White and Asian"
    MOTH = "MOTH", "Mixed: any other mixed background"
    AIND = "AIND", "Asian or Asian British: Indian"
    APKN = "APKN", "Asian or Asian British: Pakistani"
    ABAN = "ABAN", "Asian or Asian British: Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British: any other Asian background"
    BCRB = "BCRB", "Black or Black British: Caribbean"
    BAFR = "BAFR", "Black or Black British: African"
    BOTH = "BOTH", "Black or Black British: any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "The child or family did not want to say"
    NOBT = "NOBT", "Not asked yet"


class Disability(models.TextChoices):
    """<Disability> (N00099). A child may have several; NONE stands alone."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility: getting about"
    HAND = "HAND", "Hand function: using hands"
    PC = "PC", "Personal care: eating, washing, dressing"
    INC = "INC", "Continence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness: seizures"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Equality Act"


class UPNUnknown(models.TextChoices):
    """<UPNunknown> (N00135): why a child has no unique pupil number."""

    UN1 = "UN1", "Under 6 and not yet at school"
    UN2 = "UN2", "Has never attended a school in England"
    UN3 = "UN3", "Educated outside school, for example at home"
    UN4 = "UN4", "Newly arrived from abroad, and no number given yet"
    UN5 = "UN5", "School records disagree about the child's name or date of birth"
    UN7 = "UN7", "Referral with no further action"


class ReferralSource(models.TextChoices):
    """<ReferralSource> (N00152): who made the referral."""

    FAMILY = "1A", "Family member, relative or carer"
    ACQUAINTANCE = "1B", "Someone who knows the family, such as a neighbour or childminder"
    SELF = "1C", "The child themselves"
    INDIVIDUAL_OTHER = "1D", "Another person"
    SCHOOL = "2A", "School"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "GP"
    HEALTH_VISITOR = "3B", "Health visitor"
    SCHOOL_NURSE = "3C", "School nurse"
    PRIMARY_HEALTH_OTHER = "3D", "Other primary health services"
    EMERGENCY_DEPARTMENT = "3E", "A&E (emergency department)"
    HEALTH_OTHER = "3F", "Other health services"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Council social care, such as adult services"
    LA_OTHER_INTERNAL = "5B", "Another council department"
    LA_EXTERNAL = "5C", "Another council's social care"
    LA_EARLY_HELP = "5D", "Early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Courts, probation, prison or immigration"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Not known"


class PrimaryNeed(models.TextChoices):
    """<PrimaryNeedCode> (N00101): the main reason the child needs services."""

    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "The child's disability or illness"
    N3 = "N3", "A parent's disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class ReasonForClosure(models.TextChoices):
    """<ReasonForClosure> (N00103)."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Moved to another council's services"
    RC6 = "RC6", "Moved to adult social care"
    RC7 = "RC7", "Services ended for another reason, including no longer in need"
    RC8 = "RC8", "Closed after assessment: no further action"
    RC9 = "RC9", "Closed after assessment: referred to early help"


class CategoryOfAbuse(models.TextChoices):
    """<InitialCategoryOfAbuse> (N00113) and <LatestCategoryOfAbuse> (N00114)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


class AssessmentFactor(models.TextChoices):
    """<AssessmentFactors> (N00181): what the assessment found. 21 stands alone."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: a parent or carer"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: a parent or carer"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: another person"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING = "8B", "Privately fostered: other"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8C", "Privately fostered: from abroad, will return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8D", "Privately fostered: from abroad, will stay"
    PRIVATE_FOSTERING_UK_ARRANGEMENT = "8E", "Privately fostered: UK family arrangement"
    PRIVATE_FOSTERING_UK_EDUCATION = "8F", "Privately fostered: UK education arrangement"
    ASYLUM_SEEKING = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going missing"
    SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Physical abuse: by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Physical abuse: by an adult"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Sexual abuse: by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Sexual abuse: by an adult"
    FGM = "20", "Female genital mutilation"
    NONE_IDENTIFIED = "21", "No factors identified"
    FAITH_OR_BELIEF = "22A", "Abuse linked to faith or belief"
    CRIMINAL_EXPLOITATION = "23A", "Child criminal exploitation"
    HOMELESSNESS = "24A", "Homelessness"
