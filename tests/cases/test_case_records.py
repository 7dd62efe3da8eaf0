import datetime

import pytest

from cases.models import Case, PracticeContext, SubjectChild
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def open_case(worker, opened_on=datetime.date(2026, 11, 2), children=None):
    return Case.open_new(
        practice_context=PracticeContext.CHILD_PROTECTION,
        team=worker.team,
        allocated_worker=worker,
        opened_on=opened_on,
        children=children or [PersonFactory()],
        by=worker,
    )


def test_cases_get_readable_references_numbered_within_their_year(sam):
    first = open_case(sam)
    second = open_case(sam)
    next_year = open_case(sam, opened_on=datetime.date(2027, 1, 4))

    assert first.reference == "SOS-2026-00001"
    assert second.reference == "SOS-2026-00002"
    assert next_year.reference == "SOS-2027-00001"


def test_opening_a_case_records_its_children_and_who_opened_it(sam):
    leo, ava = PersonFactory(first_name="Leo"), PersonFactory(first_name="Ava")

    case = open_case(sam, children=[leo, ava])

    assert set(case.children.all()) == {leo, ava}
    assert case.status == Case.Status.OPEN
    assert case.history.get().history_user == sam
    child_history = SubjectChild.history.filter(case_id=case.pk)
    assert {entry.child_id for entry in child_history} == {leo.pk, ava.pk}
    assert {entry.history_user for entry in child_history} == {sam}
