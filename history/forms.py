from django import forms
from django.core.exceptions import ValidationError

from cases.models import User
from sos_site.forms import WithinYears, check_date_order


class TimelineFilterForm(forms.Form):
    """Narrow a case's timeline by kind of event, by who made it, and by dates."""

    kind = forms.MultipleChoiceField(
        label="Kinds of event", required=False, widget=forms.CheckboxSelectMultiple
    )
    user = forms.ModelChoiceField(
        label="Changed by", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[WithinYears(1, name="The start date")],
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[WithinYears(1, name="The end date")],
    )

    def __init__(self, *args, kinds, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds.items())
        # Everyone who appears in this case's timeline, partners too; nobody else in the council.
        self.fields["user"].queryset = people

    def clean(self):
        return check_date_order(self, super().clean(), "since", "until")


class AccessLogSearchForm(forms.Form):
    username = forms.CharField(label="Username", required=False, max_length=150)
    reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        help_text="For example, SOS-2026-00042.",
    )

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("username") and not cleaned_data.get("reference"):
            raise ValidationError("Enter a username or a case reference")
        return cleaned_data


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="Their first name, last name or both. For example, Leo Reid.",
        error_messages={"required": "Enter the name of the person to search for"},
    )
