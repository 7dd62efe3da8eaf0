import functools
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from cases.history import CaseHistory
from cases.revisions import Revisioned
from codesets import cin_census
from sos_site.paths import path_to


class Team(models.Model):
    """A social work team, such as "North". Cases belong to a team; so do workers and managers."""

    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def choice_label(choices, field):
    """A model's get_FOO_display() for a field whose `choices` are fixed: the same label, read
    from a dict made once. Django's own rebuilds the field's choices on every call, and every
    page names the user's role, and caseloads the kind of work in each row."""
    labels = dict(choices.choices)

    def get_display(self):
        value = getattr(self, field)
        return labels.get(value, value)

    return get_display


class User(AbstractUser):
    """Everyone who signs in: social workers, managers, partner agencies and administrators."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        MANAGER = "manager", "Team manager"
        SERVICE_MANAGER = "service_manager", "Service manager"
        PARTNER = "partner", "Partner agency"
        ADMIN = "admin", "Administrator"
        AUDITOR = "auditor", "Auditor"
        DATA_OFFICER = "data_officer", "Data and performance officer"

    role = models.CharField(max_length=20, choices=Role, default=Role.SOCIAL_WORKER)
    get_role_display = choice_label(Role, "role")
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="Social workers and managers belong to one team.",
    )
    agency = models.CharField(
        max_length=200,
        blank=True,
        help_text="For partners: the school, health service or police team they work for.",
    )

    overseen_teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="service_managers",
        help_text="For service managers: the teams they oversee and may sign work off for.",
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # All that __str__ reads: a list naming people loads only these (only()).
    NAME_FIELDS = ("first_name", "last_name", "username")

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role in {self.Role.SOCIAL_WORKER, self.Role.MANAGER} and self.team_id is None:
            raise ValidationError({"team": "Choose the team this person works in."})
        if self.role == self.Role.PARTNER:
            if not self.agency.strip():
                raise ValidationError({"agency": "Enter the agency this partner works for."})
            if self.team_id is not None:
                raise ValidationError({"team": "Partners do not belong to a social work team."})

    @property
    def is_social_worker(self):
        return self.role == self.Role.SOCIAL_WORKER

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER

    @property
    def is_service_manager(self):
        return self.role == self.Role.SERVICE_MANAGER

    @property
    def is_partner(self):
        return self.role == self.Role.PARTNER

    @cached_property
    def managed_team_ids(self):
        """The teams whose cases this person manages: a team manager's own team, or the teams a
        service manager oversees. They read and write those cases and sign their work off."""
        if self.is_manager:
            return {self.team_id}
        if self.is_service_manager:
            return set(self.overseen_teams.values_list("pk", flat=True))
        return set()

    def manages(self, team_id):
        return team_id in self.managed_team_ids

    @property
    def leads(self):
        """A team manager or a service manager: someone with a queue of decisions."""
        return self.is_manager or self.is_service_manager


class PracticeContext(models.TextChoices):
    """The kind of work a case is. It decides the words the screens use."""

    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILD_IN_CARE = "child_in_care", "Child in care"
    CARE_LEAVER = "care_leaver", "Care leaver"


# The kinds of work the Children in Need census counts: a case of these kinds is asked for the
# census's codes (the main need, the reason for closing, the assessment's factors). Early help
# and care leavers are not in it, so they are not asked.
CENSUS_CONTEXTS = frozenset(
    {
        PracticeContext.CHILD_IN_NEED,
        PracticeContext.CHILD_PROTECTION,
        PracticeContext.CHILD_IN_CARE,
    }
)


# Letters that carry no separate accent mark, so Unicode decomposition leaves them alone.
_PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def code_labels(code_list, codes):
    """A list of census codes as their labels, in the list's own order; an unknown code is
    shown as it is, so nothing recorded is hidden."""
    known = [label for code, label in code_list.choices if code in codes]
    return known + [code for code in codes if code not in code_list.values]


def search_key(text):
    """Lower case without accents, so "Zoë Łukasik" is found by "zoe lukasik" and "ZOE"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# What is recorded about a person, in the order a form asks for it and an export lists it.
