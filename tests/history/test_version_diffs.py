"""Comparing two versions of an assessment or a plan, side by side or inline."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import MappingEntry

pytestmark = pytest.mark.django_db


def test_two_assessment_versions_side_by_side_with_edits_insertions_and_deletions(
    client, sam, morgan, reid_case
):
    from assessments.models import Assessment

    first = Assessment.start(case=reid_case, by=sam)
    MappingEntry.objects.create(
        assessment=first,
        category="strength",
        text="Chloe reads with Leo every night.",
        source="Chloe",
        noted_on=datetime.date(2026, 11, 2),
    )
    MappingEntry.objects.create(
        assessment=first,
        category="complicating_factor",
        text="No phone credit.",
        source="Chloe",
        noted_on=datetime.date(2026, 11, 2),
    )
    first.submit(by=sam)
    first.sign_off(by=morgan)
    second = first.start_new_version(by=sam)
    strength = second.entries.get(category="strength")
    strength.text = "Chloe reads with Leo most nights."
    strength.save()
    second.entries.filter(category="complicating_factor").delete()
    MappingEntry.objects.create(
        assessment=second,
        category="existing_safety",
        text="Sandra visits daily.",
        source="Sandra",
        noted_on=datetime.date(2026, 11, 9),
    )
    client.force_login(morgan)

    response = client.get(reverse("assessment_compare", args=[second.pk, first.pk]))

    sections = {section["title"]: section for section in response.context["sections"]}
    changed = sections["Existing strength"]
    assert [(p.kind, p.text) for p in changed["pieces"]][:3] == [
        ("same", "Chloe reads with Leo "),
        ("removed", "every night. "),
        ("added", "most nights. "),
    ]
    assert [p.kind for p in sections["Complicating factor"]["pieces"]] == ["removed"]
    assert [p.kind for p in sections["Existing safety"]["pieces"]] == ["added"]
    assert sections["Future danger"]["changed"] is False
    html = response.content.decode()
    assert "What changed from assessment 1 to assessment 2" in html
    assert '<th scope="col" class="govuk-table__header">Assessment 1</th>' in html
    assert '<th scope="col" class="govuk-table__header">Assessment 2</th>' in html
    assert 'class="govuk-body sos-diff sos-compare__inline"' in html  # the narrow-screen version
