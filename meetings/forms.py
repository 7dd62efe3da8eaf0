import datetime

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from assessments.forms import PlainLanguageFormMixin, label_score_fields
from cases.forms import CaseChangeFormMixin, RevisionedFormMixin
from cases.models import STAFF_ROLES, PracticeContext, User
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
        error_messages = {"place": {"required": "Enter where the meeting was held"}}

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
        self.fields["user"].label = "Their account, if they use this service"
        # A partner, to read the minutes; or a worker in the case's team, to see on their home
        # page the actions they own.
        self.fields["user"].queryset = User.objects.filter(is_active=True).filter(
            Q(role=User.Role.PARTNER) | Q(role__in=STAFF_ROLES, team_id=self.meeting.case.team_id)
        )
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
        # Here a score is always given: someone who declines is recorded in the scaling round.
        self.fields["score"].required = True
        self.fields["reason"].required = True
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


# Decisions only a strategy discussion makes: whether a section 47 enquiry starts, and that one
# ends with no conference. Child protection words, so never offered in early help.
STRATEGY_DECISIONS = {Decision.Kind.SECTION_47, Decision.Kind.NO_CONFERENCE}


def offer_decision_kinds(form):
    """The decisions this meeting can make. A saved decision keeps its own kind on offer."""
    meeting = form.meeting
    strategy = (
        meeting.kind == Meeting.Kind.STRATEGY_DISCUSSION
        and meeting.case.practice_context != PracticeContext.EARLY_HELP
    )
    field = form.fields["kind"]
    field.error_messages["invalid_choice"] = (
        f"Choose one of the decisions listed for this {meeting.get_kind_display().lower()}"
    )
    field.choices = [
        (value, label)
        for value, label in field.choices
        if strategy or value not in STRATEGY_DECISIONS or value == form.instance.kind
    ]