PERSON_DETAILS = [
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "is_unborn",
    "gender",
    "languages",
    "communication_needs",
    "address",
    "address_is_confidential",
]
# What the statutory returns ask about a subject child, after their details. Adults are not asked.
CHILD_CODES = ["upn", "upn_unknown", "ethnicity", "disabilities", "date_of_death"]


class Person(Revisioned):
    """A child or an adult that the work is about, or who helps keep a child safe."""

    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "In another way"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called, if different."
    )
    is_unborn = models.BooleanField(
        "Not born yet", default=False, help_text="Tick for an unborn baby."
    )
    date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn baby, the date they are due."
    )
    gender = models.CharField(max_length=10, choices=Gender, blank=True)
    languages = models.CharField(
        max_length=200, blank=True, help_text="For example, English and Polish."
    )
    communication_needs = models.TextField(
        blank=True, help_text="For example, uses British Sign Language, or needs an interpreter."
    )
    address = models.TextField(blank=True)
    # What the statutory returns ask about a child (codesets.cin_census has the codes).
    upn = models.CharField(
        "Unique pupil number (UPN)",
        max_length=13,
        blank=True,
        help_text="13 characters, from the child's school. For example, A123456789012.",
    )
    upn_unknown = models.CharField(
        "Why there is no unique pupil number",
        max_length=3,
        choices=cin_census.UPNUnknown,
        blank=True,
    )
    ethnicity = models.CharField(max_length=4, choices=cin_census.Ethnicity, blank=True)
    disabilities = models.JSONField(
        default=list, blank=True, help_text="Codes from the census's disability list."
    )
    date_of_death = models.DateField(null=True, blank=True)
    address_is_confidential = models.BooleanField(
        "The address is confidential",
        default=False,
        help_text="For example, a refuge. It is never shown to partners and never printed.",
    )
    # Kept in step by save(): the name in lower case without accents, for search.
    search_name = models.CharField(max_length=300, editable=False, db_index=True, default="")

    history = CaseHistory(case_field="id", excluded_fields=["search_name"])

    # Fields holding a list of census codes, and the list they come from, so history shows
    # their labels rather than the codes.
    CODE_LISTS = {"disabilities": cin_census.Disability}

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # A derived search column, not a business rule: it must match the name on every save.
        self.search_name = search_key(f"{self.first_name} {self.last_name} {self.preferred_name}")
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.is_unborn and self.date_of_birth is None:
            raise ValidationError({"date_of_birth": "Enter the date the baby is due."})
        if not self.is_unborn and self.date_of_birth and self.date_of_birth > today:
            raise ValidationError(
                {
                    "date_of_birth": "Date of birth must be today or in the past. For an "
                    "unborn baby, tick 'Not born yet' and enter the date they are due."
                }
            )

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def disability_labels(self):
        """The child's disabilities as the screens name them, in the census's order."""
        return code_labels(cin_census.Disability, self.disabilities)

    @property
    def age(self):
        if self.is_unborn or self.date_of_birth is None:
            return None
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def likely_duplicates(self, among):
        """The other people in `among` recorded with the same name and date of birth. Never
        merged. `among` is whom the asker may see: a warning must not name anyone else."""
        if self.date_of_birth is None:
            return among.none()
        key = search_key(f"{self.first_name} {self.last_name}")
        same = among.filter(date_of_birth=self.date_of_birth, search_name__startswith=key)
        return same.exclude(pk=self.pk)


