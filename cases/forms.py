import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.access import people_visible_to
from cases.models import (
    CHILD_CODES,
    PERSON_DETAILS,
    Case,
    Consent,
    FamilyMember,
    PartnerAccessGrant,
    Person,
    PracticeContext,
    Referral,
    SafetyNetworkMember,
    User,
    search_key,
)
from codesets import cin_census
from sos_site.forms import (
    SCORE_INPUT,
    GDSDateField,
    GDSFormMixin,
    ReasonField,
    WithinYears,
    check_date_order,
    textareas,
)


class CaseChangeFormMixin:
    """For forms that change a case: a closed case refuses changes until a manager reopens it."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if self.case is not None:
            self.case.refuse_if_closed()
        return cleaned_data


class RevisionedFormMixin:
    """Carries the revision the person started editing from, so a save can spot a conflict."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only an edit of something already saved can conflict.
        self.fields["revision"] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=self.instance.revision,
            required=self.instance.pk is not None,
        )

    @property
    def expected_revision(self):
        return self.cleaned_data.get("revision") or self.instance.revision


class PersonForm(GDSFormMixin, RevisionedFormMixin, CaseChangeFormMixin, forms.ModelForm):
    """A child's or an adult's details. Warns about a likely duplicate and never merges."""

    date_of_birth = GDSDateField(
        label="Date of birth",
        required=False,
        years_ahead=1,
        help_text="For example, 27 3 2019. For an unborn baby, the date they are due.",
    )
    not_a_duplicate = forms.BooleanField(
        label="I have checked: this is a different person",
        required=False,
    )

    class Meta:
        model = Person
        fields = PERSON_DETAILS
        widgets = {"gender": forms.RadioSelect, **textareas(communication_needs=3, address=3)}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["gender"].choices = [("", "Not recorded"), *Person.Gender.choices]
        self.fields["gender"].required = False
        self.duplicates = []
        # Only shown once a likely duplicate has been found.
        self.fields["not_a_duplicate"].widget = forms.HiddenInput()

    def clean(self):
        cleaned_data = super().clean()
        candidate = Person(
            pk=self.instance.pk,
            first_name=cleaned_data.get("first_name", ""),
            last_name=cleaned_data.get("last_name", ""),
            date_of_birth=cleaned_data.get("date_of_birth"),
        )
        self.duplicates = list(candidate.likely_duplicates(among=people_visible_to(self.user))[:5])
        if self.duplicates and not cleaned_data.get("not_a_duplicate"):
            self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
            self.add_error(
                "not_a_duplicate",
                f"Someone called {candidate.full_name} with the same date of birth is already "
                "recorded. If this is a different person, tick the box. If it is the same "
                "person, do not add them again.",
            )
        return cleaned_data


# The DfE's format: a check letter, then 11 digits, then a digit or (for a temporary number)
# a letter.
UPN_FORMAT = re.compile(
    rf"^[{cin_census.UPN_CHECK_LETTERS}][0-9]{{11}}[0-9{cin_census.UPN_CHECK_LETTERS}]$"
)


def one_of_two(field):
    """A field of a pair that needs one answer between them: neither is marked optional."""
    field.one_of_two = True
    return field


def in_census_order(code_list, codes):
    """Ticked codes in the census list's own order, however they were ticked."""
    return [code for code in code_list.values if code in codes]


def census_choices(code_list, empty):
    """A census code list for a GOV.UK select, with `empty` as its first, blank, option."""
    return [("", empty), *code_list.choices]


