"""Invented assessments, scores and children's words for the laptop demo (used by seed_demo)."""

from datetime import date
from typing import NamedTuple

from assessments.models import Assessment, MappingEntry, SafetyGoal, ScalingAnswer
from assessments.terminology import terms_for
from cases.models import Case, PartnerAccessGrant
from plans.models import SafetyPlan

C = MappingEntry.Category
FAMILY, CHILD, PROFESSIONAL = (
    ScalingAnswer.Kind.FAMILY,
    ScalingAnswer.Kind.CHILD,
    ScalingAnswer.Kind.PROFESSIONAL,
)


class Respondent(NamedTuple):
    """Someone who answers the scaling question. Only professionals name an agency."""

    name: str
    kind: str
    agency: str = ""


# Everyone who answers the scaling question, so each name and agency is written once.
CHLOE = Respondent("Chloe (mother)", FAMILY)
SANDRA = Respondent("Sandra (grandmother)", FAMILY)
LEO = Respondent("Leo", CHILD)
JADE = Respondent("Jade (mother)", FAMILY)
JORDAN = Respondent("Jordan", CHILD)
GRACE = Respondent("Grace (foster carer)", FAMILY)
HANNAH = Respondent("Hannah (mother)", FAMILY)
ELLA = Respondent("Ella", CHILD)
SAM = Respondent("Sam Okafor", PROFESSIONAL, "Children's services")
ALEX = Respondent("Alex Brennan", PROFESSIONAL, "Children's services")
MORGAN = Respondent("Morgan Hughes", PROFESSIONAL, "Children's services")
MS_ADEYEMI = Respondent("Ms Adeyemi", PROFESSIONAL, "Riverside Primary School")
RUTH_ADEYEMI = Respondent("Ruth Adeyemi", PROFESSIONAL, "Riverside Primary School")


# Below, each family is known by the first name of its case's first subject child.

# The case's first assessment. Only the Reid children's goes on to be signed off.
ASSESSMENTS = {
    "Leo": {
        "entries": [
            (
                C.FUTURE_DANGER,
                "If Daniel keeps coming to the house after drinking, Leo or Ava "
                "could be hurt when he throws things, and Leo will keep being frightened at home.",
                "Sam (social worker)",
            ),
            (
                C.COMPLICATING_FACTOR,
                "Chloe has no phone credit most weeks, so she cannot always call for help.",
                "Chloe",
            ),
            (
                C.STRENGTH,
                "Chloe gets both children to nursery and the health visitor on time, "
                "clean and fed.",
                "Health visitor",
            ),
            (
                C.EXISTING_SAFETY,
                "On 4 October Chloe took the children to Sandra's house and "
                "stayed there for three nights.",
                "Sandra (grandmother)",
            ),
            (
                C.FAMILY_GOAL,
                "Chloe wants Daniel to see the children only at Sandra's house, and "
                "only when he has not been drinking.",
                "Chloe",
            ),
            (
                C.AGENCY_GOAL,
                "Everyone needs to see that Leo and Ava are never at home when "
                "Daniel has been drinking.",
                "Sam (social worker)",
            ),
        ],
        "past_harm": {
            "behaviour": "Daniel shouted at Chloe and threw a plate that smashed against the "
            "kitchen wall. Leo was standing in the doorway.",
            "frequency": "Three times since the summer, each time after Daniel had been drinking",
            "worst_incident": "On 4 October Daniel pushed Chloe into the fridge while she was "
            "holding Ava. Leo hid under the table and wet himself.",
            "impact_on_child": "Leo has started wetting the bed again and will not go to nursery "
            "without Chloe.",
            "source": "Chloe, and Leo's nursery teacher",
            "noted_on": date(2026, 10, 6),
        },
        "next_step": {
            "what": "Meet Sandra and Chloe to agree who Chloe calls if Daniel comes round.",
            "who": "Sam",
            "by_when": date(2026, 11, 30),
        },
        "statement": {
            "who_is_worried": "Sam and the school",
            "worried_behaviour": "Daniel will come to the house after drinking, shout, and throw "
            "things or push Chloe while Leo and Ava are there",
            "likely_impact": "Leo or Ava could be badly hurt, and Leo will keep being too "
            "frightened to sleep",
            "family_view": "Chloe says Daniel has never hurt the children and only shouts when "
            "he is upset.",
        },
        "goal": {
            "what_needs_to_be_seen": "Leo and Ava are only ever with Daniel at Sandra's house, "
            "when he is sober, and Chloe and Leo say they feel safe at home.",
            "how_long": "Every week for six months",
        },
        # What the assessment found, as the census codes it: domestic abuse and a parent's
        # drinking, and the emotional harm of seeing it.
        "factors": ["3B", "1B", "17A"],
        "sign_off": True,
    },
    "Mia": {
        "entries": [
            (
                C.FUTURE_DANGER,
                "If Mia keeps missing the start of school she may fall behind with reading.",
                "Riverside Primary School",
            ),
            (C.STRENGTH, "Jade reads with Mia every night she is not working.", "Jade"),
        ],
    },
    "Jordan": {
        "entries": [
            (
                C.STRENGTH,
                "Jordan has been at Grace's for 17 months and goes to football every Saturday.",
                "Grace (foster carer)",
            ),
        ],
    },
    "Ella": {
        "entries": [
            (
                C.EXISTING_SAFETY,
                "Hannah left home with Ella and went to the refuge the same "
                "night her ex-partner threatened her.",
                "Hannah",
            ),
        ],
    },
}