class ReferenceSequence(models.Model):
    """The last case number given out in a year, so references are short and never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def next_reference(cls, year):
        # Lock the year's row so that two cases opened at once cannot get the same number.
        with transaction.atomic():
            sequence, _ = cls.objects.select_for_update().get_or_create(year=year)
            sequence.last_number += 1
            sequence.save(update_fields=["last_number"])
        return f"SOS-{year}-{sequence.last_number:05d}"


CLOSED_CASE = "This case is closed, so it cannot be changed. A manager can reopen it."


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)

    def allocated_to(self, user):
        return self.filter(allocated_worker=user)

    def for_teams(self, team_ids):
        return self.filter(team__in=team_ids)

    def invited(self, partner):
        """Cases a partner holds an active grant for. Restricted cases are never among them."""
        grants = PartnerAccessGrant.objects.active().filter(case=OuterRef("pk"), partner=partner)
        return self.filter(Exists(grants), restricted=False)

    def with_partner_grants_recorded(self):
        """Each case with `partner_grants_recorded`: how many partner grants it has ever had,
        revoked and ended ones too, counted in the same query."""
        grants = (
            PartnerAccessGrant.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            partner_grants_recorded=Coalesce(Subquery(grants), Value(0)),
        )

    def visible_to(self, user):
        """The cases this user may read. Lists, search and counts all start here.

        Mirrors cases.access.access_level(); the access matrix tests hold the two together.
        """
        if not (user.is_authenticated and user.is_active) or user.role not in STAFF_ROLES:
            return self.none()
        return self.filter(pk__in=visible_case_ids(user))


def visible_case_ids(user):
    """The ids of the cases a staff member may read: their team's and their own unrestricted
    cases, the restricted cases they are named on, and their current emergency access.

    Each part is an index lookup by team or by user, so the set costs the same whether the
    council has ten thousand cases or a million, and joins cheaply to large tables (search).
    """
    return visible_case_ids_of(*visibility_keys(user))


def visibility_keys(user):
    """What visible_case_ids() is built from: the user's id, then their teams' ids. A query
    compiled once per process (sos_site.prepared) takes these as its values, and builds the
    cases the user may read with visible_case_ids_of()."""
    return (user.pk, *sorted({user.team_id, *user.managed_team_ids} - {None}))


def manager_keys(user):
    """visibility_keys() for a manager's queue: the user's id, their own team's id (0 if none),
    then the teams they manage; None if they manage none (a team manager not yet in a team).
    Their own team and the teams they manage are the teams whose cases they may read."""
    managed = sorted(user.managed_team_ids - {None})
    return (user.pk, user.team_id or 0, *managed) if managed else None


def open_team_cases_of(user_pk, own_team, *managed):
    """The open cases of the teams a manager manages that they may read, from manager_keys():
    what the panels of a manager's home page are about."""
    visible = visible_case_ids_of(user_pk, own_team, *managed)
    return Case.objects.filter(pk__in=visible, team__in=managed, status=Case.Status.OPEN)


def visible_case_ids_of(user_pk, *teams):
    # The SQL is the ORM's own, compiled below with its parameters apart: nothing is pasted in.
    return RawSQL(*_visible_case_ids_sql(user_pk, teams, connection.vendor))  # noqa: S611  # nosec B611


@functools.lru_cache(maxsize=4096)
def _visible_case_ids_sql(user_pk, teams, vendor):
    """visible_case_ids() as SQL and its parameters, built once per process for each user and
    their teams (and database: `vendor` is part of the key). Nothing else goes into the query,
    the time included (BreakGlassAccessQuerySet.current() reads the database's clock), so a
    kept one is never stale. Building it through the ORM cost more than running it, and a
    home page asks for it several times."""
    cases = Case.objects.order_by()
    in_team = cases.filter(restricted=False, team__in=teams).values("pk")
    allocated = cases.filter(restricted=False, allocated_worker=user_pk).values("pk")
    named = CaseNamedUser.objects.filter(user=user_pk).order_by().values("case_id")
    break_glass = (
        BreakGlassAccess.objects.current().filter(user=user_pk).order_by().values("case_id")
    )
    return in_team.union(allocated, named, break_glass).query.sql_with_params()


