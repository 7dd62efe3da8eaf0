from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.forms import PartFormMixin
from assessments.terminology import terms_for
from plans.models import PlanRule, SafetyPlan
from sos_site.forms import GDSDateField, textareas


class PlanPartFormMixin(PartFormMixin):
    part_of = "plan"


class SafetyPlanForm(PlanPartFormMixin, forms.ModelForm):
    plain_language_fields = ["worry_signs", "who_to_call", "what_each_person_will_do"]

    review_date = GDSDateField(
        label="Review date", required=False, help_text="For example, 1 3 2027."
    )

    class Meta:
        model = SafetyPlan
        fields = ["worry_signs", "who_to_call", "what_each_person_will_do", "review_date"]
        widgets = textareas(worry_signs=4, who_to_call=4, what_each_person_will_do=5)

    def clean_review_date(self):
        review_date = self.cleaned_data.get("review_date")
        if review_date and review_date < timezone.localdate():
            raise ValidationError("The review date must be today or in the future")
        return review_date


class PlanRuleForm(PlanPartFormMixin, forms.ModelForm):
    plain_language_fields = ["what_will_happen", "how_we_will_know"]

    class Meta:
        model = PlanRule
        fields = ["what_will_happen", "network_member", "professional", "how_we_will_know"]
        widgets = textareas(what_will_happen=3, how_we_will_know=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.plan.case.safety_network.active().select_related("person")
        self.fields["network_member"].queryset = members
        self.network = terms_for(self.plan.case).network.lower()
        self.fields["network_member"].label = f"Who is responsible, from the {self.network}"
        self.fields["network_member"].empty_label = "Nobody from the network"
        self.fields["network_member"].label_from_instance = lambda member: (
            f"{member.person.full_name} ({member.relationship})"
        )

    def clean(self):
        cleaned_data = super().clean()
        if (
            not cleaned_data.get("network_member")
            and not (cleaned_data.get("professional") or "").strip()
        ):
            self.add_error(
                "professional",
                f"Choose someone from the {self.network}, or enter the professional responsible",
            )
        return cleaned_data
