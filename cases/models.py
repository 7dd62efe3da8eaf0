from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class Team(models.Model):
    """A social work team, such as "North". Cases belong to a team; so do workers and managers."""

    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """Everyone who signs in: social workers, managers, partner agencies and administrators."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        MANAGER = "manager", "Team manager"
        PARTNER = "partner", "Partner agency"
        ADMIN = "admin", "Administrator"

    role = models.CharField(max_length=20, choices=Role, default=Role.SOCIAL_WORKER)
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

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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
    def is_partner(self):
        return self.role == self.Role.PARTNER


class PracticeContext(models.TextChoices):
    """The kind of work a case is. It decides the words the screens use (see terminology)."""

    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILD_IN_CARE = "child_in_care", "Child in care"
    CARE_LEAVER = "care_leaver", "Care leaver"


class Person(models.Model):
    """A child or an adult that the work is about, or who helps keep a child safe."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called, if different."
    )
    date_of_birth = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class ReferenceSequence(models.Model):
    """The last case number given out in a year, so references are short and never reused."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def next_reference(cls, year):
        # Lock the year's row so that two cases opened at once cannot get the same number.
        sequence, _ = cls.objects.select_for_update().get_or_create(year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
        return f"SOS-{year}-{sequence.last_number:05d}"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Case.Status.OPEN)

    def allocated_to(self, user):
        return self.filter(allocated_worker=user)

    def for_team(self, team):
        return self.filter(team=team)


class Case(models.Model):
    """One episode of work with a family, about one or more children."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    practice_context = models.CharField(max_length=20, choices=PracticeContext)
    children = models.ManyToManyField(Person, through="SubjectChild", related_name="cases_as_child")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="allocated_cases"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "reference"]

    def __str__(self):
        return self.reference

    @classmethod
    def open_new(cls, *, practice_context, team, allocated_worker, opened_on, children, by):
        """Open a case with its next reference number and its subject children."""
        case = cls(
            reference=ReferenceSequence.next_reference(opened_on.year),
            practice_context=practice_context,
            team=team,
            allocated_worker=allocated_worker,
            opened_on=opened_on,
        )
        case._history_user = by
        case.save()
        for child in children:
            # One saved row per child, so each gets its own history entry (set() would not).
            subject_child = SubjectChild(case=case, child=child)
            subject_child._history_user = by
            subject_child.save()
        return case


class SubjectChild(models.Model):
    """A child the case is about. A case has one or more."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE)
    child = models.ForeignKey(Person, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="one_entry_per_subject_child"),
        ]

    def __str__(self):
        return f"{self.child} on {self.case}"


class FamilyMember(models.Model):
    """Someone in the child's family or household, and who they are to the child."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        SIBLING = "sibling", "Brother or sister"
        AUNT_OR_UNCLE = "aunt_or_uncle", "Aunt or uncle"
        FOSTER_CARER = "foster_carer", "Foster carer"
        FRIEND = "friend", "Family friend"
        OTHER = "other", "Other"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="family_roles")
    relationship = models.CharField(max_length=20, choices=Relationship)
    lives_with_child = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "relationship"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_family_role_per_case"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_relationship_display()})"