class Case(models.Model):
    """One episode of work with a family, about one or more children."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    practice_context = models.CharField("Kind of work", max_length=20, choices=PracticeContext)
    get_practice_context_display = choice_label(PracticeContext, "practice_context")
    children = models.ManyToManyField(Person, through="SubjectChild", related_name="cases_as_child")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="allocated_cases"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    # The census's codes for this episode: who referred, the main need and why it closed.
    referral_source = models.CharField(
        "Who made the referral", max_length=2, choices=cin_census.ReferralSource, blank=True
    )
    primary_need = models.CharField(
        "The main need", max_length=2, choices=cin_census.PrimaryNeed, blank=True
    )
    reason_for_closure = models.CharField(
        "Reason for closing", max_length=3, choices=cin_census.ReasonForClosure, blank=True
    )
    restricted = models.BooleanField(
        default=False, help_text="Only the people named on the case can see it."
    )
    referral = models.OneToOneField(
        "Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="opened_case"
    )
    # When anything on the case last changed: set with every history row written about it
    # (history.apps), and the key the case page's rendered parts are cached under.
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    history = CaseHistory(case_field="id", excluded_fields=["changed_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "reference"]
        indexes = [models.Index(fields=["team", "status"]), models.Index(fields=["status"])]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return path_to("case_detail", self.pk)

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def in_census(self):
        """Whether the Children in Need census counts this kind of work (CENSUS_CONTEXTS)."""
        return self.practice_context in CENSUS_CONTEXTS

    def page_cache_key(self, page, reader, *asked):
        """Where a page about the case, rendered for this reader, is cached: under the case as
        last changed, the reader and their level of access (`access`, set by the access check),
        the day (what is due and overdue) and whatever else the page was `asked`. Staff and team
        names, which no case's history records, are at most SOS_CASE_PAGE_CACHE_SECONDS old."""
        parts = [page, self.pk, self.changed_at.isoformat(), reader.pk, self.access]
        return ":".join(str(part) for part in [*parts, timezone.localdate(), *asked])

    def refuse_if_closed(self, message=CLOSED_CASE):
        """A closed case changes only once a manager reopens it."""
        if self.is_closed:
            raise ValidationError(message)

    def people(self):
        """Everyone recorded on the case: its children, the family and the safety network."""
        return Person.objects.filter(pk__in=self.person_ids())

    @staticmethod
    def person_tables():
        """The tables that put someone on a case, each with the field that names the person."""
        return [(SubjectChild, "child"), (FamilyMember, "person"), (SafetyNetworkMember, "person")]

    def person_ids(self):
        """The ids of everyone on the case, in one query of three indexed lookups by case."""
        first, *rest = [
            model.objects.filter(case=self).order_by().values_list(f"{field}_id", flat=True)
            for model, field in self.person_tables()
        ]
        return set(first.union(*rest))

    @classmethod
    def open_new(
        cls,
        *,
        practice_context,
        team,
        allocated_worker,
        opened_on,
        children,
        by,
        referral=None,
        referral_source="",
        primary_need="",
    ):
        """Open a case with its next reference number and its subject children."""
        case = cls(
            reference=ReferenceSequence.next_reference(opened_on.year),
            practice_context=practice_context,
            team=team,
            allocated_worker=allocated_worker,
            opened_on=opened_on,
            referral=referral,
            referral_source=referral_source,
            primary_need=primary_need,
        )
        case._history_user = by
        case.save()
        for child in children:
            case.add_child(child, by=by)
        return case

    def add_child(self, child, *, by):
        # One saved row per child, so each gets its own history entry (set() would not).
        subject_child = SubjectChild(case=self, child=child)
        subject_child._history_user = by
        subject_child.save()
        return subject_child

    def allocate(self, worker, *, by):
        self.allocated_worker = worker
        self._history_user = by
        self.save()

    def close(self, *, reason, on, by, reason_for_closure=""):
        self.refuse_if_closed("This case is already closed.")
        self.status = self.Status.CLOSED
        self.closed_on = on
        self.closure_reason = reason
        self.reason_for_closure = reason_for_closure
        self._history_user = by
        self.save()

    def reopen(self, *, reason, by):
        if not self.is_closed:
            raise ValidationError("This case is already open.")
        self.status = self.Status.OPEN
        self.closed_on = None
        # The reason for reopening replaces the closing reason; the history keeps both.
        self.closure_reason = f"Reopened: {reason}"
        self.reason_for_closure = ""
        self._history_user = by
        self.save()

    def restrict(self, named_users, *, by):
        """Hide the case from everyone but the named users, or lift that if none are named."""
        self.restricted = bool(named_users)
        self._history_user = by
        self.save()
        current = {entry.user_id: entry for entry in self.named_users.all()}
        for user in named_users:
            if user.pk not in current:
                entry = CaseNamedUser(case=self, user=user)
                entry._history_user = by
                entry.save()
        keep = {user.pk for user in named_users}
        for user_id, entry in current.items():
            if user_id not in keep:
                entry._history_user = by
                entry.delete()