# Answers to the scaling question, each child's oldest first:
# (the child, the date, who answered, their score, why that number).
SCALING_ANSWERS = [
    ("Leo", date(2026, 10, 6), CHLOE, 6, "Daniel has moved out."),
    ("Leo", date(2026, 10, 6), SAM, 3, "Daniel still comes round after drinking."),
    ("Leo", date(2026, 10, 27), CHLOE, 7, "Sandra comes every evening now."),
    ("Leo", date(2026, 10, 27), SANDRA, 5, "I worry when I am not there."),
    ("Leo", date(2026, 10, 27), MS_ADEYEMI, 4, "Leo is calmer but still tired."),
    ("Leo", date(2026, 11, 17), LEO, 6, "Daddy does not shout at our house now."),
    ("Leo", date(2026, 11, 17), SAM, 5, "Nobody has seen Daniel at the house for three weeks."),
    ("Mia", date(2026, 9, 14), JADE, 6, "Grandad helps a lot."),
    ("Mia", date(2026, 10, 12), RUTH_ADEYEMI, 5, "Mia is on time more often."),
    ("Mia", date(2026, 11, 9), JADE, 8, "Mia has not been late for a month."),
    ("Jordan", date(2026, 6, 1), JORDAN, 7, "I like it at Grace's."),
    ("Jordan", date(2026, 9, 1), ALEX, 7, "Settled at school."),
    ("Jordan", date(2026, 11, 2), GRACE, 8, "He is doing really well."),
    ("Ella", date(2026, 11, 3), HANNAH, 6, "We are safe here."),
    ("Ella", date(2026, 11, 10), MORGAN, 5, "Safe for now; the refuge is short term."),
    ("Ella", date(2026, 11, 24), ELLA, 7, "I like my new school."),
]

# The child's three houses, in their own words.
THREE_HOUSES = {
    "Leo": {
        "house_of_worries": "When Daddy shouts and the plate broke. When Mummy cries.",
        "house_of_good_things": "Nanny Sandra's house. My scooter. Baby Ava laughing.",
        "house_of_dreams": "Daddy comes to the park and is nice. I want a dog.",
    },
    "Mia": {
        "house_of_worries": "Being late and everyone looking at me.",
        "house_of_good_things": "Grandad's pancakes. Reading with Mum.",
        "house_of_dreams": "To be a vet and have a rabbit.",
    },
    "Jordan": {
        "house_of_worries": "Mum not coming to contact.",
        "house_of_good_things": "Football. Grace's dog.",
        "house_of_dreams": "Play for Leeds.",
    },
    "Ella": {
        "house_of_worries": "That he finds us.",
        "house_of_good_things": "My new friend Aisha.",
        "house_of_dreams": "A house with a garden.",
    },
}

# Words and pictures: what has happened, explained to the child.
EXPLANATIONS = {
    "Leo": "Leo, some grown-ups got worried because Daddy shouted and threw a plate, and that "
    "was scary for you. It is never your fault. Mummy, Nanny Sandra and Sam are making a plan "
    "so that home feels safe and calm.",
}


def seed_assessments(users):
    for case in Case.objects.prefetch_related("children"):
        child = next((c for c in case.children.all() if c.first_name in ASSESSMENTS), None)
        if child is None or case.assessments.exists():
            continue
        worker = case.allocated_worker
        answers = [row[1:] for row in SCALING_ANSWERS if row[0] == child.first_name]
        write_assessment(case, ASSESSMENTS[child.first_name], by=worker, manager=users["morgan"])
        record_scaling_answers(case, answers, by=worker)
        # The child talked through their three houses on the day of their latest answer.
        record_child_words(case, child, on=answers[-1][0], by=worker)


def write_assessment(case, parts, *, by, manager):
    """The case's first assessment, submitted and signed off where the demo says so."""
    assessment = Assessment.start(case=case, by=by)
    words = {"written_by": by, "changed_by": by}  # the worker wrote every demo entry
    for category, text, source in parts["entries"]:
        assessment.entries.create(
            category=category, text=text, source=source, noted_on=case.opened_on, **words
        )
    if "past_harm" in parts:
        assessment.past_harms.create(**parts["past_harm"], **words)
    if "next_step" in parts:
        assessment.next_steps.create(case=case, **parts["next_step"], **words)
    if "statement" in parts:
        statement = assessment.danger_statements.create(**parts["statement"], **words)
        SafetyGoal.objects.create(danger_statement=statement, **parts["goal"], **words)
    if parts.get("factors"):
        assessment.factors = parts["factors"]
        assessment._history_user = by
        assessment.save()
    # Signed off where the demo says so; otherwise waiting in the team manager's queue, except
    # on the restricted case, whose draft only its named people see.
    if parts.get("sign_off") or not case.restricted:
        assessment.submit(by=by)
    if parts.get("sign_off"):
        assessment.sign_off(by=manager)


