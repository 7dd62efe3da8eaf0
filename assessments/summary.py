"""What the case page shows of the assessments: versions, scores and each child's own words."""

from django.db.models import Exists, OuterRef, Q

from assessments.models import SafetyPlan, WordsAndPictures
from assessments.scaling_chart import scaling_chart, spread
from assessments.terminology import terms_for
from cases.models import PracticeContext, SubjectChild


def assessment_summary(case, children):
    """Context for the case page. A fixed number of queries, however much is recorded."""
    answers = list(case.scaling_answers.all())  # oldest first: answered_on, then pk
    # Each person's most recent answer, as ScalingAnswer.objects.latest_per_person() finds it,
    # from the answers already loaded.
    newest = {(answer.respondent_kind, answer.respondent_name): answer for answer in answers}
    latest = [newest[key] for key in sorted(newest)]
    houses = {}
    for record in case.three_houses.all():
        houses.setdefault(record.child_id, record)  # newest first, so the first is the latest
    explanations = {record.child_id: record for record in case.words_and_pictures.all()}
    for child in children:
        child.latest_three_houses = houses.get(child.pk)
        child.explanation = explanations.get(child.pk)
    assessments = list(case.assessments.select_related("signed_off_by"))
    current_assessment = assessments[0] if assessments else None
    next_steps = case.next_steps.filter(
        Q(assessment=None) | Q(assessment=current_assessment)
    ).filter(done=False)
    return {
        "terms": terms_for(case),
        "next_steps": list(next_steps.order_by("by_when")),
        "assessments": assessments,
        "plans": list(case.safety_plans.select_related("approved_by")),
        "latest": latest,
        "spread": spread(latest),
        "chart": scaling_chart(answers),
    }


def children_without_explanation(cases):
    """Children on a child protection plan who have no words and pictures explanation yet."""
    explained = WordsAndPictures.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    return (
        SubjectChild.objects.filter(
            case__in=cases.filter(practice_context=PracticeContext.CHILD_PROTECTION)
        )
        .exclude(Exists(explained))
        .select_related("child", "case")
        .order_by("case__reference", "child__first_name")
    )


def current_plans(cases):
    """For each case, its latest approved plan (or None). One query for all the cases."""
    latest = {}
    for plan in SafetyPlan.objects.approved().filter(case__in=cases).order_by("case", "-number"):
        latest.setdefault(plan.case_id, plan)
    return latest
