"""Two workers edit the same draft: the later save never overwrites the earlier one."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.assessments.test_mapping import NOTED

pytestmark = pytest.mark.django_db


def test_the_later_save_gets_a_conflict_page_and_keeps_what_was_typed(sam, morgan, draft, strength):
    url = reverse("part_edit", args=[draft.pk, "strengths", strength.pk])
    first, second = Client(), Client()
    first.force_login(sam)
    second.force_login(morgan)
    # Both open the form on the same revision.
    revision = first.get(url).context["form"]["revision"].value()
    assert second.get(url).context["form"]["revision"].value() == revision

    saved = first.post(
        url,
        {
            "text": "Sam's words: Chloe walks Leo in every day.",
            "source": "Nursery",
            "revision": revision,
            **NOTED,
        },
    )
    refused = second.post(
        url,
        {
            "text": "Morgan's words: Chloe is always on time.",
            "source": "Nursery",
            "revision": revision,
            **NOTED,
        },
    )

    assert saved.status_code == 302
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Someone else changed this while you were writing" in html
    assert "Sam&#x27;s words: Chloe walks Leo in every day." in html  # what is saved now
    assert "Morgan&#x27;s words: Chloe is always on time." in html  # what Morgan typed, kept
    assert "Saved by Sam Okafor" in html
    strength.refresh_from_db()
    assert strength.text == "Sam's words: Chloe walks Leo in every day."

    # Saving again from the conflict page is a decision made with both in view.
    latest = refused.context["form"]["revision"].value()
    again = second.post(
        url,
        {
            "text": "Both: Chloe walks Leo in every day and is on time.",
            "source": "Nursery",
            "revision": latest,
            **NOTED,
        },
    )
    assert again.status_code == 302
    strength.refresh_from_db()
    assert strength.text == "Both: Chloe walks Leo in every day and is on time."
    assert strength.revision == 3


def test_words_and_pictures_edits_conflict_in_the_same_way(sam, morgan, reid_case):
    child = reid_case.children.get()
    url = reverse("words_and_pictures_edit", args=[reid_case.pk, child.pk])
    first, second = Client(), Client()
    first.force_login(sam)
    second.force_login(morgan)
    first.post(url, {"explanation": "First explanation."})
    revision = first.get(url).context["form"]["revision"].value()
    second.get(url)

    first.post(url, {"explanation": "Sam's second explanation.", "revision": revision})
    refused = second.post(url, {"explanation": "Morgan's version.", "revision": revision})

    assert refused.status_code == 409
    assert "Morgan&#x27;s version." in refused.content.decode()
    assert reid_case.words_and_pictures.get().explanation == "Sam's second explanation."
