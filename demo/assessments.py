"""Invented assessments, scores and children's words for the laptop demo (used by seed_demo)."""

from datetime import date

from assessments.models import (
    Assessment,
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    SafetyGoal,
    ScalingAnswer,
    ThreeHouses,
    WordsAndPictures,
)
from assessments.terminology import terms_for
from cases.models import Case, PartnerAccessGrant
from plans.models import PlanRule, SafetyPlan

C = MappingEntry.Category
FAMILY, CHILD, PROFESSIONAL = (
    ScalingAnswer.Kind.FAMILY,
    ScalingAnswer.Kind.CHILD,
    ScalingAnswer.Kind.PROFESSIONAL,
)

# Keyed by the first subject child's first name.
DEMO = {
    "Leo": {
        "sign_off": True,
        "past_harm": (
            "Daniel shouted at Chloe and threw a plate that smashed against the kitchen wall. "
            "Leo was standing in the doorway.",
            "Three times since the summer, each time after Daniel had been drinking",
            "On 4 October Daniel pushed Chloe into the fridge while she was holding Ava. Leo "
            "hid under the table and wet himself.",
            "Leo has started wetting the bed again and will not go to nursery without Chloe.",
            "Chloe, and Leo's nursery teacher",
            date(2026, 10, 6),
        ),
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
        "next_step": (
            "Meet Sandra and Chloe to agree who Chloe calls if Daniel comes round.",
            "Sam",
            date(2026, 11, 30),
        ),
        "statement": (
            "Sam and the school",
            "Daniel will come to the house after drinking, shout, and throw things or push "
            "Chloe while Leo and Ava are there",
            "Leo or Ava could be badly hurt, and Leo will keep being too frightened to sleep",
            "Chloe says Daniel has never hurt the children and only shouts when he is upset.",
        ),
        "goal": (
            "Leo and Ava are only ever with Daniel at Sandra's house, when he is sober, and "
            "Chloe and Leo say they feel safe at home.",
            "Every week for six months",
        ),
        "scores": [
            (date(2026, 10, 6), "Chloe (mother)", FAMILY, "", 6, "Daniel has moved out."),
            (
                date(2026, 10, 6),
                "Sam Okafor",
                PROFESSIONAL,
                "Children's services",
                3,
                "Daniel still comes round after drinking.",
            ),
            (
                date(2026, 10, 27),
                "Chloe (mother)",
                FAMILY,
                "",
                7,
                "Sandra comes every evening now.",
            ),
            (
                date(2026, 10, 27),
                "Sandra (grandmother)",
                FAMILY,
                "",
                5,
                "I worry when I am not there.",
            ),
            (
                date(2026, 10, 27),
                "Ms Adeyemi",
                PROFESSIONAL,
                "Riverside Primary School",
                4,
                "Leo is calmer but still tired.",
            ),
            (date(2026, 11, 17), "Leo", CHILD, "", 6, "Daddy does not shout at our house now."),
            (
                date(2026, 11, 17),
                "Sam Okafor",
                PROFESSIONAL,
                "Children's services",
                5,
                "Nobody has seen Daniel at the house for three weeks.",
            ),
        ],
        "houses": (
            "When Daddy shouts and the plate broke. When Mummy cries.",
            "Nanny Sandra's house. My scooter. Baby Ava laughing.",
            "Daddy comes to the park and is nice. I want a dog.",
        ),
        "explanation": "Leo, some grown-ups got worried because Daddy shouted and threw a "
        "plate, and that was scary for you. It is never your fault. Mummy, Nanny Sandra and "
        "Sam are making a plan so that home feels safe and calm.",
    },
    "Mia": {
        "sign_off": False,
        "entries": [
            (
                C.FUTURE_DANGER,
                "If Mia keeps missing the start of school she may fall behind with reading.",
                "Riverside Primary School",
            ),
            (C.STRENGTH, "Jade reads with Mia every night she is not working.", "Jade"),
        ],
        "scores": [
            (date(2026, 9, 14), "Jade (mother)", FAMILY, "", 6, "Grandad helps a lot."),
            (
                date(2026, 10, 12),
                "Ruth Adeyemi",
                PROFESSIONAL,
                "Riverside Primary School",
                5,
                "Mia is on time more often.",
            ),
            (
                date(2026, 11, 9),
                "Jade (mother)",
                FAMILY,
                "",
                8,
                "Mia has not been late for a month.",
            ),
        ],
        "houses": (
            "Being late and everyone looking at me.",
            "Grandad's pancakes. Reading with Mum.",
            "To be a vet and have a rabbit.",
        ),
    },
    "Jordan": {
        "sign_off": False,
        "entries": [
            (
                C.STRENGTH,
                "Jordan has been at Grace's for 17 months and goes to football every Saturday.",
                "Grace (foster carer)",
            ),
        ],
        "scores": [
            (date(2026, 6, 1), "Jordan", CHILD, "", 7, "I like it at Grace's."),
            (
                date(2026, 9, 1),
                "Alex Brennan",
                PROFESSIONAL,
                "Children's services",
                7,
                "Settled at school.",
            ),
            (date(2026, 11, 2), "Grace (foster carer)", FAMILY, "", 8, "He is doing really well."),
        ],
        "houses": ("Mum not coming to contact.", "Football. Grace's dog.", "Play for Leeds."),
    },
    "Ella": {
        "sign_off": False,
        "entries": [
            (
                C.EXISTING_SAFETY,
                "Hannah left home with Ella and went to the refuge the same "
                "night her ex-partner threatened her.",
                "Hannah",
            ),
        ],
        "scores": [
            (date(2026, 11, 3), "Hannah (mother)", FAMILY, "", 6, "We are safe here."),
            (
                date(2026, 11, 10),
                "Morgan Hughes",
                PROFESSIONAL,
                "Children's services",
                5,
                "Safe for now; the refuge is short term.",
            ),
            (date(2026, 11, 24), "Ella", CHILD, "", 7, "I like my new school."),
        ],
        "houses": ("That he finds us.", "My new friend Aisha.", "A house with a garden."),
    },
}


