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


OPTIONAL = " (optional)"


def label_phrase(label):
    """A label as it reads inside a sentence: "Impact on the child" becomes "impact on the
    child"; an initialism such as "GP" keeps its capitals."""
    label = str(label or "this answer").strip().rstrip("?:").removesuffix(OPTIONAL.strip()).strip()
    if label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def is_choice(field):
    return isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) or isinstance(
        field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.Select)
    )


def plain_messages(field):
    """GOV.UK error messages built from the field's label, for the messages Django would
    otherwise give: "Enter impact on the child" rather than "This field is required."."""
    phrase = label_phrase(field.label)
    name = capfirst(phrase)
    question = str(field.label or "").removesuffix(OPTIONAL.strip()).strip()
    if question.endswith("?"):
        # A question reads badly after "Enter": say which question needs an answer.
        required = f"Answer the question ‘{question}’"
    elif isinstance(field, forms.BooleanField):
        required = f"Tick the box to confirm: {phrase}"
    elif is_choice(field):
        required = f"Select {phrase}"
    else:
        required = f"Enter {phrase}"
    messages = {
        "required": required,
        "invalid_choice": f"Select one of the options for {phrase}",
        "invalid_pk_value": f"Select one of the options for {phrase}",
        "list": f"Select one or more options for {phrase}",
    }
    if isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{name} must be a whole number, like 6"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{name} must be a number, like 6"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{name} must be a real date, for example 27 3 2019"
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    if low is not None and high is not None:
        messages["min_value"] = messages["max_value"] = f"{name} must be between {low} and {high}"
    elif low is not None:
        messages["min_value"] = f"{name} must be {low} or more"
    elif high is not None:
        messages["max_value"] = f"{name} must be {high} or less"
    return messages


def django_defaults(field):
    """Every message Django itself would give this field, from its class and its parents."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


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


def plain_range(field, validator):
    """Django's min and max checks on a number, with the label and the whole range named."""
    kinds = {validators.MinValueValidator: "min_value", validators.MaxValueValidator: "max_value"}
    code = kinds.get(type(validator))
    if code is None or validator.message != type(validator).message:
        return validator
    return type(validator)(validator.limit_value, plain_messages(field)[code])


def mark_optional(field):
    """GOV.UK marks the optional questions, not the required ones. A single yes/no checkbox is
    never marked, nor is a hidden field. Safe to repeat: a field made required since it was
    marked loses the mark."""
    label = str(field.label or "")
    marked = getattr(field, "marked_optional", False)
    wanted = (
        not field.required
        and label
        and not isinstance(field, forms.BooleanField)
        and not field.widget.is_hidden
        # One of a pair the form needs one answer from (a number, or why there is none).
        and not getattr(field, "one_of_two", False)
    )
    if wanted and not label.endswith(OPTIONAL.strip()):
        field.label = f"{label}{OPTIONAL}"
        field.marked_optional = True
    elif not wanted and marked and label.endswith(OPTIONAL):
        field.label = label.removesuffix(OPTIONAL)
        field.marked_optional = False


class GDSFormMixin:
    """Sets up the GOV.UK form helper and the submit button for every form in the service.

    Pages render the form with `{% crispy form %}` and put `{% error_summary form %}` above the
    heading, as the GOV.UK Design System asks.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            defaults = django_defaults(field)
            for code, message in plain_messages(field).items():
                # A message the field sets itself is kept: only Django's own are replaced.
                if code in field.error_messages and field.error_messages[code] == defaults.get(
                    code
                ):
                    field.error_messages[code] = message
            # Min/max checks are validators carrying Django's wording: give them the label.
            field.validators = [plain_range(field, v) for v in field.validators]
            mark_optional(field)
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

    def __getitem__(self, name):
        # Marked again when drawn: a form may make a field required or optional after this
        # mixin's __init__ has run.
        mark_optional(self.fields[name])
        return super().__getitem__(name)


# No date anyone enters is before this: an earlier year is a typing mistake.
EARLIEST_DATE = date(1900, 1, 1)


class WithinYears:
    """Refuses a date before 1900 or more than `years_ahead` years after today. Mistyped years
    are refused here, before deadlines are counted from them. `name` says which date it is."""

    def __init__(self, years_ahead, name="The date"):
        self.years_ahead = years_ahead
        self.name = name

    def latest(self):
        return timezone.localdate() + relativedelta(years=self.years_ahead)

    def __call__(self, value):
        if value < EARLIEST_DATE:
            raise ValidationError(f"{self.name} must be on or after {EARLIEST_DATE:%-d %B %Y}")
        latest = self.latest()
        if value > latest:
            raise ValidationError(f"{self.name} must be on or before {latest:%-d %B %Y}")


class GDSDateField(DateInputField):
    """A GOV.UK date input (day, month, year) that gives back a date and says what is wrong.
    The date must be from 1900 to `years_ahead` years from today.

    Messages name the date from its label ("Enter the date of birth", "The date of birth must
    include a month"); a label that is not a date's name ("From", "By when") takes `name`, which
    defaults to "the date"."""

    def __init__(self, *, required=True, years_ahead=5, name=None, **kwargs):
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.name = name
        self.within_years = WithinYears(years_ahead)
        self.validators.append(self.within_years)

    def date_name(self):
        if self.name:
            return self.name
        phrase = label_phrase(self.label)
        if phrase == "date" or "date" not in phrase.lower():
            return "the date"
        # "Date closed" reads as "Enter the date closed", "The date closed must be ...".
        return f"the {phrase}" if phrase.startswith("date") else phrase

    def name_the_date(self):
        """Word every message with the date's name. The label is read when the form is
        cleaned, as a form may change it after the field is made."""
        name = capfirst(self.date_name())
        self.within_years.name = name
        for field, part in zip(self.fields, ["day", "month", "year"], strict=True):
            field.error_messages["incomplete"] = f"{name} must include a {part}"
            field.validators = [
                validators.RegexValidator(r"^[0-9]+$", f"{name} must be a real date")
            ]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(
                f"{capfirst(self.date_name())} must be a real date, for example 27 3 2019"
            ) from None

    def clean(self, value):
        self.name_the_date()
        name = self.date_name()
        if not any(value or []):
            if self.required:
                raise ValidationError(f"Enter {name}", code="required")
            return None
        try:
            return super().clean(value)
        except ValidationError:
            raise
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                f"{capfirst(name)} must be a real date, for example 27 3 2019"
            ) from None


def check_date_order(form, cleaned_data, start, end):
    """A period's end may not come before its start: the error goes on the end date."""
    first, last = cleaned_data.get(start), cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, "The end date must be on or after the start date")
    return cleaned_data
