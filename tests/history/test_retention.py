"""Retention: list what is due, purge it after confirmation, never anything early, nothing left."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Assessment, ScalingAnswer
from cases.models import AccessLogEntry, Case, FamilyMember, Person, PurgeRecord, SubjectChild
from meetings.models import Meeting
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def close(case, years_ago, morgan, days=0):
    case.close(
        reason="Work finished",
        on=timezone.localdate() - datetime.timedelta(days=365 * years_ago + days),
        by=morgan,
    )
    return case


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("retention", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_the_dry_run_lists_only_cases_past_retention_and_removes_nothing(
    settings, sam, morgan, north, reid_case
):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2, "early_help": 2}
    due = close(reid_case, 3, morgan)
    not_yet = close(
        CaseFactory(team=north, allocated_worker=sam, practice_context="early_help"), 1, morgan
    )
    still_open = CaseFactory(team=north, allocated_worker=sam, opened_on=datetime.date(2000, 1, 1))

    output = run()

    assert due.reference in output
    assert not_yet.reference not in output
    assert still_open.reference not in output
    assert "Nothing was removed" in output
    assert Case.objects.count() == 3


def test_a_purge_removes_the_case_its_records_and_history_and_leaves_a_record(
    settings, sam, morgan, north, reid_case, chloe, network_member
):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2}
    Assessment.start(case=reid_case, by=sam)
    ScalingAnswer.objects.create(
        case=reid_case,
        question="Q",
        respondent_kind="family",
        respondent_name="Chloe",
        score=5,
        reason="r",
        answered_on=reid_case.opened_on,
        recorded_by=sam,
    )
    Meeting.objects.create(
        case=reid_case,
        kind="core_group",
        held_at=timezone.now(),
        place="Office",
        chair="Sam",
        scaling_question="Q",
        created_by=sam,
    )
    shared = PersonFactory(first_name="Shared")
    other_case = CaseFactory(team=north, allocated_worker=sam, children=[shared])
    FamilyMember.objects.create(case=reid_case, person=shared, relationship="sibling")
    AccessLogEntry.objects.create(
        user=sam,
        case=reid_case,
        case_reference=reid_case.reference,
        action="view case",
        allowed=True,
        path="/",
    )
    close(reid_case, 3, morgan)
    reference, case_pk, leo = reid_case.reference, reid_case.pk, reid_case.children.get()

    output = run("--purge", "--yes")

    assert f"Purged {reference}" in output
    assert not Case.objects.filter(pk=case_pk).exists()
    assert not Case.history.filter(id=case_pk).exists()
    assert not SubjectChild.history.filter(case_id=case_pk).exists()
    assert not FamilyMember.history.filter(case_id=case_pk).exists()
    assert not Assessment.history.filter(case_id=case_pk).exists()
    assert not ScalingAnswer.history.filter(case_id=case_pk).exists()
    assert not Meeting.history.filter(case_id=case_pk).exists()
    assert not Person.objects.filter(pk__in=[leo.pk, chloe.person.pk]).exists()
    assert not Person.history.filter(id=leo.pk).exists()
    # Someone on another case stays, with that case.
    assert Person.objects.filter(pk=shared.pk).exists()
    assert Case.objects.filter(pk=other_case.pk).exists()
    record = PurgeRecord.objects.get()
    assert (record.case_reference, record.practice_context) == (reference, "child_protection")
    assert record.rows_removed > 10
    assert AccessLogEntry.objects.filter(case_reference=reference).exists()  # metadata only, kept


def test_nothing_is_purged_a_day_early(settings, morgan, reid_case):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2}
    reid_case.close(
        reason="Done", on=timezone.localdate() - datetime.timedelta(days=365 * 2 - 5), by=morgan
    )

    assert "No cases are past their retention date." in run("--purge", "--yes")
    assert Case.objects.filter(pk=reid_case.pk).exists()


def test_a_purge_needs_confirmation(settings, morgan, reid_case, monkeypatch):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2}
    close(reid_case, 3, morgan)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Not confirmed"):
        run("--purge")
    assert Case.objects.filter(pk=reid_case.pk).exists()
