import datetime
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from cases.models import Case, PracticeContext
from tests.factories import CaseFactory, PersonFactory

# A day in the 2026 to 2027 collection year: the demo's dates are counted from "today".
TODAY = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def validator():
    """The census validator's environment. Without it a check cannot run: in CI (CI=true)
    that fails the test rather than skipping it, so a missing validator never reads as a pass."""
    python = Path(settings.CIN_VALIDATOR_PYTHON)
    if not python.exists():
        message = f"The census validator is not installed at {python}: run make cin-validator."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return python


@pytest.fixture
def frozen_today(monkeypatch):
    """The clock stopped on 3 December 2026, including fields that default to "now"."""
    real_now = timezone.now

    def now():
        return TODAY

    monkeypatch.setattr(timezone, "now", now)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "default", None) is real_now:
                # Field caches how it makes its default; this instance attribute shadows that.
                monkeypatch.setattr(field, "_get_default", now, raising=False)
    return TODAY.date()


@pytest.fixture
def coded_case(sam, north):
    """A child in need, every census item recorded: the census has nothing to say about it."""
    child = PersonFactory(
        first_name="Maya",
        last_name="Osei",
        date_of_birth=datetime.date(2017, 6, 3),
        gender="female",
        ethnicity="BAFR",
        disabilities=["NONE"],
        upn_unknown="UN2",
    )
    return CaseFactory(
        allocated_worker=sam,
        team=north,
        children=[child],
        practice_context=PracticeContext.CHILD_IN_NEED,
        opened_on=datetime.date(2026, 9, 1),
        referral_source="2A",
        primary_need="N1",
    )


@pytest.fixture
def closed_without_reason(sam, north):
    """Closed with no reason for closing: census rule 8805."""
    case = CaseFactory(
        allocated_worker=sam,
        team=north,
        children=[
            PersonFactory(
                date_of_birth=datetime.date(2016, 2, 1),
                gender="male",
                ethnicity="WBRI",
                disabilities=["NONE"],
                upn_unknown="UN2",
            )
        ],
        practice_context=PracticeContext.CHILD_IN_NEED,
        opened_on=datetime.date(2026, 9, 1),
        referral_source="6",
        primary_need="N4",
    )
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_on=datetime.date(2026, 11, 2)
    )
    return case