def seed_assessments(users):
    for case in Case.objects.prefetch_related("children"):
        child = next((c for c in case.children.all() if c.first_name in DEMO), None)
        if child is None or case.assessments.exists():
            continue
        demo = DEMO[child.first_name]
        worker = case.allocated_worker
        assessment = Assessment.start(case=case, by=worker)
        for category, text, source in demo["entries"]:
            MappingEntry.objects.create(
                assessment=assessment,
                category=category,
                text=text,
                source=source,
                noted_on=case.opened_on,
            )
        if "past_harm" in demo:
            behaviour, frequency, worst, impact, source, noted_on = demo["past_harm"]
            PastHarm.objects.create(
                assessment=assessment,
                behaviour=behaviour,
                frequency=frequency,
                worst_incident=worst,
                impact_on_child=impact,
                source=source,
                noted_on=noted_on,
            )
        if "next_step" in demo:
            what, who, by_when = demo["next_step"]
            NextStep.objects.create(
                case=case, assessment=assessment, what=what, who=who, by_when=by_when
            )
        if "statement" in demo:
            who, behaviour, impact, family_view = demo["statement"]
            statement = DangerStatement.objects.create(
                assessment=assessment,
                who_is_worried=who,
                worried_behaviour=behaviour,
                likely_impact=impact,
                family_view=family_view,
            )
            seen, how_long = demo["goal"]
            SafetyGoal.objects.create(
                danger_statement=statement, what_needs_to_be_seen=seen, how_long=how_long
            )
        if demo["sign_off"]:
            assessment.submit(by=worker)
            assessment.sign_off(by=users["morgan"])
        for answered_on, name, kind, agency, score, reason in demo["scores"]:
            ScalingAnswer.objects.create(
                case=case,
                question=terms_for(case).scaling_question,
                respondent_kind=kind,
                respondent_name=name,
                agency=agency,
                score=score,
                reason=reason,
                answered_on=answered_on,
                recorded_by=worker,
            )
        worries, good_things, dreams = demo["houses"]
        ThreeHouses.objects.create(
            case=case,
            child=child,
            house_of_worries=worries,
            house_of_good_things=good_things,
            house_of_dreams=dreams,
            recorded_on=demo["scores"][-1][0],
            recorded_by=worker,
        )
        if "explanation" in demo:
            WordsAndPictures.objects.create(case=case, child=child, explanation=demo["explanation"])


PLAN_RULES = [
    (
        "Daniel only sees Leo and Ava at Sandra's house, and only when he has not been drinking.",
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
    (
        "Leo goes to nursery every day, and nursery tell Sam straight away if he is upset or "
        "says something worrying.",
        "",
        "Ms Adeyemi, Riverside Primary School",
        "Nursery's weekly note to Sam.",
    ),
]


def seed_plans(users):
    """An approved plan in two versions for the Reid children, and Pat invited to see it."""
    case = Case.objects.filter(children__first_name="Leo", children__last_name="Reid").first()
    if case is None or case.safety_plans.exists():
        return
    sam, morgan = users["sam"], users["morgan"]
    sandra = case.safety_network.get(person__first_name="Sandra")
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
    for what, network_first_name, professional, how in PLAN_RULES[:2]:
        PlanRule.objects.create(
            plan=plan,
            what_will_happen=what,
            network_member=sandra if network_first_name else None,
            professional=professional,
            how_we_will_know=how,
        )
    plan.approve(by=morgan)
    second = plan.start_new_version(by=sam)
    what, _, professional, how = PLAN_RULES[2]
    PlanRule.objects.create(
        plan=second, what_will_happen=what, professional=professional, how_we_will_know=how
    )
    second.review_date = date(2027, 3, 1)
    second.save()
    second.approve(by=morgan)
    PartnerAccessGrant.objects.create(
        case=case,
        partner=users["pat"],
        granted_by=morgan,
        valid_from=date(2026, 11, 1),
        valid_until=date(2027, 11, 1),
    )
