"""What the case page shows of the assessments: versions, scores and each child's own words."""

import functools
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, JSONField, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject

from assessments.models import ThreeHouses, WordsAndPictures
from assessments.scaling_chart import scaling_chart, spread
from assessments.terminology import terms_for
from cases import pages
from cases.models import PracticeContext, SubjectChild, User, manager_keys, open_team_cases_of
from sos_site.prepared import Prepared


@dataclass(frozen=True)
class LatestThreeHouses:
    """What the case page shows of a child's most recent three houses conversation."""

    house_of_worries: str
    house_of_good_things: str
    house_of_dreams: str
    recorded_on: date
    recorded_by: str  # the name, as the User model shows it


@functools.cache
def _children_with_their_voice():
    """The case's children with their voice, and what other apps show of each child
    (cases.pages.annotate_children_with, registered as the apps load), as a queryset built once
    per process: resolving its subqueries cost more than running them.
    children_with_their_voice() filters it."""
    houses = ThreeHouses.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    houses = houses.order_by("-recorded_on", "-pk").values(
        latest=JSONObject(
            house_of_worries="house_of_worries",
            house_of_good_things="house_of_good_things",
            house_of_dreams="house_of_dreams",
            recorded_on="recorded_on",
            first_name="recorded_by__first_name",
            last_name="recorded_by__last_name",
            username="recorded_by__username",
        )
    )
    explanation = WordsAndPictures.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    children = SubjectChild.objects.select_related("child").annotate(
        houses=Subquery(houses[:1], output_field=JSONField()),
        explanation=Subquery(explanation.values("explanation")[:1]),
    )
    return pages.with_child_annotations(children).order_by(
        "child__last_name", "child__first_name", "child"
    )


def children_with_their_voice(case):
    """The case's children, each with their latest three houses (`latest_three_houses`) and
    their words and pictures explanation (`explanation`), in one query."""
    children = []
    for entry in _children_with_their_voice().filter(case=case):
        child = pages.carry_child_annotations(entry)
        child.explanation = entry.explanation
        child.latest_three_houses = _three_houses(entry.houses) if entry.houses else None
        children.append(child)
    return children


def _three_houses(record):
    return LatestThreeHouses(
        house_of_worries=record["house_of_worries"],
        house_of_good_things=record["house_of_good_things"],
        house_of_dreams=record["house_of_dreams"],
        recorded_on=date.fromisoformat(record["recorded_on"]),
        recorded_by=str(
            User(
                first_name=record["first_name"],
                last_name=record["last_name"],
                username=record["username"],
            )
        ),
    )


def assessment_summary(case):
    """Context for the case page. A fixed number of queries, however much is recorded."""
    answers = list(case.scaling_answers.all())  # oldest first: answered_on, then pk
    # Each person's most recent answer, as ScalingAnswer.objects.latest_per_person() finds it,
    # from the answers already loaded.
    newest = {(answer.respondent_kind, answer.respondent_name): answer for answer in answers}
    latest = [newest[key] for key in sorted(newest)]
    assessments = list(case.assessments.select_related("decided_by"))
    current_assessment = assessments[0] if assessments else None
    next_steps = case.next_steps.filter(
        Q(assessment=None) | Q(assessment=current_assessment)
    ).filter(done=False)
    return {
        "terms": terms_for(case),
        "next_steps": list(next_steps.order_by("by_when")),
        "assessments": assessments,
        "latest": latest,
        "spread": spread(latest),
        "chart": scaling_chart(answers),
    }


def case_page_context(request, case):
    """The case page's assessment and scaling sections."""
    return assessment_summary(case)


def children_without_explanation(cases):
    """Children on a child protection plan who have no words and pictures explanation yet."""
    explained = WordsAndPictures.objects.filter(case=OuterRef("case"), child=OuterRef("child"))
    return (
        SubjectChild.objects.filter(
            case__in=cases.filter(practice_context=PracticeContext.CHILD_PROTECTION)
        )
        .exclude(Exists(explained))
        .select_related("child", "case")
        .only("case__reference", "child__first_name", "child__last_name")
        .order_by("case__reference", "child__first_name")
    )


def team_children_context(request, page):
    """A manager's home page: the team's children on a plan with no words and pictures yet."""
    keys = manager_keys(request.user)
    if keys is None:
        return {"children_without_explanation": []}
    return {"children_without_explanation": _team_children(*keys)}


@Prepared
def _team_children(user_pk, own_team, *managed):
    """team_children_context()'s query, compiled once per process (sos_site.prepared)."""
    return children_without_explanation(open_team_cases_of(user_pk, own_team, *managed))
