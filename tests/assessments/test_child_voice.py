"""The child's own words (Three Houses) and the Words and Pictures explanation."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import ThreeHouses, WordsAndPictures
from cases.models import User
from tests.factories import CaseFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HOUSES = {
    "house_of_worries": "When Daddy shouts and the plate broke.",
    "house_of_good_things": "Nanny Sandra's house. My scooter.",
    "house_of_dreams": "I want a dog.",
    "recorded_on_0": "17",
    "recorded_on_1": "11",
    "recorded_on_2": "2026",
}


def test_three_houses_are_saved_in_the_childs_words_and_shown_as_theirs(client, sam, reid_case):
    leo = reid_case.children.get()
    client.force_login(sam)

    response = client.post(reverse("three_houses_add", args=[reid_case.pk, leo.pk]), HOUSES)

    assert response["Location"] == reverse("case_detail", args=[reid_case.pk])
    houses = ThreeHouses.objects.get()
    assert (houses.child, houses.recorded_by, houses.house_of_dreams) == (leo, sam, "I want a dog.")
    assert houses.history.get().history_user == sam
    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()
    assert f"{leo.first_name}'s own words" in html
    assert "“When Daddy shouts and the plate broke.”" in html


def three_houses(case, child, *, by, on, **houses):
    """A three houses conversation recorded straight in the database, HOUSES unless `houses`."""
    fields = {key: value for key, value in HOUSES.items() if key.startswith("house_of")}
    return ThreeHouses.objects.create(
        case=case, child=child, recorded_by=by, recorded_on=on, **{**fields, **houses}
    )


def test_the_case_page_shows_each_childs_latest_conversation_and_explanation(
    client, sam, alex, reid_case
):
    leo = reid_case.children.get()
    ava = PersonFactory(first_name="Ava", last_name="Reid")
    reid_case.add_child(ava, by=sam)
    three_houses(reid_case, leo, by=alex, on=datetime.date(2026, 10, 1))
    three_houses(
        reid_case,
        leo,
        by=sam,
        on=datetime.date(2026, 11, 17),
        house_of_dreams="A trip to the seaside.",
    )
    WordsAndPictures.objects.create(case=reid_case, child=leo, explanation="Leo, some grown-ups.")
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert f"Talked with {sam.get_full_name()} on 17 November 2026." in html
    assert "“A trip to the seaside.”" in html
    assert "“I want a dog.”" not in html
    assert "Leo, some grown-ups." in html
    assert "No explanation written for Ava yet." in html


def test_the_case_page_shows_only_what_the_child_said_on_this_case(client, sam, north, reid_case):
    leo = reid_case.children.get()
    earlier_case = CaseFactory(allocated_worker=sam, team=north, children=[leo])
    three_houses(
        earlier_case,
        leo,
        by=sam,
        on=datetime.date(2026, 11, 20),
        house_of_dreams="Said on the earlier case.",
    )
    WordsAndPictures.objects.create(case=earlier_case, child=leo, explanation="The earlier story.")
    client.force_login(sam)

    html = client.get(reverse("case_detail", args=[reid_case.pk])).content.decode()

    assert "Said on the earlier case." not in html
    assert "The earlier story." not in html
    assert "No explanation written for Leo yet." in html


def test_the_childs_words_are_never_checked_for_jargon(client, sam, reid_case):
    leo = reid_case.children.get()
    client.force_login(sam)

    html = client.get(reverse("three_houses_add", args=[reid_case.pk, leo.pk])).content.decode()

    assert 'data-plain-language="true"' not in html


def test_three_houses_need_every_house_and_keep_what_was_typed(client, sam, reid_case):
    leo = reid_case.children.get()
    client.force_login(sam)

    response = client.post(
        reverse("three_houses_add", args=[reid_case.pk, leo.pk]), {**HOUSES, "house_of_dreams": ""}
    )

    assert "There is a problem" in response.content.decode()
    assert "Nanny Sandra&#x27;s house. My scooter." in response.content.decode()
    assert not ThreeHouses.objects.exists()


def test_a_child_from_another_case_cannot_be_used(client, sam, reid_case):
    stranger = PersonFactory()
    client.force_login(sam)

    assert (
        client.get(reverse("three_houses_add", args=[reid_case.pk, stranger.pk])).status_code == 404
    )


def test_words_and_pictures_are_written_then_changed_with_history(client, sam, reid_case):
    leo = reid_case.children.get()
    url = reverse("words_and_pictures_edit", args=[reid_case.pk, leo.pk])
    client.force_login(sam)

    client.post(url, {"explanation": "Leo, some grown-ups got worried."})
    revision = client.get(url).context["form"]["revision"].value()
    client.post(
        url,
        {
            "explanation": "Leo, some grown-ups got worried, and it is not your fault.",
            "revision": revision,
        },
    )

    explanation = WordsAndPictures.objects.get()
    assert explanation.explanation.endswith("it is not your fault.")
    assert explanation.history.count() == 2


def test_the_manager_dashboard_lists_children_on_a_plan_with_no_explanation(
    client, morgan, sam, north, reid_case
):
    leo = reid_case.children.get()
    ava = PersonFactory(first_name="Ava", last_name="Reid")
    reid_case.add_child(ava, by=sam)
    WordsAndPictures.objects.create(case=reid_case, child=leo, explanation="Leo, ...")
    CaseFactory(allocated_worker=sam, team=north, practice_context="early_help")
    client.force_login(morgan)

    response = client.get(reverse("home"))

    listed = [
        (entry.child, entry.case) for entry in response.context["children_without_explanation"]
    ]
    assert listed == [(ava, reid_case)]
    assert "Children on a plan with no words and pictures yet" in response.content.decode()


def test_a_restricted_case_is_in_a_managers_list_of_children_only_once_they_are_named_on_it(
    client, morgan, sam, north, reid_case
):
    other_manager = UserFactory(username="lee", role=User.Role.MANAGER, team=north)
    reid_case.restrict([morgan], by=morgan)
    leo = reid_case.children.get()

    def listed_for(manager):
        client.force_login(manager)
        response = client.get(reverse("home"))
        return [entry.child for entry in response.context["children_without_explanation"]]

    assert listed_for(morgan) == [leo]
    assert listed_for(other_manager) == []
    reid_case.restrict([morgan, other_manager], by=morgan)
    assert listed_for(other_manager) == [leo]