class ChildForm(PersonForm):
    """A subject child's details, with what the statutory returns ask about them: the unique
    pupil number or why there is none, ethnicity, disabilities and, sadly, a date of death."""

    # No length limit here: a number copied with spaces is longer until clean_upn() tidies it.
    upn = one_of_two(
        forms.CharField(
            label="Unique pupil number (UPN)",
            required=False,
            help_text="13 characters, from the child's school. For example, A123456789012.",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        )
    )
    upn_unknown = one_of_two(
        forms.ChoiceField(
            label="Why there is no unique pupil number",
            required=False,
            help_text="Only if the child does not have one.",
            choices=census_choices(cin_census.UPNUnknown, "The child has a number"),
        )
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        required=False,
        choices=census_choices(cin_census.Ethnicity, "Not recorded"),
        help_text="As the child or family describe it.",
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        required=False,
        choices=cin_census.Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or ‘No disability’.",
    )
    date_of_death = GDSDateField(
        label="Date of death",
        required=False,
        years_ahead=1,
        help_text="Only if the child has died.",
    )

    class Meta(PersonForm.Meta):
        fields = PERSON_DETAILS + CHILD_CODES

    def clean_upn(self):
        # People copy numbers with spaces and in lower case; the DfE's format has neither.
        upn = "".join(self.cleaned_data["upn"].split()).upper()
        if upn and not UPN_FORMAT.match(upn):
            raise ValidationError(
                "Enter a unique pupil number in the right format, like A123456789012"
            )
        if upn and cin_census.upn_check_letter(upn) != upn[0]:
            raise ValidationError(
                "The unique pupil number’s first letter does not match the rest of it: check "
                "the number with the child’s school"
            )
        return upn

    def clean_disabilities(self):
        disabilities = self.cleaned_data["disabilities"]
        if cin_census.Disability.NONE in disabilities and len(disabilities) > 1:
            raise ValidationError(
                "Select ‘No disability’ on its own, or untick it and select each disability"
            )
        return in_census_order(cin_census.Disability, disabilities)

    def clean(self):
        cleaned_data = super().clean()
        upn, upn_unknown = cleaned_data.get("upn"), cleaned_data.get("upn_unknown")
        if "upn" not in self.errors and "upn_unknown" not in self.errors:
            if not upn and not upn_unknown:
                self.add_error(
                    "upn", "Enter the unique pupil number, or select why there is not one"
                )
            elif upn and upn_unknown:
                self.add_error(
                    "upn_unknown",
                    "Leave why there is no unique pupil number blank, as you have entered one",
                )
        died = cleaned_data.get("date_of_death")
        born = cleaned_data.get("date_of_birth")
        if died and died > timezone.localdate():
            self.add_error("date_of_death", "The date of death must be today or in the past")
        elif died and born and died < born:
            self.add_error(
                "date_of_death", "The date of death must be on or after the date of birth"
            )
        return cleaned_data


class FamilyMemberForm(PersonForm):
    """A new person in the family, and who they are to the children."""

    relationship = forms.ChoiceField(
        label="Who they are to the children",
        choices=FamilyMember.Relationship.choices,
        widget=forms.RadioSelect,
    )
    lives_with_child = forms.BooleanField(label="Lives with the children", required=False)


