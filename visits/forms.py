from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from cases.forms import CaseChangeFormMixin
from cases.models import PracticeContext
from sos_site.forms import GDSDateField, GDSFormMixin
from visits.models import Visit


class YesNoField(forms.TypedChoiceField):
    """A yes or no question as GOV.UK radios, giving True or False."""

    def __init__(self, label, *, required_message, **kwargs):
        super().__init__(
            label=label,
            choices=[(True, "Yes"), (False, "No")],
            coerce=lambda answer: answer == "True",
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": required_message},
            **kwargs,
        )


class AskedIfSeenField(YesNoField):
    """A question only for a child who was seen. It is not marked optional, as it must be
    answered then; VisitForm.clean() asks for the answer when it is missing."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class VisitForm(GDSFormMixin, CaseChangeFormMixin, forms.ModelForm):
    """A visit to one of the case's children. Which child is asked only when there are several;
    the bedroom only on a child protection case."""

    submit_label = "Save the visit"

    visited_on = GDSDateField(
        label="Date of the visit", years_ahead=0, help_text="For example, 2 12 2026."
    )
    child_seen = YesNoField(
        "Was the child seen?", required_message="Select whether the child was seen"
    )
    seen_alone = AskedIfSeenField(
        "Was the child seen alone?",
        help_text="Answer this if the child was seen.",
        required_message="Select whether the child was seen alone",
    )
    bedroom_seen = YesNoField(
        "Was the child's bedroom seen?",
        required_message="Select whether the child's bedroom was seen",
    )

    class Meta:
        model = Visit
        fields = ["child", "visited_on", "child_seen", "seen_alone", "bedroom_seen"]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        children = case.children.order_by("last_name", "first_name", "pk")
        if len(children) == 1:
            # Nothing to choose: the visit is to the case's only child.
            del self.fields["child"]
            self.instance.child = children[0]
        else:
            # Made here rather than declared: the radios are the case's children, by name.
            self.fields["child"] = forms.ModelChoiceField(
                label="Which child did you visit?",
                queryset=children,
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": "Select which child you visited"},
            )
            self.fields["child"].label_from_instance = lambda child: child.full_name
            self.order_fields(self.Meta.fields)
        if case.practice_context != PracticeContext.CHILD_PROTECTION:
            del self.fields["bedroom_seen"]
        # The layout again, without the questions left out; yes and no side by side.
        self.helper.layout = Layout(
            *(
                Field.radios(name, legend_size=Size.SMALL, inline=name != "child")
                if isinstance(field.widget, forms.RadioSelect)
                else name
                for name, field in self.fields.items()
            )
        )

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on < self.case.opened_on:
            raise forms.ValidationError(
                f"The date of the visit cannot be before the case opened on "
                f"{self.case.opened_on:%-d %B %Y}"
            )
        return visited_on

    def clean(self):
        cleaned_data = super().clean()
        seen, alone = cleaned_data.get("child_seen"), cleaned_data.get("seen_alone")
        if seen and alone is None:
            self.add_error("seen_alone", "Select whether the child was seen alone")
        elif seen is False and alone:
            self.add_error(
                "seen_alone",
                "A child who was not seen cannot have been seen alone: answer No, or change "
                "the answer to ‘Was the child seen?’",
            )
        elif alone is None and "seen_alone" in cleaned_data:
            # Not asked of a child who was not seen (or not yet known to be): not alone.
            cleaned_data["seen_alone"] = False
        return cleaned_data
