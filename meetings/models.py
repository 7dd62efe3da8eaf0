"""When people meet: multi-agency meetings in the three questions, everyone's scaling answer,
decisions and actions."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cases.history import CaseHistory
from cases.models import Case, Person, User
from cases.revisions import Revisioned
from cases.versions import LocksItsParts
from sos_site.paths import path_to


class MeetingQuerySet(models.QuerySet):
    def finalised(self):
        return self.filter(status=Meeting.Status.FINALISED)


class Meeting(LocksItsParts, Revisioned):
    class Kind(models.TextChoices):
        STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
        INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
        REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
        CORE_GROUP = "core_group", "Core group"
        TEAM_AROUND_THE_FAMILY = "team_around_the_family", "Team around the family"
        FAMILY_NETWORK = "family_network", "Family network meeting"
        CHILD_IN_CARE_REVIEW = "child_in_care_review", "Child in care review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being written up"
        FINALISED = "finalised", "Finalised"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("Type of meeting", max_length=30, choices=Kind)
    held_at = models.DateTimeField("Date and time")
    place = models.CharField(
        "Where", max_length=200, help_text="The place, or 'Online' and how people joined."
    )
    chair = models.CharField("Who chaired it", max_length=200)
    scaling_question = models.TextField("The scaling question asked")
    worried_about = models.TextField("What are we worried about?", blank=True)
    working_well = models.TextField("What's working well?", blank=True)
    needs_to_happen = models.TextField("What needs to happen?", blank=True)
    minutes = models.TextField("Minutes", blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    finalised_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    history = CaseHistory()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["held_at", "pk"]
        indexes = [models.Index(fields=["case", "held_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self):
        return path_to("meeting_detail", self.pk)

    @property
    def held_on(self):
        return timezone.localdate(self.held_at)

    @property
    def is_finalised(self):
        return self.status == self.Status.FINALISED

    def refuse_changes(self):
        """A finalised meeting, or one on a closed case, does not change."""
        if self.is_finalised:
            raise ValidationError("This meeting is finalised, so it cannot change.")
        self.case.refuse_if_closed()

    def lock_for_change(self):
        """Lock the meeting's row and read its state again, so a change lands before someone
        finalises it or is refused after."""
        self.status = (
            Meeting.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        )
        self.refuse_changes()

    def version_of(self):
        """A meeting's own details lock with it, as its parts do."""
        return self


class MeetingPart(Revisioned):
    """A part of a meeting (someone there, an answer, a decision, an action): it changes only
    while the meeting does."""

    class Meta:
        abstract = True

    def version_of(self):
        return self.meeting


class Attendee(MeetingPart):
    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", "Professional"
        FAMILY = "family", "Family member"
        CHILD = "child", "The child"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField("Who they are", max_length=20, choices=Kind)
    name = models.CharField(max_length=200)
    agency = models.CharField(
        max_length=200, blank=True, help_text="For professionals, their agency."
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_attended",
        help_text=(
            "Their account, if they use this service: a partner can then read the minutes, and "
            "a worker sees the actions they own on their home page."
        ),
    )
    attendance = models.CharField(max_length=20, choices=Attendance, default=Attendance.ATTENDED)

    history = CaseHistory(case_field="meeting")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class MeetingScalingAnswer(MeetingPart):
    """An attendee's answer to the meeting's scaling question. One each. Someone who does not
    want to give a number is recorded as declining, with no score, so nobody reads their silence
    as a blank the chair forgot to fill in."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="answers")
    attendee = models.OneToOneField(
        Attendee, on_delete=models.CASCADE, related_name="answer", verbose_name="Who answered"
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    declined = models.BooleanField("Did not want to give a score", default=False)
    reason = models.TextField("Why that number", blank=True)
    move_up_one = models.TextField("What would move the score up one point", blank=True)

    history = CaseHistory(case_field="meeting")

    class Meta:
        ordering = ["attendee__kind", "attendee__name"]
        constraints = [
            # A score, or a refusal to give one: never both, never neither.
            models.CheckConstraint(
                condition=models.Q(declined=True, score__isnull=True)
                | models.Q(declined=False, score__isnull=False),
                name="answer_scored_or_declined",
            )
        ]

    def __str__(self):
        if self.declined:
            return f"{self.attendee.name}: did not want to give a score"
        return f"{self.attendee.name}: {self.score}"


class Decision(MeetingPart):
    class Kind(models.TextChoices):
        PLAN_NEEDED = "plan_needed", "A child protection plan is needed"
        NO_PLAN = "no_plan", "No child protection plan is needed"
        STEP_UP = "step_up", "Step up"
        STEP_DOWN = "step_down", "Step down"
        CLOSE_CASE = "close_case", "Close the case"
        SECTION_47 = "section_47", "Start a section 47 enquiry"
        NO_CONFERENCE = "no_conference", "The enquiry ends: no conference is needed"
        OTHER = "other", "Another decision"

    class Category(models.TextChoices):
        NEGLECT = "neglect", "Neglect"
        PHYSICAL = "physical", "Physical abuse"
        SEXUAL = "sexual", "Sexual abuse"
        EMOTIONAL = "emotional", "Emotional abuse"
        MULTIPLE = "multiple", "More than one category"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField("Decision", max_length=20, choices=Kind)
    category = models.CharField(
        "Category of the plan",
        max_length=20,
        choices=Category,
        blank=True,
        help_text="The statutory category, for a child protection plan only.",
    )
    details = models.TextField("What was decided, and why", blank=True)

    history = CaseHistory(case_field="meeting")

    def __str__(self):
        return self.get_kind_display()


class ActionQuerySet(models.QuerySet):
    def agreed(self):
        """Actions of finalised meetings: what everyone agreed, no longer a draft."""
        return self.filter(meeting__status=Meeting.Status.FINALISED)

    def outstanding(self):
        return self.filter(done=False)

    def owned_by(self, user):
        return self.filter(owner__user=user)


class Action(MeetingPart):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField("What will happen")
    # Who does it: one of the people at the meeting. `who` keeps their name as words, so the
    # action still reads the same if they are later taken off the register.
    owner = models.ForeignKey(
        Attendee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_owned",
        verbose_name="Who will do it",
    )
    who = models.CharField("Who will do it", max_length=200)
    by_when = models.DateField("By when")
    done = models.BooleanField("Done", default=False)

    history = CaseHistory(case_field="meeting")

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["by_when", "pk"]

    def __str__(self):
        return self.what[:60]

    @property
    def is_overdue(self):
        return not self.done and self.by_when < timezone.localdate()


class MinutesPdf(models.Model):
    """The rendered minutes of a finalised meeting, kept so they are never rendered twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pdfs")
    meeting_revision = models.PositiveIntegerField()
    file = models.FileField(upload_to="meetings/")
    rendered_at = models.DateTimeField(default=timezone.now)
    rendered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    render_ms = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "meeting_revision"], name="one_minutes_pdf_per_revision"
            )
        ]

    def __str__(self):
        return f"minutes of {self.meeting}, revision {self.meeting_revision}"
