"""Rows saved before authorship was kept get their authors from the history. A row carried into
a later version was recorded, then, as written by whoever started that version: the back-fill
gives it the authors of the row it was copied from, so a manager's old words still count as
hers and she cannot sign them off."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import Assessment, MappingEntry
from tests.factories import CaseFactory, ManagerFactory, UserFactory

BEFORE = [
    ("assessments", "0006_edit_counter_renamed_to_revision"),
    ("plans", "0004_queued_pdf_jobs_follow_the_task"),
    ("cases", "0007_order_family_by_case_id"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def saved_by(model, history, user, **fields):
    """A row saved the way the old code saved it: a history row naming `user`, and no author."""
    row = model.objects.create(**fields)
    history.objects.create(
        id=row.pk,
        history_date=timezone.now(),
        history_type="+",
        history_user_id=user.pk,
        **{name: value for name, value in fields.items() if not hasattr(value, "pk")},
        **{f"{name}_id": value.pk for name, value in fields.items() if hasattr(value, "pk")},
        revision=1,
    )
    return row


@pytest.mark.django_db(transaction=True)
def test_words_carried_forward_before_authorship_was_kept_stay_their_authors():
    sam, morgan = UserFactory(username="sam"), ManagerFactory(username="morgan")
    case = CaseFactory(allocated_worker=sam)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE)
        versions = old.get_model("assessments", "Assessment")
        entries = old.get_model("assessments", "MappingEntry")
        history = old.get_model("assessments", "HistoricalMappingEntry")
        words = {
            "category": "strength",
            "source": "Nursery",
            "noted_on": datetime.date(2026, 11, 2),
        }
        first = versions.objects.create(
            case_id=case.pk, number=1, status="signed_off", created_by_id=sam.pk
        )
        saved_by(entries, history, morgan, assessment=first, text="Morgan's words", **words)
        saved_by(entries, history, sam, assessment=first, text="Sam's words", **words)
        second = versions.objects.create(
            case_id=case.pk, number=2, status="submitted", based_on=first, created_by_id=sam.pk
        )
        # The old copy forward: every copied row's history named the person who started it.
        saved_by(entries, history, sam, assessment=second, text="Morgan's words", **words)
        saved_by(entries, history, sam, assessment=second, text="Sam's words", **words)
    finally:
        migrate(leaves)

    copied = MappingEntry.objects.get(assessment__number=2, text="Morgan's words")
    assert (copied.written_by, copied.changed_by, copied.editors) == (morgan, morgan, [morgan.pk])
    assert Assessment.objects.get(number=2).written_by(morgan)