class SubjectChild(models.Model):
    """A child the case is about. A case has one or more."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subject_children")
    child = models.ForeignKey(Person, on_delete=models.PROTECT)

    history = CaseHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="one_entry_per_subject_child"),
        ]

    def __str__(self):
        return f"{self.child} on {self.case}"


class CaseNamedUser(models.Model):
    """Someone named on a restricted case. Nobody else can see it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="named_users")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="named_on_cases")

    history = CaseHistory()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_entry_per_named_user"),
        ]

    def __str__(self):
        return f"{self.user} on {self.case}"


class FamilyMember(models.Model):
    """Someone in the child's family or household, and who they are to the children."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARENTS_PARTNER = "parents_partner", "Parent's partner"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Brother or sister"
        AUNT_OR_UNCLE = "aunt_or_uncle", "Aunt or uncle"
        FOSTER_CARER = "foster_carer", "Foster carer"
        FRIEND = "friend", "Family friend"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="family_roles")
    relationship = models.CharField(
        "Who they are to the children", max_length=20, choices=Relationship
    )
    lives_with_child = models.BooleanField("Lives with the children", default=False)

    history = CaseHistory()

    class Meta:
        ordering = ["case_id", "relationship"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_family_role_per_case"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_relationship_display()})"


class SafetyNetworkMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class SafetyNetworkMember(Revisioned):
    """Someone who has agreed to help keep the children safe, and what they will do."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_network")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="network_roles")
    relationship = models.CharField(
        "Who they are to the children",
        max_length=100,
        help_text="For example, grandmother, neighbour or football coach.",
    )
    agreed_to_do = models.TextField(
        "What they have agreed to do",
        help_text="In plain words the family would use.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    joined_on = models.DateField("Date they joined the network")
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)

    history = CaseHistory()

    objects = SafetyNetworkMemberQuerySet.as_manager()

    class Meta:
        ordering = ["ended_on", "joined_on", "pk"]

    def __str__(self):
        return f"{self.person} ({self.relationship})"

    @property
    def is_active(self):
        return self.ended_on is None

    def end(self, *, on, reason, by):
        self.ended_on = on
        self.end_reason = reason
        self._history_user = by
        self.save()


class Consent(models.TextChoices):
    AGREED = "agreed", "The family know about this referral and agree to it"
    NOT_AGREED = "not_agreed", "The family know about this referral but do not agree"
    NOT_ASKED = "not_asked", "The family have not been told, because that could put a child at risk"


class ReferralQuerySet(models.QuerySet):
    def awaiting_decision(self):
        return self.filter(status=Referral.Status.NEW)

    def decided(self):
        return self.exclude(status=Referral.Status.NEW)


