import datetime

import pytest

from assessments.models import Assessment, DangerStatement, MappingEntry, PlainLanguageTerm


@pytest.fixture
def draft(reid_case, sam):
    return Assessment.start(case=reid_case, by=sam)


@pytest.fixture
def strength(draft):
    return MappingEntry.objects.create(
        assessment=draft,
        category=MappingEntry.Category.STRENGTH,
        text="Chloe walks Leo to nursery every day.",
        source="Nursery",
        noted_on=datetime.date(2026, 11, 2),
    )


@pytest.fixture
def statement(draft):
    return DangerStatement.objects.create(
        assessment=draft,
        who_is_worried="Sam and the school",
        worried_behaviour="Daniel comes to the house after drinking and throws things",
        likely_impact="Leo could be badly hurt",
    )


@pytest.fixture
def jargon():
    """The terms the tests rely on, whatever state the seeded list is in."""
    rows = [
        ("domestic abuse", "Say what happened and who did it.", False),
        ("DV", "Do not use the acronym.", True),
        ("CP", "Say 'child protection' in full.", True),
        ("neglect", "Describe what the child went without.", False),
    ]
    return [
        PlainLanguageTerm.objects.update_or_create(
            phrase=phrase, defaults={"suggestion": suggestion, "match_case": match_case}
        )[0]
        for phrase, suggestion, match_case in rows
    ]