def record_scaling_answers(case, answers, *, by):
    question = terms_for(case).scaling_question
    for answered_on, respondent, score, reason in answers:
        case.scaling_answers.create(
            question=question,
            respondent_kind=respondent.kind,
            respondent_name=respondent.name,
            agency=respondent.agency,
            score=score,
            reason=reason,
            answered_on=answered_on,
            recorded_by=by,
        )


def record_child_words(case, child, *, on, by):
    """The child's three houses, and their words and pictures where there are some."""
    case.three_houses.create(
        child=child, recorded_on=on, recorded_by=by, **THREE_HOUSES[child.first_name]
    )
    if child.first_name in EXPLANATIONS:
        case.words_and_pictures.create(child=child, explanation=EXPLANATIONS[child.first_name])


# The Reid children's plan rules, by the version that adds them: what will happen, who in the
# safety network is responsible (a first name) or else which professional, and how everyone
# will know it is working.
PLAN_RULES = {
    1: [
        (
            "Daniel only sees Leo and Ava at Sandra's house, and only when he has not been "
            "drinking.",
            "Sandra",
            "",
            "Sandra tells Sam after every visit. Leo says visits at Nanny's are calm.",
        ),
        (
            "Chloe keeps her phone charged and topped up, so she can always call Sandra or 999.",
            "",
            "Chloe, with credit bought by Sam each week",
            "Chloe shows Sam her phone at each visit.",
        ),
    ],
    2: [
        (
            "Leo goes to nursery every day, and nursery tell Sam straight away if he is upset or "
            "says something worrying.",
            "",
            "Ms Adeyemi, Riverside Primary School",
            "Nursery's weekly note to Sam.",
        ),
    ],
}


def seed_plans(users):
    """An approved plan in two versions for the Reid children, and Pat invited to see it."""
    case = Case.objects.filter(children__first_name="Leo", children__last_name="Reid").first()
    if case is None or case.safety_plans.exists():
        return
    sam, morgan = users["sam"], users["morgan"]
    plan = SafetyPlan.start(case=case, by=sam)
    plan.worry_signs = (
        "Daniel comes to the house, or rings Chloe late at night. Leo starts wetting the bed "
        "again or will not go to nursery."
    )
    plan.who_to_call = (
        "1. Sandra Reid (grandmother): 07700 900 111.\n2. Sam Okafor (social worker): "
        "01632 960 500, weekdays.\n3. Out of hours: 01632 960 999.\n4. In an emergency: 999."
    )
    plan.what_each_person_will_do = (
        "Chloe takes the children to Sandra's. Sandra lets Sam know the same day. Nursery "
        "tells Sam if Leo says anything worrying."
    )
    plan.review_date = date(2027, 2, 1)
    plan.save()
    add_rules(plan, PLAN_RULES[1])
    plan.submit(by=sam)
    plan.approve(by=morgan)
    second = plan.start_new_version(by=sam)
    add_rules(second, PLAN_RULES[2])
    second.review_date = date(2027, 3, 1)
    second.save()
    second.submit(by=sam)
    second.approve(by=morgan)
    seed_waiting_plan(sam)
    PartnerAccessGrant.objects.create(
        case=case,
        partner=users["pat"],
        granted_by=morgan,
        valid_from=date(2026, 11, 1),
        valid_until=date(2027, 11, 1),
    )


def seed_waiting_plan(sam):
    """Mia's first wellbeing plan, submitted and waiting in Morgan's queue."""
    case = Case.objects.filter(children__first_name="Mia", children__last_name="Carter").first()
    if case is None or case.safety_plans.exists():
        return
    plan = SafetyPlan.start(case=case, by=sam)
    plan.review_date = date(2027, 3, 1)
    plan.save()
    add_rules(
        plan,
        [
            (
                "Grandad Ron takes Mia to school on the mornings Jade starts work early.",
                None,
                "Ron Carter, grandad",
                "Mia's teacher tells Sam if Mia is late or misses breakfast club.",
            )
        ],
    )
    plan.submit(by=sam)


def add_rules(plan, rules):
    for what, network_first_name, professional, how in rules:
        member = None
        if network_first_name:
            member = plan.case.safety_network.get(person__first_name=network_first_name)
        plan.rules.create(
            what_will_happen=what,
            network_member=member,
            professional=professional,
            how_we_will_know=how,
            written_by=plan.created_by,
            changed_by=plan.created_by,
        )
