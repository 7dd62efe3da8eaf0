"""The words follow the practice context, from one table, on every screen."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.terminology import BY_CONTEXT, terms_for
from cases.models import PracticeContext
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    PracticeContext.EARLY_HELP: (
        "Signs of Wellbeing",
        "Critical worry statement",
        "Wellbeing goal",
        "wellbeing scale",
    ),
    PracticeContext.CHILD_IN_NEED: (
        "Signs of Safety",
        "Danger statement",
        "Safety goal",
        "safety scale",
    ),
    PracticeContext.CHILD_PROTECTION: (
        "Signs of Safety",
        "Danger statement",
        "Safety goal",
        "safety scale",
    ),
    PracticeContext.CHILD_IN_CARE: (
        "Signs of Stability",
        "Critical worry statement",
        "Success goal",
        "stability scale",
    ),
    PracticeContext.CARE_LEAVER: (
        "Signs of Stability",
        "Critical worry statement",
        "Success goal",
        "stability scale",
    ),
}


def test_every_practice_context_has_its_words():
    assert set(BY_CONTEXT) == set(PracticeContext)
    for context, (framework, statement, goal, scale) in EXPECTED.items():
        terms = BY_CONTEXT[context]
        assert (terms.framework, terms.worry_statement, terms.goal, terms.scale) == (
            framework,
            statement,
            goal,
            scale,
        )


@pytest.mark.parametrize(
    "context",
    [PracticeContext.EARLY_HELP, PracticeContext.CHILD_PROTECTION, PracticeContext.CHILD_IN_CARE],
)
def test_the_mapping_and_scaling_pages_use_the_words_of_the_context(client, sam, north, context):
    case = CaseFactory(allocated_worker=sam, team=north, practice_context=context)
    assessment = Assessment.start(case=case, by=sam)
    framework, statement, goal, scale = EXPECTED[context]
    others = {words[1] for words in EXPECTED.values()} - {statement}
    client.force_login(sam)

    mapping = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    scaling = client.get(reverse("scaling", args=[case.pk])).content.decode()
    case_page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert f"{framework} mapping" in mapping
    assert f"Add a {statement.lower()}" in mapping
    assert f"{goal.lower()}s" in mapping.lower()
    assert not any(other.lower() in mapping.lower() for other in others)
    assert f"Scaling scores on the {scale}" in scaling
    assert terms_for(case).scaling_question in case_page
    assert terms_for(case).plan in case_page