class OpenCaseForm(GDSFormMixin, forms.Form):
    """What kind of work the case is and who holds it. The first child comes on the same page."""

    submit_label = None  # the page has one button for this form and the child's details

    practice_context = forms.ChoiceField(
        label="Kind of work", choices=PracticeContext.choices, widget=forms.RadioSelect
    )
    allocated_worker = forms.ModelChoiceField(
        label="Allocated worker", queryset=User.objects.none(), empty_label=None
    )
    referral_source = forms.ChoiceField(
        label="Who asked for help",
        choices=census_choices(cin_census.ReferralSource, "Choose who"),
        help_text="Who first told us about the child: a school, the police, a relative.",
        error_messages={"required": "Select who asked for help"},
    )
    primary_need = forms.ChoiceField(
        label="The main need",
        choices=census_choices(cin_census.PrimaryNeed, "Choose the main need"),
        help_text="The main reason the child needs our help now.",
        error_messages={"required": "Select the main need"},
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocated_worker"].queryset = team_staff([team])
        self.helper.form_tag = False


class AllocateForm(GDSFormMixin, CaseChangeFormMixin, forms.Form):
    submit_label = "Allocate"

    allocated_worker = forms.ModelChoiceField(
        label="Allocated worker", queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocated_worker"].queryset = team_staff([self.case.team])


class CloseCaseForm(GDSFormMixin, CaseChangeFormMixin, forms.Form):
    """Closing a case: when and why, and for the census's kinds of work, the census's reason.
    Early help and care leavers are not in the census, so they are not asked for one."""

    submit_label = "Close the case"

    closed_on = GDSDateField(label="Date closed", help_text="For example, 14 11 2026.")
    reason_for_closure = forms.ChoiceField(
        label="Reason for closing",
        choices=cin_census.ReasonForClosure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for closing"},
    )
    reason = ReasonField(
        "Why is the case closing?", required_message="Enter why the case is closing"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.case.in_census:
            del self.fields["reason_for_closure"]

    def clean_reason_for_closure(self):
        reason_for_closure = self.cleaned_data["reason_for_closure"]
        if reason_for_closure == cin_census.ReasonForClosure.RC2:
            recorded = self.case.children.filter(date_of_death__isnull=False).exists()
            if not recorded:
                raise ValidationError(
                    "Record the child's date of death in their details before closing the case "
                    "with the reason ‘Died’"
                )
        return reason_for_closure

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise ValidationError("The date closed must be today or in the past")
        if closed_on < self.case.opened_on:
            raise ValidationError("The date closed must be on or after the date the case opened")
        return closed_on


class ReopenCaseForm(GDSFormMixin, forms.Form):
    submit_label = "Reopen the case"

    reason = ReasonField(
        "Why is the case reopening?", required_message="Enter why the case is reopening"
    )


class RestrictionForm(GDSFormMixin, CaseChangeFormMixin, forms.Form):
    submit_label = "Save who can see the case"

    restricted = forms.BooleanField(
        label="Restrict this case: only the people named below can see it", required=False
    )
    named_users = forms.ModelMultipleChoiceField(
        label="Who can see the case",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, by, **kwargs):
        self.by = by
        super().__init__(*args, **kwargs)
        self.fields["named_users"].queryset = User.objects.filter(
            is_active=True, role__in=[User.Role.SOCIAL_WORKER, User.Role.MANAGER]
        ).order_by("first_name", "last_name")

    def clean(self):
        cleaned_data = super().clean()
        named = cleaned_data.get("named_users") or []
        if cleaned_data.get("restricted"):
            if not named:
                self.add_error("named_users", "Name at least one person who can see the case")
            elif self.by not in named:
                self.add_error(
                    "named_users", "Name yourself too, or you will not be able to see the case"
                )
        return cleaned_data


class SafetyNetworkMemberForm(
    GDSFormMixin, RevisionedFormMixin, CaseChangeFormMixin, forms.ModelForm
):
    """Add someone to the safety network: a person already on the case, or someone new."""

    existing_person = forms.ModelChoiceField(
        label="Someone already recorded on this case",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Someone new",
    )
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    joined_on = GDSDateField(
        label="Date they joined the network", help_text="For example, 3 11 2026."
    )

    class Meta:
        model = SafetyNetworkMember
        fields = ["relationship", "agreed_to_do", "phone", "email", "joined_on"]
        widgets = textareas(agreed_to_do=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        family = Person.objects.filter(family_roles__case=self.case)
        children = Person.objects.filter(cases_as_child=self.case)
        self.fields["existing_person"].queryset = (family | children).distinct()
        if self.instance.pk:
            # The person is fixed once they are in the network; edit their details elsewhere.
            for name in ["existing_person", "first_name", "last_name"]:
                del self.fields[name]
        self.order_fields(["existing_person", "first_name", "last_name"])

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk or cleaned_data.get("existing_person"):
            return cleaned_data
        if not cleaned_data.get("first_name"):
            self.add_error("first_name", "Enter their first name, or choose someone recorded")
        if not cleaned_data.get("last_name"):
            self.add_error("last_name", "Enter their last name, or choose someone recorded")
        return cleaned_data

    def network_person(self):
        """The person joining: one already recorded, or a new record for someone new."""
        if self.cleaned_data.get("existing_person"):
            return self.cleaned_data["existing_person"]
        return Person(
            first_name=self.cleaned_data["first_name"], last_name=self.cleaned_data["last_name"]
        )


class EndNetworkMemberForm(GDSFormMixin, CaseChangeFormMixin, forms.Form):
    submit_label = "End their part in the network"

    ended_on = GDSDateField(label="Date they stopped", help_text="For example, 3 11 2026.")
    reason = ReasonField(
        "Why are they no longer in the network?",
        required_message="Enter why they are no longer in the network",
        rows=3,
    )

    def __init__(self, *args, member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.member.joined_on:
            raise ValidationError("The date they stopped must be on or after the date they joined")
        return ended_on


class PartnerGrantForm(GDSFormMixin, CaseChangeFormMixin, forms.ModelForm):
    submit_label = "Give access"

    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=User.objects.none(),
        error_messages={
            "invalid_choice": "Choose a partner from the list. Only partner agency users can "
            "be given access to a case this way.",
            "required": "Choose a partner",
        },
    )
    valid_from = GDSDateField(
        label="From", help_text="For example, 1 12 2026.", name="the start date"
    )
    valid_until = GDSDateField(
        label="Until", help_text="Access ends at the end of this day.", name="the end date"
    )

    class Meta:
        model = PartnerAccessGrant
        fields = ["partner", "valid_from", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = User.objects.filter(
            role=User.Role.PARTNER, is_active=True
        ).order_by("agency", "first_name")
        self.fields["partner"].label_from_instance = lambda user: f"{user}, {user.agency}"

    def clean(self):
        return check_date_order(self, super().clean(), "valid_from", "valid_until")


class RevokeGrantForm(GDSFormMixin, forms.Form):
    submit_label = "Remove access"

    reason = ReasonField(
        "Why is access being removed?", required_message="Enter why access is being removed", rows=3
    )


class ReferralForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save the referral"

    received_on = GDSDateField(label="Date received", help_text="For example, 24 11 2026.")
    child_date_of_birth = GDSDateField(
        label="Child's date of birth", required=False, help_text="Leave blank if not known."
    )

    class Meta:
        model = Referral
        fields = [
            "received_on",
            "team",
            "referrer_name",
            "referrer_agency",
            "referrer_contact",
            "consent",
            "consent_details",
            "child_first_name",
            "child_last_name",
            "child_date_of_birth",
            "child_address",
            "worried_about",
            "working_well",
            "needs_to_happen",
            "referrer_scaling_score",
        ]
        widgets = {
            "consent": forms.RadioSelect,
            "consent_details": forms.Textarea(attrs={"rows": 3}),
            "child_address": forms.Textarea(attrs={"rows": 3}),
            "worried_about": forms.Textarea(attrs={"rows": 6}),
            "working_well": forms.Textarea(attrs={"rows": 6}),
            "needs_to_happen": forms.Textarea(attrs={"rows": 6}),
            "referrer_scaling_score": SCORE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].empty_label = None
        self.fields["worried_about"].error_messages["required"] = "Enter what you are worried about"
        self.fields["referrer_scaling_score"].error_messages.update(
            {
                "min_value": "The scaling score must be between 0 and 10",
                "max_value": "The scaling score must be between 0 and 10",
                "invalid": "The scaling score must be a whole number between 0 and 10",
            }
        )

    def clean(self):
        cleaned_data = super().clean()
        received_on = cleaned_data.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", "The date received must be today or in the past")
        born = cleaned_data.get("child_date_of_birth")
        if born and born > timezone.localdate():
            self.add_error("child_date_of_birth", "The child's date of birth must be in the past")
        if cleaned_data.get("consent") == Consent.NOT_ASKED and not cleaned_data.get(
            "consent_details"
        ):
            self.add_error("consent_details", "Say why the family have not been told")
        return cleaned_data


class TriageForm(GDSFormMixin, forms.Form):
    """A manager's decision on a referral. Every decision has a reason."""

    submit_label = "Record the decision"

    NEW_CASE, LINK, NO_FURTHER_ACTION = "new_case", "link", "no_further_action"

    decision = forms.ChoiceField(
        label="What happens next?",
        choices=[
            (NEW_CASE, "Open a new case"),
            (LINK, "Add it to a case we already have"),
            (NO_FURTHER_ACTION, "Close it with no further action"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    practice_context = forms.ChoiceField(
        label="Kind of work, for a new case",
        choices=[("", "Choose"), *PracticeContext.choices],
        required=False,
    )
    allocated_worker = forms.ModelChoiceField(
        label="Allocated worker, for a new case", queryset=User.objects.none(), required=False
    )
    case_reference = forms.CharField(
        label="Case reference, to add it to a case we already have",
        required=False,
        help_text="For example, SOS-2026-00042.",
    )
    source = forms.ChoiceField(
        label="Who made the referral",
        choices=census_choices(cin_census.ReferralSource, "Choose who"),
        error_messages={"required": "Select who made the referral"},
    )
    primary_need = forms.ChoiceField(
        label="The main need, for a new case or a case we already have",
        choices=census_choices(cin_census.PrimaryNeed, "Choose the main need"),
        required=False,
        help_text="The main reason the child needs our help now.",
    )
    reason = ReasonField(
        "Reason for the decision", required_message="Enter the reason for the decision"
    )

    def __init__(self, *args, referral, writable_cases, **kwargs):
        self.referral = referral
        # Adding a referral to a case changes what the case holds, so only cases this manager
        # may change are offered or accepted; emergency (read-only) access is not enough.
        self.writable_cases = writable_cases
        super().__init__(*args, **kwargs)
        # Who referred is about the referral itself, so it comes first.
        self.order_fields(["source", "decision"])
        self.fields["allocated_worker"].queryset = team_staff([referral.team])
        matches = self.cases_for_the_referred_child()
        if matches:
            references = ", ".join(case.reference for case in matches)
            self.fields["case_reference"].help_text = (
                f"Cases you can change with a child called {referral.child_first_name} "
                f"{referral.child_last_name}: {references}."
            )

    def cases_for_the_referred_child(self):
        """Cases this manager may change that have a subject child with the referred child's
        name, so a second referral about a child we already work with is easy to add."""
        name = search_key(f"{self.referral.child_first_name} {self.referral.child_last_name}")
        return list(
            self.writable_cases.filter(children__search_name__startswith=name)
            .distinct()
            .order_by("reference")[:5]
        )

    def clean(self):
        cleaned_data = super().clean()
        decision = cleaned_data.get("decision")
        self.referral.refuse_unless_waiting()
        if decision in {self.NEW_CASE, self.LINK} and not cleaned_data.get("primary_need"):
            self.add_error("primary_need", "Select the main need, as the child will have a case")
        if decision == self.NEW_CASE:
            if not cleaned_data.get("practice_context"):
                self.add_error("practice_context", "Choose the kind of work for the new case")
            if not cleaned_data.get("allocated_worker"):
                self.add_error("allocated_worker", "Choose who will hold the new case")
        if decision == self.LINK:
            reference = cleaned_data.get("case_reference", "").strip().upper()
            case = self.writable_cases.filter(reference=reference).first()
            if case is None:
                # The same words whether the case is hidden, read-only or not there at all.
                self.add_error(
                    "case_reference",
                    "Enter the reference of a case you can change, like SOS-2026-00042",
                )
            cleaned_data["case"] = case
        return cleaned_data


class BreakGlassForm(GDSFormMixin, forms.Form):
    submit_label = "Get emergency access"
    # A reason someone else can act on: a sentence, not "x" or "urgent".
    REASON_MIN_LENGTH = 20
    # The same words whether there is no such case or it is one this form will not open.
    NOT_FOUND = "We could not find a case with that reference"

    reference = forms.CharField(label="Case reference", help_text="For example, SOS-2026-00042.")
    reason = ReasonField(
        "Why do you need to see this case now?",
        required_message="Enter why you need to see this case now",
        help_text="Your manager and the case's manager will see this.",
    )

    def __init__(self, *args, readable_cases, **kwargs):
        # Emergency access is for a case the user cannot already read; one they can read needs none.
        self.readable_cases = readable_cases
        self.readable_case = None
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < self.REASON_MIN_LENGTH:
            raise ValidationError(
                f"Why you need to see this case now must be at least {self.REASON_MIN_LENGTH} "
                "characters. Say what has happened and why it cannot wait"
            )
        return reason

    def clean(self):
        cleaned_data = super().clean()
        # The reference is looked up only with a good reason, so that a wrong reason gets the
        # same answer whether or not the case exists.
        if "reference" not in cleaned_data or "reason" not in cleaned_data:
            return cleaned_data
        reference = cleaned_data["reference"].strip().upper()
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            self.add_error("reference", self.NOT_FOUND)
        elif self.readable_cases.filter(pk=case.pk).exists():
            self.readable_case = case
            self.add_error(
                "reference",
                f"You can already see {reference}, so you do not need emergency access. "
                "Find it with search instead",
            )
        else:
            cleaned_data["case"] = case
        return cleaned_data


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth or case reference",
        help_text="For example, Leo Reid, 27/1/2022 or SOS-2026-00042.",
        max_length=200,
        error_messages={"required": "Enter a name, date of birth or case reference"},
    )

    def clean_q(self):
        """A query written as a date (day/month/year) must be a real date of birth."""
        query = self.cleaned_data["q"]
        parts = query.strip().replace("-", "/").replace(".", "/").split("/")
        self.born_on = None
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if len(parts) == 3 and all(part.isdecimal() for part in parts):
            day, month, year = (int(part) for part in parts)
            try:
                self.born_on = date(year, month, day)
            except (ValueError, OverflowError):  # OverflowError: a year too long for any date
                raise ValidationError("Enter a real date of birth, for example 27/1/2022") from None
            WithinYears(years_ahead=1, name="The date of birth")(self.born_on)
        return query

    def search_date(self):
        """The query read as a date (day/month/year), or None."""
        return self.born_on


class TeamCaseloadFilterForm(forms.Form):
    practice_context = forms.ChoiceField(
        label="Kind of work", choices=[("", "All"), *PracticeContext.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("open", "Open"), ("closed", "Closed"), ("", "All")],
        required=False,
    )
    worker = forms.ModelChoiceField(
        label="Allocated worker", queryset=User.objects.none(), required=False, empty_label="All"
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        worker.queryset = team_staff(teams)
        # Read once for the list: a model choice field's own choices count the staff first.
        worker.choices = [
            ("", worker.empty_label),
            *((user.pk, str(user)) for user in worker.queryset),
        ]

    def selects(self):
        """Each field with its options as (value, label, selected), for the page's selects.
        Deciding `selected` here compares strings; in the template it asked the field for its
        value once per option, and a team has dozens of staff."""
        for field in self:
            chosen = "" if field.value() is None else str(field.value())
            options = [(value, label, str(value) == chosen) for value, label in field.field.choices]
            yield field, options


def team_staff(teams):
    """The active social workers and managers of these teams: the people who can hold their
    cases."""
    return User.objects.filter(
        team__in=teams, is_active=True, role__in=[User.Role.SOCIAL_WORKER, User.Role.MANAGER]
    ).order_by("first_name", "last_name")