class Referral(models.Model):
    """A partner's worry about a child, written in the same three columns as an assessment."""

    class Status(models.TextChoices):
        NEW = "new", "Waiting for a decision"
        NEW_CASE = "new_case", "A new case was opened"
        LINKED = "linked", "Linked to an existing case"
        NO_FURTHER_ACTION = "no_further_action", "Closed with no further action"

    received_on = models.DateField()
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="referrals", help_text="The team to decide."
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    referrer_name = models.CharField("Referrer's name", max_length=200)
    referrer_agency = models.CharField(
        "Referrer's agency", max_length=200, help_text="For example, Riverside Primary School."
    )
    referrer_contact = models.CharField(
        "How to contact the referrer", max_length=200, help_text="A phone number or email."
    )
    consent = models.CharField("Consent", max_length=20, choices=Consent)
    consent_details = models.TextField(
        "About consent", blank=True, help_text="If the family were not told, say why."
    )
    child_first_name = models.CharField("Child's first name", max_length=100)
    child_last_name = models.CharField("Child's last name", max_length=100)
    child_date_of_birth = models.DateField("Child's date of birth", null=True, blank=True)
    child_address = models.TextField("Child's address", blank=True)
    worried_about = models.TextField("What are you worried about?")
    working_well = models.TextField("What is working well?")
    needs_to_happen = models.TextField("What needs to happen?")
    SCALING_QUESTION = (
        "On a scale of 0 to 10, where 10 means the child is safe enough that no one needs to be "
        "involved and 0 means the child is not safe at home."
    )
    referrer_scaling_score = models.PositiveSmallIntegerField(
        "The referrer's scaling score",
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=SCALING_QUESTION,
    )

    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    # Coded at the decision, for the census.
    source = models.CharField(
        "Who made the referral", max_length=2, choices=cin_census.ReferralSource, blank=True
    )
    primary_need = models.CharField(
        "The main need", max_length=2, choices=cin_census.PrimaryNeed, blank=True
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    linked_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="linked_referrals"
    )

    history = CaseHistory(case_field="linked_case")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"Referral about {self.child_first_name} {self.child_last_name}"

    def get_absolute_url(self):
        return path_to("referral_detail", self.pk)

    @property
    def case(self):
        """The case this referral led to, whether newly opened or linked."""
        opened = getattr(self, "opened_case", None)
        return opened or self.linked_case

    @property
    def is_decided(self):
        return self.status != self.Status.NEW

    def describe_decision(self):
        """What was decided, to end a sentence: "a new case, SOS-2026-00042"."""
        if self.status == self.Status.NEW_CASE:
            return f"a new case, {self.case}"
        if self.status == self.Status.LINKED:
            return f"added to {self.linked_case}"
        return "closed with no further action"

    def refuse_unless_waiting(self):
        """A referral is decided once: a new case, a link to a case, or no further action. The
        refusal says who decided first, when and what, so the second manager can follow it up."""
        if not self.is_decided:
            return
        decided_at = timezone.localtime(self.decided_at)
        raise ValidationError(
            f"{self.decided_by} already decided this referral on "
            f"{decided_at:%-d %B %Y at %H:%M}: {self.describe_decision()}."
        )

    def _lock_while_waiting(self):
        """Lock this referral's row until the transaction ends, then read it again: two
        managers with the page open at once cannot both decide it. The second waits for the
        first to finish, then reads their decision and is refused."""
        self.refresh_from_db(from_queryset=Referral.objects.select_for_update())
        self.refuse_unless_waiting()

    def _record_decision(self, status, *, reason, by, source="", primary_need=""):
        self.status = status
        self.source = source
        self.primary_need = primary_need
        self.decision_reason = reason
        self.decided_by = by
        self.decided_at = timezone.now()
        self._history_user = by
        self.save()

    @transaction.atomic
    def open_case(
        self, *, practice_context, allocated_worker, reason, by, source="", primary_need=""
    ):
        """Open a case for the referred child. Who referred and the main need, coded at the
        decision, start the case's own census codes."""
        self._lock_while_waiting()
        child = Person(
            first_name=self.child_first_name,
            last_name=self.child_last_name,
            date_of_birth=self.child_date_of_birth,
            address=self.child_address,
        )
        child._history_user = by
        child.save()
        case = Case.open_new(
            practice_context=practice_context,
            team=self.team,
            allocated_worker=allocated_worker,
            opened_on=timezone.localdate(),
            children=[child],
            by=by,
            referral=self,
            referral_source=source,
            primary_need=primary_need,
        )
        self._record_decision(
            self.Status.NEW_CASE, reason=reason, by=by, source=source, primary_need=primary_need
        )
        return case

    @transaction.atomic
    def link_to(self, case, *, reason, by, source="", primary_need=""):
        self._lock_while_waiting()
        self.linked_case = case
        self._record_decision(
            self.Status.LINKED, reason=reason, by=by, source=source, primary_need=primary_need
        )

    @transaction.atomic
    def close_with_no_further_action(self, *, reason, by, source=""):
        """No case follows, so there is no need to code; only who referred is recorded."""
        self._lock_while_waiting()
        self._record_decision(self.Status.NO_FURTHER_ACTION, reason=reason, by=by, source=source)


class PartnerAccessGrantQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=on, valid_until__gte=on)


class PartnerAccessGrant(models.Model):
    """Lets one partner see one case's safety plan, between two dates, until revoked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="partner_grants")
    partner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_grants")
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("From")
    valid_until = models.DateField("Until")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    history = CaseHistory()

    objects = PartnerAccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "pk"]

    def __str__(self):
        return f"{self.partner} on {self.case}"

    @property
    def is_active(self):
        today = timezone.localdate()
        return self.revoked_at is None and self.valid_from <= today <= self.valid_until

    def revoke(self, *, reason, by):
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.revoke_reason = reason
        self._history_user = by
        self.save()


class BreakGlassAccessQuerySet(models.QuerySet):
    def current(self):
        """Not yet expired by the database's clock, so that a query built once (see
        visible_case_ids) stays true. Expiry times are written by the app's clock: the
        servers keep theirs in step (NTP), as any deployment does."""
        return self.filter(expires_at__gt=Now())


# The access log's action column holds 100 characters; the reason is cut to fit after the time.
ACCESS_LOG_ACTION_LENGTH = 100


class BreakGlassAccess(models.Model):
    """Emergency read access to a case the worker could not otherwise see. Always logged."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    history = CaseHistory()

    objects = BreakGlassAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.user} on {self.case} until {self.expires_at:%H:%M}"

    @classmethod
    def start(cls, *, case, user, reason):
        now = timezone.now()
        access = cls(
            case=case,
            user=user,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        access._history_user = user
        access.save()
        return access

    @property
    def is_current(self):
        return self.expires_at > timezone.now()

    @property
    def log_action(self):
        """What the access log says: until when, and why, cut to fit its action column."""
        action = f"use emergency access until {timezone.localtime(self.expires_at):%H:%M}: "
        reason = " ".join(self.reason.split())
        room = ACCESS_LOG_ACTION_LENGTH - len(action)
        if len(reason) > room:
            reason = reason[: room - 1].rstrip() + "…"
        return action + reason

    def end(self, *, by):
        """The case's manager ends it early: it stops now, and history says who ended it."""
        self.expires_at = timezone.now()
        self._history_user = by
        self.save(update_fields=["expires_at"])


class AccessLogEntry(models.Model):
    """Who opened or tried to open what, when and from where. Rows are never changed.

    On PostgreSQL a trigger refuses UPDATE and DELETE (migration 0003). The case is kept as a
    plain id and reference so that the log outlives the case it describes.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="access_log",
    )
    case_reference = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=100)
    allowed = models.BooleanField()
    ip_address = models.GenericIPAddressField(null=True)
    path = models.CharField(max_length=500)
    # How the request was made and answered, so the log can say whether something was done
    # or only looked at: opening a form is not saving it. Blank on rows from before they were.
    method = models.CharField(max_length=10, blank=True)
    status = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "-at"]), models.Index(fields=["user", "-at"])]
        verbose_name_plural = "access log entries"

    def __str__(self):
        outcome = "opened" if self.allowed else "was refused"
        return f"{self.user_id} {outcome} {self.action} on {self.case_reference} at {self.at}"


STAFF_ROLES = {User.Role.SOCIAL_WORKER, User.Role.MANAGER, User.Role.SERVICE_MANAGER}


class PurgeRecord(models.Model):
    """Metadata, and only metadata, about a case whose records were purged after retention."""

    case_reference = models.CharField(max_length=20)
    practice_context = models.CharField(max_length=20, choices=PracticeContext)
    opened_on = models.DateField()
    closed_on = models.DateField()
    purged_at = models.DateTimeField(default=timezone.now)
    rows_removed = models.PositiveIntegerField()

    class Meta:
        ordering = ["-purged_at"]

    def __str__(self):
        return f"{self.case_reference} purged {self.purged_at:%Y-%m-%d}"
