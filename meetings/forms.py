import datetime

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from assessments.forms import PlainLanguageFormMixin, label_score_fields
from cases.forms import CaseChangeFormMixin, RevisionedFormMixin
from cases.models import User
from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer
from sos_site.forms import SCORE_INPUT, GDSDateField, GDSFormMixin, textareas

# A meeting date more than a year ahead, or before 2000, is almost always a mistyped year. A
# pre-birth conference, held before the child is born, is a normal meeting, so nothing else
# about the date is refused.
EARLIEST_MEETING_DATE = datetime.date(2000, 1, 1)
MEETINGS_BOOKED_AHEAD = relativedelta(years=1)


class MeetingForm(
    GDSFormMixin, RevisionedFormMixin, PlainLanguageFormMixin, CaseChangeFormMixin, forms.ModelForm
):
    """The meeting's details, its discussion in the three columns, and the minutes."""

    plain_language_fields = ["worried_about", "working_well", "needs_to_happen", "minutes"]

    held_on = GDSDateField(label="Date", help_text="For example, 24 11 2026.")
    time = forms.TimeField(
        label="Time",
        help_text="For example, 14:30.",
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        error_messages={"invalid": "Enter a time like 14:30", "required": "Enter the time"},
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held_on",
            "time",
            "place",
            "chair",
            "scaling_question",
            "worried_about",
            "working_well",
            "needs_to_happen",
            "minutes",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            **textareas(
                scaling_question=3, worried_about=5, working_well=5, needs_to_happen=5, minutes=8
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            held_at = timezone.localtime(self.instance.held_at)
            self.initial.setdefault("held_on", held_at.date())
            self.initial.setdefault("time", held_at.strftime("%H:%M"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate() + MEETINGS_BOOKED_AHEAD:
            raise forms.ValidationError("The meeting date must be no more than a year from today")
        if held_on < EARLIEST_MEETING_DATE:
            raise forms.ValidationError("The meeting date must be in 2000 or later")
        return held_on

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.instance.refuse_changes()
        held_on, time = cleaned_data.get("held_on"), cleaned_data.get("time")
        if held_on and held_on < self.case.opened_on:
            self.add_error(
                "held_on",
                f"The meeting cannot be before the case opened on {self.case.opened_on:%-d %B %Y}",
            )
        if held_on and time:
            self.instance.held_at = timezone.make_aware(datetime.datetime.combine(held_on, time))
        return cleaned_data


class MeetingPartFormMixin(GDSFormMixin, RevisionedFormMixin, PlainLanguageFormMixin):
    """For the people, answers, decisions and actions of a meeting: once it is finalised,
    nothing changes."""

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        self.meeting.refuse_changes()
        return cleaned_data


class AttendeeForm(MeetingPartFormMixin, forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["kind", "name", "agency", "user", "attendance"]
        widgets = {"kind": forms.RadioSelect, "attendance": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label = "Their account, if they are a partner using this service"
        self.fields["user"].queryset = User.objects.filter(role=User.Role.PARTNER, is_active=True)
        self.fields["user"].empty_label = "None"
        self.fields["user"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("kind") == Attendee.Kind.PROFESSIONAL
            and not (cleaned_data.get("agency") or "").strip()
        ):
            self.add_error("agency", "Enter the professional's agency")
        return cleaned_data


class ScalingAnswerForm(MeetingPartFormMixin, forms.ModelForm):
    plain_language_fields = ["reason", "move_up_one"]

    class Meta:
        model = MeetingScalingAnswer
        fields = ["attendee", "score", "reason", "move_up_one"]
        widgets = {"score": SCORE_INPUT, **textareas(reason=3, move_up_one=3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = self.meeting.attendees.filter(
            attendance=Attendee.Attendance.ATTENDED
        )
        self.fields["attendee"].error_messages.update(
            {
                "invalid_choice": "Choose someone who attended the meeting",
                "required": "Choose who answered",
            }
        )
        label_score_fields(self)

    def validate_unique(self):
        # The database allows one answer per attendee; say so in words, not as a crash.
        attendee = self.cleaned_data.get("attendee")
        if attendee is not None and (
            MeetingScalingAnswer.objects.filter(attendee=attendee)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "attendee",
                f"{attendee.name} has already answered. Change their answer instead.",
            )
            return
        super().validate_unique()


class DecisionForm(MeetingPartFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "category", "details"]
        widgets = {"kind": forms.RadioSelect, **textareas(details=3)}

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("kind") == Decision.Kind.PLAN_NEEDED and not cleaned_data.get(
            "category"
        ):
            self.add_error("category", "Choose the category of the child protection plan")
        return cleaned_data


class ActionForm(MeetingPartFormMixin, forms.ModelForm):
    plain_language_fields = ["what"]

    by_when = GDSDateField(label="By when", help_text="For example, 1 12 2026.")

    class Meta:
        model = Action
        fields = ["what", "who", "by_when", "done"]
        widgets = textareas(what=3)
