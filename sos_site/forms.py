"""The GOV.UK form pieces every app's forms use: the crispy helper setup, plain-English
validation messages and the day-month-year date input."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from dateutil.relativedelta import relativedelta
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst

# A score from 0 to 10 on the scaling question, with the number keyboard on a phone, in a
# GOV.UK input two characters wide.
SCORE_INPUT = forms.NumberInput(
    attrs={"min": 0, "max": 10, "inputmode": "numeric", "class": "govuk-input--width-2"}
)


def textareas(**rows):
    """Text boxes sized for what people write in them: `textareas(reason=4, minutes=8)`."""
    return {name: forms.Textarea(attrs={"rows": count}) for name, count in rows.items()}


class ReasonField(forms.CharField):
    """Why something is being done, typed in full: closing a case, ending someone's part,
    a decision. The record keeps it, so an empty one is refused with `required_message`."""

    def __init__(self, label, *, required_message, rows=4, **kwargs):
        super().__init__(
            label=label,
            widget=forms.Textarea(attrs={"rows": rows}),
            error_messages={"required": required_message},
            **kwargs,
        )


def plain_validator(field, validator):
    """Django's length and NUL checks, with messages that say what to do about them."""
    label = capfirst(field.label or "This answer")
    if isinstance(validator, validators.MaxLengthValidator):
        return validators.MaxLengthValidator(
            validator.limit_value,
            f"{label} must be %(limit_value)d characters or fewer. It has %(show_value)d.",
        )
    if isinstance(validator, validators.ProhibitNullCharactersValidator):
        return validators.ProhibitNullCharactersValidator(
            f"{label} has a hidden character (NUL) in it, probably from copying and pasting. "
            "Type the text in again."
        )
    return validator


class GDSFormMixin:
    """Sets up the GOV.UK form helper and the submit button for every form in the service.

    Pages render the form with `{% crispy form %}` and put `{% error_summary form %}` above the
    heading, as the GOV.UK Design System asks.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [plain_validator(field, v) for v in field.validators]
            # Radios never offer "---------": a required question has no blank answer.
            if (
                isinstance(field.widget, forms.RadioSelect)
                and isinstance(field, forms.ChoiceField)
                and field.required
            ):
                field.choices = [choice for choice in field.choices if choice[0] != ""]
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))


# No date anyone enters is before this: an earlier year is a typing mistake.
EARLIEST_DATE = date(1900, 1, 1)


class WithinYears:
    """Refuses a date before 1900 or more than `years_ahead` years after today. Mistyped years
    are refused here, before deadlines are counted from them."""

    def __init__(self, years_ahead):
        self.years_ahead = years_ahead

    def latest(self):
        return timezone.localdate() + relativedelta(years=self.years_ahead)

    def __call__(self, value):
        if value < EARLIEST_DATE:
            raise ValidationError(f"Enter a date on or after {EARLIEST_DATE:%-d %B %Y}")
        latest = self.latest()
        if value > latest:
            raise ValidationError(f"Enter a date on or before {latest:%-d %B %Y}")


class GDSDateField(DateInputField):
    """A GOV.UK date input (day, month, year) that gives back a date and says what is wrong.
    The date must be from 1900 to `years_ahead` years from today."""

    def __init__(self, *, required=True, years_ahead=5, **kwargs):
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.validators.append(WithinYears(years_ahead))

    def clean(self, value):
        if not any(value or []):
            if self.required:
                raise ValidationError("Enter the date", code="required")
            return None
        try:
            return super().clean(value)
        except ValidationError:
            raise
        except (TypeError, ValueError, OverflowError):
            raise ValidationError("Enter a real date, for example 27 3 2019") from None


def check_date_order(form, cleaned_data, start, end):
    """A period's end may not come before its start: the error goes on the end date."""
    first, last = cleaned_data.get(start), cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, "The end date must be on or after the start date")
    return cleaned_data
