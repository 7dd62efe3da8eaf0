"""Hypothesis builds whole submissions for the main free-text forms with `from_form`, with
hostile text in every text box: the form either saves exactly what was typed (less the spaces
at the ends) or refuses with a message, keeping what was typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from assessments.forms import DangerStatementForm
from assessments.models import Assessment, DangerStatement
from assessments.terminology import terms_for
from plans.forms import PlanRuleForm
from plans.models import PlanRule, SafetyPlan
from tests.hostile import fuzz_settings, hostile_text

pytestmark = pytest.mark.django_db

FUZZ = fuzz_settings(25)


def check(form, model, text_fields, parent):
    """Save or refuse: never an exception, and nothing typed is lost."""
    if form.is_valid():
        record = form.save(commit=False)
        setattr(record, parent[0], parent[1])
        record.save()
        saved = model.objects.get(pk=record.pk)
        for name in text_fields:
            assert getattr(saved, name) == form.data[name].strip(), name
    else:
        assert form.errors
        for messages in form.errors.values():
            assert all(isinstance(message, str) and message for message in messages)
        for name in text_fields:
            assert form[name].value() == form.data[name], name


@pytest.fixture
def draft(reid_case, sam):
    return Assessment.start(case=reid_case, by=sam)


@pytest.fixture
def draft_plan(reid_case, sam):
    return SafetyPlan.start(case=reid_case, by=sam)


def test_danger_statements(draft, reid_case):
    fields = ["who_is_worried", "worried_behaviour", "likely_impact", "family_view"]
    kwargs = {"assessment": draft, "terms": terms_for(reid_case)}

    @FUZZ
    @given(
        form=from_form(
            DangerStatementForm,
            form_kwargs=kwargs,
            **{name: hostile_text() for name in fields},
            revision=st.just(""),
        )
    )
    def fill(form):
        check(form, DangerStatement, fields, ("assessment", draft))

    fill()


def test_plan_rules(draft_plan):
    fields = ["what_will_happen", "professional", "how_we_will_know"]

    @FUZZ
    @given(
        form=from_form(
            PlanRuleForm,
            form_kwargs={"plan": draft_plan},
            **{name: hostile_text() for name in fields},
            network_member=st.just(""),
            revision=st.just(""),
        )
    )
    def fill(form):
        check(form, PlanRule, fields, ("plan", draft_plan))

    fill()