class DecisionForm(MeetingPartFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "category", "details"]
        widgets = {"kind": forms.RadioSelect, **textareas(details=3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_decision_kinds(self)

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


# --- Recording the meeting as it happens -------------------------------------------------------
# The register, the scaling round, the decisions and the actions are each one page with a row
# per person or per item, so a chair keeps up on a laptop. Each row is its own form in a
# formset: an error stays on its row and every other row keeps what was typed.


class MeetingRowFormMixin(MeetingPartFormMixin):
    """One row of a page that records a part of the meeting for everyone at once. The page has
    one form tag and one save button, so a row has neither."""

    submit_label = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # Each row's layout names what a person fills in; the row's id and revision go too.
        self.helper.render_hidden_fields = True


def legend(text):
    """A row's legend or hint: crispy marks both safe, so words people typed (a name, an agency)
    are escaped here."""
    return escape(text)


class AttendanceForm(MeetingRowFormMixin, forms.ModelForm):
    """Whether one invited person came: a row of the register, named by its legend."""

    class Meta:
        model = Attendee
        fields = ["attendance"]
        widgets = {"attendance": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attendee = self.instance
        field = self.fields["attendance"]
        field.label = legend(attendee.name)
        field.help_text = legend(
            attendee.get_kind_display() + (f", {attendee.agency}" if attendee.agency else "")
        )
        field.error_messages["required"] = f"Choose whether {attendee.name} came"
        self.helper.layout = Layout(Field.radios("attendance", inline=True, legend_size=Size.SMALL))


class NewAttendeeForm(MeetingRowFormMixin, forms.ModelForm):
    """Someone who came without being invited, added to the register as they arrive. A row left
    empty adds nobody."""

    class Meta:
        model = Attendee
        fields = ["name", "kind", "agency"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name"
        self.fields["name"].error_messages["required"] = "Enter the name of the person who came"
        self.fields["agency"].label = "Agency, for a professional"
        self.fields["agency"].help_text = ""
        self.helper.layout = Layout(
            Fieldset(
                Field.text("name"),
                Field.radios("kind", inline=True, legend_size=Size.SMALL),
                Field.text("agency"),
                legend="Someone else who came",
                legend_size=Size.SMALL,
            )
        )

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if "kind" in self.errors or not cleaned_data.get("kind"):
            self.errors.pop("kind", None)
            who = f"who {name} is" if name else "who they are"
            self.add_error("kind", f"Choose {who}: a professional, a family member or the child")
        elif (
            cleaned_data["kind"] == Attendee.Kind.PROFESSIONAL
            and not (cleaned_data.get("agency") or "").strip()
        ):
            self.add_error("agency", f"Enter the agency for {name or 'this professional'}")
        return cleaned_data


DECLINED = "declined"
SCORE_CHOICES = [
    ("", "Choose a score"),
    *((str(number), str(number)) for number in range(11)),
    (DECLINED, "Did not want to give a score"),
]


class ScalingRoundForm(MeetingRowFormMixin, forms.ModelForm):
    """One person's answer in the scaling round: a score, or that they did not want to give
    one; why; and what would move it up one point."""

    plain_language_fields = ["reason", "move_up_one"]

    answer = forms.ChoiceField(label="Score, from 0 to 10", choices=SCORE_CHOICES)

    class Meta:
        model = MeetingScalingAnswer
        fields = ["reason", "move_up_one"]
        widgets = {
            "reason": forms.TextInput(attrs={"class": "govuk-input"}),
            "move_up_one": forms.TextInput(attrs={"class": "govuk-input"}),
        }

    def __init__(self, *args, attendee, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendee = attendee
        self.instance.attendee = attendee
        name = attendee.name
        if self.instance.pk:
            self.initial["answer"] = (
                DECLINED if self.instance.declined else str(self.instance.score)
            )
        self.fields["answer"].error_messages["required"] = (
            f"Choose the score {name} gave, or that they did not want to give one"
        )
        self.fields["move_up_one"].label = "What would move the score up one point (optional)"
        self.helper.layout = Layout(
            Fieldset(
                Field.select("answer"),
                Field.text("reason"),
                Field.text("move_up_one"),
                legend=legend(f"{name}, {attendee.get_kind_display().lower()}"),
                legend_size=Size.SMALL,
            )
        )

    def clean(self):
        cleaned_data = super().clean()
        answer = cleaned_data.get("answer")
        if answer and answer != DECLINED and not (cleaned_data.get("reason") or "").strip():
            self.add_error("reason", f"Enter why {self.attendee.name} gave that score")
        return cleaned_data

    def save(self, commit=True):
        answer = self.instance
        answer.meeting = self.meeting
        answer.declined = self.cleaned_data["answer"] == DECLINED
        answer.score = None if answer.declined else int(self.cleaned_data["answer"])
        return super().save(commit=commit)


class DecisionRowForm(MeetingRowFormMixin, forms.ModelForm):
    """One decision of the meeting. A row left empty adds nothing."""

    noun = "decision"

    class Meta:
        model = Decision
        fields = ["kind", "category", "details"]
        widgets = {
            "kind": forms.RadioSelect,
            "details": forms.TextInput(attrs={"class": "govuk-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = "What was decided"
        self.fields["kind"].error_messages["required"] = "Choose what was decided"
        offer_decision_kinds(self)
        self.fields["category"].choices = [("", "None"), *Decision.Category.choices]
        self.fields["details"].label = "Why, and anything more (optional)"
        number = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(number) + 1 if number.isdigit() else 1
        self.helper.layout = Layout(
            Fieldset(
                Field.radios("kind", small=True, legend_size=Size.SMALL),
                Field.select("category"),
                Field.text("details"),
                legend=f"Decision {number}",
                legend_size=Size.MEDIUM,
            )
        )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("kind") == Decision.Kind.PLAN_NEEDED and not cleaned_data.get(
            "category"
        ):
            self.add_error("category", "Choose the category of the child protection plan")
        return cleaned_data


class ActionRowForm(MeetingRowFormMixin, forms.ModelForm):
    """One action: what will happen, which person at the meeting will do it, and by when."""

    noun = "action"
    plain_language_fields = ["what"]

    by_when = GDSDateField(label="By when", help_text="For example, 1 12 2026.", years_ahead=2)

    class Meta:
        model = Action
        fields = ["what", "owner", "by_when"]
        widgets = {"what": forms.TextInput(attrs={"class": "govuk-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = self.meeting.attendees.filter(attendance=Attendee.Attendance.ATTENDED)
        # An action recorded before actions had owners keeps the name it was given, until
        # someone chooses its owner; every new action has one.
        owner.required = self.instance.pk is None or self.instance.owner_id is not None
        owner.empty_label = "Choose who" if owner.required else f"{self.instance.who} (as recorded)"
        owner.label_from_instance = lambda attendee: ", ".join(
            filter(None, [attendee.name, attendee.agency])
        )
        owner.error_messages.update(
            {
                "required": "Choose who will do it",
                "invalid_choice": "Choose someone who came to the meeting",
            }
        )
        self.fields["what"].error_messages["required"] = "Enter what will happen"
        number = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(number) + 1 if number.isdigit() else 1
        self.helper.layout = Layout(
            Fieldset(
                Field.text("what"),
                Field.select("owner"),
                Field("by_when"),
                legend=f"Action {number}",
                legend_size=Size.MEDIUM,
            )
        )

    def save(self, commit=True):
        action = self.instance
        action.meeting = self.meeting
        owner = self.cleaned_data["owner"]
        if owner is not None:
            action.who = f"{owner.name} ({owner.agency})" if owner.agency else owner.name
        return super().save(commit=commit)


class RowFormSet(forms.BaseModelFormSet):
    """Decisions or actions, a row each: a saved row can be removed with a tick in its own
    box. Django adds that box after the row's form is made, so here it joins the row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove this {form.noun}"
            form.helper.layout[0].fields.append("DELETE")


class DiscussionForm(MeetingPartFormMixin, forms.ModelForm):
    """The meeting's discussion in the three columns, in the case's own words."""

    plain_language_fields = ["worried_about", "working_well", "needs_to_happen"]

    class Meta:
        model = Meeting
        fields = ["worried_about", "working_well", "needs_to_happen"]
        widgets = textareas(worried_about=6, working_well=6, needs_to_happen=6)

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "worried_about"
        ].help_text = f"Past harm, {terms.future_harm.lower()} and complicating factors."
        self.fields["working_well"].help_text = "Existing strengths and existing safety."
        self.fields[
            "needs_to_happen"
        ].help_text = "The family's goals, the agency's goals and the next steps."
