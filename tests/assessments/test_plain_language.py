"""The plain-language check: whole words only, case where it matters, any punctuation around."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import PlainLanguageTerm
from assessments.plain_language import find_jargon, reading_age

TERMS = [
    PlainLanguageTerm(phrase="CP", suggestion="Say 'child protection'.", match_case=True),
    PlainLanguageTerm(phrase="DV", suggestion="Say what happened.", match_case=True),
    PlainLanguageTerm(phrase="domestic abuse", suggestion="Say what happened.", match_case=False),
    PlainLanguageTerm(
        phrase="neglect", suggestion="Say what the child went without.", match_case=False
    ),
]
BY_PHRASE = {term.phrase: term for term in TERMS}

# Text around a term: anything that does not join onto it as part of a word.
separators = st.text(alphabet=' \n\t.,;:!?()"-/', min_size=1, max_size=3)
plain_text = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs")), max_size=30
)
letters = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu")), min_size=1, max_size=4)


def found(text, phrase):
    return [match.term for match in find_jargon(text, [BY_PHRASE[phrase]])]


@given(
    before=plain_text,
    left=separators,
    right=separators,
    after=plain_text,
    phrase=st.sampled_from(sorted(BY_PHRASE)),
)
def test_a_term_between_spaces_or_punctuation_is_always_found(before, left, right, after, phrase):
    text = f"{before}{left}{phrase}{right}{after}"

    assert phrase in found(text, phrase)


@given(prefix=letters, suffix=letters, phrase=st.sampled_from(["CP", "DV", "neglect"]))
def test_a_term_inside_a_longer_word_is_never_found(prefix, suffix, phrase):
    for text in [f"{prefix}{phrase}", f"{phrase}{suffix}", f"{prefix}{phrase}{suffix}"]:
        assert found(text, phrase) == [], text


def test_cp_is_not_found_in_cpr_and_dv_not_in_dvd():
    assert found("She knows CPR.", "CP") == []
    assert found("They watched a DVD.", "DV") == []
    assert found("A CP plan.", "CP") == ["CP"]


@given(
    phrase=st.sampled_from(["domestic abuse", "neglect"]),
    flips=st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_words_are_found_whatever_their_case(phrase, flips):
    text = "".join(
        char.upper() if flip else char for char, flip in zip(phrase, flips, strict=False)
    )

    assert found(f"There was {text} here.", phrase) == [phrase]


@given(phrase=st.sampled_from(["CP", "DV"]))
def test_acronyms_match_their_case_so_ordinary_words_are_left_alone(phrase):
    assert found(f"a {phrase.lower()} b", phrase) == []
    assert found(f"a {phrase} b", phrase) == [phrase]


def test_a_phrase_spread_over_a_line_break_is_found():
    assert found("This was domestic\nabuse.", "domestic abuse") == ["domestic abuse"]


def test_matches_come_back_in_the_order_they_appear():
    matches = find_jargon("Neglect and DV, then CP.", TERMS)

    assert [match.found for match in matches] == ["Neglect", "DV", "CP"]


def test_plain_words_read_younger_than_jargon():
    plain = reading_age("Dad shouted at Mum. Leo was scared. He hid under the table.")
    dense = reading_age(
        "Professionals have identified significant and escalating concerns regarding "
        "intergenerational vulnerabilities, necessitating comprehensive multi-agency intervention."
    )

    assert plain is not None
    assert dense is not None
    assert plain < dense
    assert reading_age("Too short") is None


@pytest.mark.django_db
def test_the_word_list_ships_with_the_terms_the_service_promises():
    PlainLanguageTerm.objects.all().delete()
    seed = importlib.import_module("assessments.migrations.0002_seed_plain_language_terms")

    seed.add_terms(apps, None)

    phrases = set(PlainLanguageTerm.objects.values_list("phrase", flat=True))
    assert {
        "neglect",
        "domestic abuse",
        "DV",
        "emotional harm",
        "non-engagement",
        "disguised compliance",
        "toxic trio",
        "substance misuse",
        "LAC",
        "CP",
        "CIN",
        "s47",
        "ICPC",
    } <= phrases
    assert PlainLanguageTerm.objects.get(phrase="CIN").match_case


@pytest.mark.django_db
def test_the_check_runs_as_the_worker_types(client, sam, jargon):
    client.force_login(sam)

    response = client.post(
        reverse("plain_language_check"), {"text": "There was domestic abuse and DV."}
    )

    assert response.json()["matches"] == [
        {"found": "domestic abuse", "suggestion": "Say what happened and who did it."},
        {"found": "DV", "suggestion": "Do not use the acronym."},
    ]


@pytest.mark.django_db
def test_saved_jargon_shows_as_a_warning_and_never_blocks_saving(client, sam, draft, jargon):
    client.force_login(sam)

    response = client.post(
        reverse("part_add", args=[draft.pk, "future-worries"]),
        {
            "text": "There is a risk of domestic abuse.",
            "source": "Sam",
            "noted_on_0": 2,
            "noted_on_1": 11,
            "noted_on_2": 2026,
        },
    )

    assert response.status_code == 302
    entry = draft.entries.get()
    html = client.get(reverse("assessment_detail", args=[draft.pk])).content.decode()
    assert "“domestic abuse”: Say what happened and who did it." in html
    edit = client.get(
        reverse("part_edit", args=[draft.pk, "future-worries", entry.pk])
    ).content.decode()
    assert "Plain words:" in edit
    assert 'data-plain-language="true"' in edit


@pytest.mark.django_db
def test_a_new_entry_is_saved_without_reading_the_word_list(client, sam, draft, jargon):
    """Only saved text is checked on the server, so adding an entry does not need the terms."""
    client.force_login(sam)
    add = reverse("part_add", args=[draft.pk, "future-worries"])
    form = {
        "text": "Dad shouts.",
        "source": "Sam",
        "noted_on_0": 2,
        "noted_on_1": 11,
        "noted_on_2": 2026,
    }

    with CaptureQueriesContext(connection) as adding:
        response = client.post(add, form)
    entry = draft.entries.get()
    with CaptureQueriesContext(connection) as editing:
        client.get(reverse("part_edit", args=[draft.pk, "future-worries", entry.pk]))

    terms_table = PlainLanguageTerm._meta.db_table
    assert response.status_code == 302
    assert entry.text == "Dad shouts."
    assert not any(terms_table in query["sql"] for query in adding.captured_queries)
    assert any(terms_table in query["sql"] for query in editing.captured_queries)


@pytest.mark.django_db
def test_an_administrator_edits_the_word_list(client):
    from tests.factories import AdminFactory

    client.force_login(AdminFactory())

    response = client.post(
        reverse("admin:assessments_plainlanguageterm_add"),
        {"phrase": "risk factors", "suggestion": "Say what might happen.", "match_case": ""},
    )

    assert response.status_code == 302
    term = PlainLanguageTerm.objects.get(phrase="risk factors")
    assert term.history.count() == 1
    assert [m.term for m in find_jargon("Several risk factors.", [term])] == ["risk factors"]
