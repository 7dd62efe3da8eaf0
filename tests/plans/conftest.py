import pytest

from plans.models import PlanRule, SafetyPlan


@pytest.fixture
def plan(reid_case, sam):
    return SafetyPlan.start(case=reid_case, by=sam)


@pytest.fixture
def rule(plan):
    return PlanRule.objects.create(
        plan=plan,
        what_will_happen="Daniel only sees Leo at Sandra's house, when he is sober.",
        professional="Sam Okafor, social worker",
        how_we_will_know="Sandra tells Sam after every visit.",
    )


@pytest.fixture
def approved_plan(plan, rule, morgan):
    plan.worry_signs = "Daniel rings late at night."
    plan.who_to_call = "Sandra: 07700 900 111"
    plan.what_each_person_will_do = "Chloe takes the children to Sandra's."
    plan.save()
    plan.submit(by=plan.created_by)
    plan.approve(by=morgan)
    return plan
