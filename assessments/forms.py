from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from assessments.models import (
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    PlainLanguageTerm,
    SafetyGoal,
    ScalingAnswer,
    ThreeHouses,
    WordsAndPictures,
)
from assessments.plain_language import find_jargon
from cases.forms import CaseChangeFormMixin, RevisionedFormMixin, in_census_order
from codesets import cin_census
from sos_site.forms import (
    SCORE_INPUT,
    GDSDateField,
    GDSFormMixin,
    ReasonField,
    plain_messages,
    textareas,
)
from sos_site.parts import Part

NO_FACTORS = cin_census.AssessmentFactor.NONE_IDENTIFIED


class SubmitAssessmentForm(GDSFormMixin, forms.Form):
    """Submitting an assessment for sign-off. For the census's kinds of work, the worker says
    which factors the assessment found; early help is not in the census and is not asked."""

    submit_label = "Submit for sign-off"

    NONE = NO_FACTORS
    factors = forms.MultipleChoiceField(
        label="What factors did the assessment find?",
        # In the census's order, which keeps each worry's kinds together; "none" comes last.
        choices=[
            *(choice for choice in cin_census.AssessmentFactor.choices if choice[0] != NO_FACTORS),
            (NO_FACTORS, cin_census.AssessmentFactor(NO_FACTORS).label),
        ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
        help_text="Select all that apply, or ‘No factors identified’. The manager reads them "
        "when signing off.",
        error_messages={
            "required": "Select the factors the assessment found, or ‘No factors identified’"
        },
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        if not assessment.asks_before_submitting:
            del self.fields["factors"]

    def clean_factors(self):
        factors = self.cleaned_data["factors"]
        if self.NONE in factors and len(factors) > 1:
            raise ValidationError(
                "Select ‘No factors identified’ on its own, or untick it and select each factor"
            )
        return in_census_order(cin_census.AssessmentFactor, factors)


class PlainLanguageFormMixin:
    """Marks free-text fields for the plain-language check and shows any matches in the saved
    text beside the field. The check only advises; it never stops a save."""

    plain_language_fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = {name: self.initial.get(name) or "" for name in self.plain_language_fields}
        # Only saved text is checked here, so a new entry needs no terms (and no query).
        terms = list(PlainLanguageTerm.objects.all()) if any(saved.values()) else []
        for name in self.plain_language_fields:
            field = self.fields[name]
            field.widget.attrs["data-plain-language"] = "true"
            matches = find_jargon(saved[name], terms)
            if matches:
                advice = format_html_join(
                    "", "<li>“{}”: {}</li>", ((m.found, m.suggestion) for m in matches)
                )
                field.help_text = format_html(
                    '{}<span class="sos-plain-language"><strong>Plain words:</strong>'
                    '<ul class="govuk-list govuk-list--bullet">{}</ul></span>',
                    field.help_text,
                    advice,
                )


class PartFormMixin(GDSFormMixin, RevisionedFormMixin, PlainLanguageFormMixin, CaseChangeFormMixin):
    """For every form that changes a part of a record that locks: an assessment once it is
    submitted, a plan once it is approved. The record is passed by the keyword `part_of`
    names, kept under that name, and its refuse_changes() says why it cannot change."""

    part_of = ""

    def __init__(self, *args, **kwargs):
        record = kwargs.pop(self.part_of)
        setattr(self, self.part_of, record)
        super().__init__(*args, case=record.case, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        getattr(self, self.part_of).refuse_changes()
        return cleaned_data


class AssessmentPartFormMixin(PartFormMixin):
    part_of = "assessment"


class MappingEntryForm(AssessmentPartFormMixin, forms.ModelForm):
    plain_language_fields = ["text"]

    noted_on = GDSDateField(label="When", help_text="For example, 14 11 2026.")

    class Meta:
        model = MappingEntry
        fields = ["text", "source", "noted_on"]
        widgets = textareas(text=5)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.label = label
        # The message is built from the label, which is only known now: "Enter existing strength".
        text.error_messages["required"] = plain_messages(text)["required"]


class PastHarmForm(AssessmentPartFormMixin, forms.ModelForm):
    plain_language_fields = ["behaviour", "frequency", "worst_incident", "impact_on_child"]

    noted_on = GDSDateField(label="When", help_text="The date this was said or found out.")

    class Meta:
        model = PastHarm
        fields = [
            "behaviour",
            "frequency",
            "worst_incident",
            "impact_on_child",
            "source",
            "noted_on",
        ]
        widgets = textareas(behaviour=4, worst_incident=4, impact_on_child=3)


class NextStepForm(AssessmentPartFormMixin, forms.ModelForm):
    plain_language_fields = ["what"]

    by_when = GDSDateField(label="By when", help_text="For example, 1 12 2026.")

    class Meta:
        model = NextStep
        fields = ["what", "who", "by_when", "done"]
        widgets = textareas(what=3)


class DangerStatementForm(AssessmentPartFormMixin, forms.ModelForm):
    plain_language_fields = ["who_is_worried", "worried_behaviour", "likely_impact"]

    class Meta:
        model = DangerStatement
        fields = ["who_is_worried", "worried_behaviour", "likely_impact", "family_view"]
        widgets = textareas(worried_behaviour=4, likely_impact=3, family_view=3)

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_view"].help_text = (
            f"If the family disagree with this {terms.worry_statement.lower()}, write their "
            "view in their words. It is shown beside the statement and in the plan."
        )


class SafetyGoalForm(AssessmentPartFormMixin, forms.ModelForm):
    plain_language_fields = ["what_needs_to_be_seen", "how_long"]

    class Meta:
        model = SafetyGoal
        fields = ["what_needs_to_be_seen", "how_long"]
        widgets = textareas(what_needs_to_be_seen=4)


SCORE_ERRORS = {
    "min_value": "The score must be between 0 and 10",
    "max_value": "The score must be between 0 and 10",
    "invalid": "The score must be a whole number between 0 and 10",
    "required": "Enter the score, from 0 to 10",
}


def label_score_fields(form):
    """The same words for a scaling score wherever one is asked for."""
    form.fields["score"].label = "Score, from 0 to 10"
    form.fields["score"].error_messages.update(SCORE_ERRORS)
    form.fields["reason"].error_messages["required"] = "Enter why they gave that number"


class ScalingAnswerForm(GDSFormMixin, PlainLanguageFormMixin, CaseChangeFormMixin, forms.ModelForm):
    submit_label = "Save the score"
    plain_language_fields = ["reason", "move_up_one"]

    answered_on = GDSDateField(label="Date", help_text="For example, 14 11 2026.")

    class Meta:
        model = ScalingAnswer
        fields = [
            "question",
            "respondent_kind",
            "respondent_name",
            "agency",
            "score",
            "reason",
            "move_up_one",
            "answered_on",
        ]
        widgets = {
            "respondent_kind": forms.RadioSelect,
            "score": SCORE_INPUT,
            **textareas(question=3, reason=3, move_up_one=3),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_score_fields(self)

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("respondent_kind") == ScalingAnswer.Kind.PROFESSIONAL
            and not (cleaned_data.get("agency") or "").strip()
        ):
            self.add_error("agency", "Enter the professional's agency")
        answered_on = cleaned_data.get("answered_on")
        if answered_on and answered_on > timezone.localdate():
            self.add_error("answered_on", "The date must be today or in the past")
        return cleaned_data


class ThreeHousesForm(GDSFormMixin, CaseChangeFormMixin, forms.ModelForm):
    """The child's own words. No plain-language check: nobody rewrites what a child said."""

    submit_label = "Save the child's words"

    recorded_on = GDSDateField(label="Date of the conversation")

    class Meta:
        model = ThreeHouses
        fields = ["house_of_worries", "house_of_good_things", "house_of_dreams", "recorded_on"]
        widgets = textareas(house_of_worries=4, house_of_good_things=4, house_of_dreams=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = "Write exactly what the child said, in their words."
        for name in ["house_of_worries", "house_of_good_things", "house_of_dreams"]:
            self.fields[name].help_text = hint

    def clean_recorded_on(self):
        recorded_on = self.cleaned_data["recorded_on"]
        if recorded_on > timezone.localdate():
            raise ValidationError("The date must be today or in the past")
        return recorded_on


class WordsAndPicturesForm(
    GDSFormMixin, RevisionedFormMixin, PlainLanguageFormMixin, CaseChangeFormMixin, forms.ModelForm
):
    submit_label = "Save the explanation"
    plain_language_fields = ["explanation"]

    class Meta:
        model = WordsAndPictures
        fields = ["explanation"]
        widgets = textareas(explanation=10)


class ReasonForm(GDSFormMixin, forms.Form):
    submit_label = "Send it back"

    reason = ReasonField("What needs to change?", required_message="Enter what needs to change")


# The parts of an assessment a page adds, edits and removes, by the slug in its URL.
C = MappingEntry.Category
PARTS = {
    "past-harm": Part(PastHarm, PastHarmForm, "Past harm"),
    "future-worries": Part(MappingEntry, MappingEntryForm, "Future danger", C.FUTURE_DANGER),
    "complicating-factors": Part(
        MappingEntry, MappingEntryForm, "Complicating factor", C.COMPLICATING_FACTOR
    ),
    "strengths": Part(MappingEntry, MappingEntryForm, "Existing strength", C.STRENGTH),
    "existing-safety": Part(MappingEntry, MappingEntryForm, "Existing safety", C.EXISTING_SAFETY),
    "family-goals": Part(MappingEntry, MappingEntryForm, "The family's goal", C.FAMILY_GOAL),
    "agency-goals": Part(MappingEntry, MappingEntryForm, "The agency's goal", C.AGENCY_GOAL),
    "next-steps": Part(NextStep, NextStepForm, "Next step"),
    "worry-statements": Part(DangerStatement, DangerStatementForm, "Danger statement"),
}
