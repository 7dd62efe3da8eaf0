"""What we think and plan: the mapping in three columns, danger statements and goals, scaling,
and the child's own words."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.history import CaseHistory
from cases.models import Case, Person, User, code_labels
from cases.versions import Revisioned, Version, VersionQuerySet, Words
from codesets import cin_census
from sos_site.paths import path_to


class AssessmentQuerySet(VersionQuerySet):
    def signed_off(self):
        return self.decided()


class Assessment(Version):
    """One version of the mapping of a case. Draft, then submitted, then signed off and locked
    (cases.versions has the lifecycle)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"

    DONE = Status.SIGNED_OFF

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    # What the assessment found, as the census's factor codes (codesets.cin_census).
    factors = models.JSONField(
        "Factors identified", default=list, blank=True, help_text="The census's factor codes."
    )

    history = CaseHistory()

    # Fields holding a list of census codes, and the list they come from (history shows labels).
    CODE_LISTS = {"factors": cin_census.AssessmentFactor}

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_number_per_assessment")
        ]

    def __str__(self):
        return f"Assessment {self.number} of {self.case}"

    def get_absolute_url(self):
        return path_to("assessment_detail", self.pk)

    @classmethod
    def start(cls, *, case, by):
        """The case's first assessment. From a referral, it starts with the referrer's words."""
        case.refuse_if_closed("This case is closed, so no assessment can be started.")
        if case.assessments.exists():
            raise ValidationError(
                "This case already has an assessment: start a new version from the latest one."
            )
        assessment = cls(case=case, number=1, created_by=by)
        assessment._history_user = by
        assessment.save()
        referral = case.referral
        if referral is not None:
            source = f"{referral.referrer_name}, {referral.referrer_agency} (referral)"
            for category, text in [
                (MappingEntry.Category.REFERRER_WORRY, referral.worried_about),
                (MappingEntry.Category.REFERRER_WORKING_WELL, referral.working_well),
                (MappingEntry.Category.REFERRER_NEEDS, referral.needs_to_happen),
            ]:
                entry = MappingEntry(
                    assessment=assessment,
                    category=category,
                    text=text,
                    source=source,
                    noted_on=referral.received_on,
                    is_referrers_words=True,
                )
                entry._history_user = by
                entry.save()
        return assessment

    @property
    def asks_before_submitting(self):
        """The census's kinds of work are asked the factors identified as they go for sign-off:
        the worker knows the family best. Early help is not in the census, so is not asked."""
        return self.case.in_census

    def factor_labels(self):
        return code_labels(cin_census.AssessmentFactor, self.factors)

    def submit(self, *, by, factors=None):
        """Submit for sign-off, with the factors identified where they are asked: both in one
        change, so the history shows who found them as they submitted."""
        if factors is not None:
            self.factors = list(factors)
        super().submit(by=by)

    def next_version(self, *, by):
        # The factors carry forward as a starting point; they are confirmed at the next submit.
        new = super().next_version(by=by)
        new.factors = list(self.factors)
        return new

    @classmethod
    def part_tables(cls):
        return [
            (MappingEntry, "assessment"),
            (PastHarm, "assessment"),
            (NextStep, "assessment"),
            (DangerStatement, "assessment"),
            (SafetyGoal, "danger_statement__assessment"),
        ]

    def copy_parts_into(self, new, *, by):
        for part in [*self.entries.all(), *self.past_harms.all(), *self.next_steps.all()]:
            part.carry_into(new, by=by, assessment=new)
        for statement in self.danger_statements.select_related("goal"):
            goal = getattr(statement, "goal", None)
            statement.carry_into(new, by=by, assessment=new)
            if goal is not None:
                goal.carry_into(new, by=by, danger_statement=statement)


class AssessmentPart(Words):
    """Words written in an assessment, which change only while it is a draft."""

    class Meta:
        abstract = True

    def version_of(self):
        return self.assessment


class MappingEntry(AssessmentPart):
    """One entry in the three columns, with who said so and when."""

    class Category(models.TextChoices):
        FUTURE_DANGER = "future_danger", "Future danger"
        COMPLICATING_FACTOR = "complicating_factor", "Complicating factor"
        STRENGTH = "strength", "Existing strength"
        EXISTING_SAFETY = "existing_safety", "Existing safety"
        FAMILY_GOAL = "family_goal", "The family's goal"
        AGENCY_GOAL = "agency_goal", "The agency's goal"
        REFERRER_WORRY = "referrer_worry", "What the referrer is worried about"
        REFERRER_WORKING_WELL = "referrer_working_well", "What the referrer says is working well"
        REFERRER_NEEDS = "referrer_needs", "What the referrer says needs to happen"

    WORRIED = [Category.REFERRER_WORRY, Category.FUTURE_DANGER, Category.COMPLICATING_FACTOR]
    WORKING_WELL = [Category.REFERRER_WORKING_WELL, Category.STRENGTH, Category.EXISTING_SAFETY]
    NEEDS = [Category.REFERRER_NEEDS, Category.FAMILY_GOAL, Category.AGENCY_GOAL]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    category = models.CharField(max_length=30, choices=Category)
    text = models.TextField()
    source = models.CharField(
        "Who said so", max_length=200, help_text="For example, Chloe (mother) or the school."
    )
    noted_on = models.DateField("When")
    is_referrers_words = models.BooleanField(default=False, editable=False)

    history = CaseHistory(case_field="assessment")

    class Meta:
        ordering = ["noted_on", "pk"]
        verbose_name_plural = "mapping entries"

    def __str__(self):
        return f"{self.get_category_display()}: {self.text[:40]}"


class PastHarm(AssessmentPart):
    """What has happened to a child: the exact behaviour, how often, the worst time, the impact."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="past_harms")
    behaviour = models.TextField(
        "What happened", help_text="Describe exactly what was done, not a label."
    )
    frequency = models.CharField("How often it has happened", max_length=200)
    worst_incident = models.TextField("The worst time it happened")
    impact_on_child = models.TextField("The impact on the child")
    source = models.CharField("Who said so", max_length=200)
    noted_on = models.DateField("When")

    history = CaseHistory(case_field="assessment")

    class Meta:
        ordering = ["noted_on", "pk"]
        verbose_name_plural = "past harm"

    def __str__(self):
        return self.behaviour[:40]


class NextStep(AssessmentPart):
    """What needs to happen next: what, who and by when. Written in an assessment, or copied
    from a meeting's actions when the meeting is finalised."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="next_steps")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="next_steps", null=True, blank=True
    )
    from_action = models.OneToOneField(
        "meetings.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="next_step",
    )
    what = models.TextField("What will happen")
    who = models.CharField("Who will do it", max_length=200)
    by_when = models.DateField("By when")
    done = models.BooleanField("Done", default=False)

    history = CaseHistory()

    class Meta:
        ordering = ["by_when", "pk"]

    def __str__(self):
        return self.what[:40]


# Words that lose their capital letter mid-sentence. Names keep theirs.
_SENTENCE_STARTERS = {"a", "an", "the", "they", "he", "she", "it", "his", "her", "their", "there"}


class DangerStatement(AssessmentPart):
    """Who is worried, about what behaviour, and what is likely to happen if nothing changes."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="danger_statements"
    )
    who_is_worried = models.CharField(
        "Who is worried",
        max_length=300,
        help_text="For example, Sam (social worker) and the school.",
    )
    worried_behaviour = models.TextField(
        "What behaviour they are worried about",
        help_text="What the adults do or do not do, in plain words.",
    )
    likely_impact = models.TextField("What is likely to happen to the child if nothing changes")
    family_view = models.TextField(
        "The family's view",
        blank=True,
        help_text="If the family disagree, write their view in their words.",
    )

    history = CaseHistory(case_field="assessment")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.sentence[:60]

    @property
    def sentence(self):
        """The three parts as one sentence: "Sam and the school are worried that ..."."""
        who = self.who_is_worried.strip()
        several = re.search(r"\band\b|,|&", who) or who.lower().startswith("we ")
        behaviour = self.worried_behaviour.strip().rstrip(".")
        impact = self.likely_impact.strip().rstrip(".")
        if impact.split(" ", 1)[0].lower() in _SENTENCE_STARTERS:
            impact = impact[:1].lower() + impact[1:]
        verb = "are" if several or who.lower() == "we" else "is"
        return f"{who} {verb} worried that {behaviour}. If nothing changes, {impact}."


class SafetyGoal(Words):
    """What everyone needs to see instead, not how, and for how long."""

    danger_statement = models.OneToOneField(
        DangerStatement, on_delete=models.CASCADE, related_name="goal"
    )
    what_needs_to_be_seen = models.TextField(
        "What everyone needs to see",
        help_text="What will be different for the child. Say what, not how.",
    )
    how_long = models.CharField(
        "For how long",
        max_length=200,
        help_text="How long the change must be seen before the case can step down or close.",
    )

    history = CaseHistory(case_field="danger_statement")

    def version_of(self):
        return self.danger_statement.assessment

    def __str__(self):
        return self.what_needs_to_be_seen[:60]


class ScalingAnswerQuerySet(models.QuerySet):
    def latest_per_person(self):
        """Each person's most recent answer. Two queries at most, however long the history."""
        newer = ScalingAnswer.objects.filter(
            case=OuterRef("case"),
            respondent_name=OuterRef("respondent_name"),
            respondent_kind=OuterRef("respondent_kind"),
        ).filter(
            models.Q(answered_on__gt=OuterRef("answered_on"))
            | models.Q(answered_on=OuterRef("answered_on"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(newer))


class ScalingAnswer(models.Model):
    """One person's answer to the scaling question on one day."""

    class Kind(models.TextChoices):
        FAMILY = "family", "Family member"
        CHILD = "child", "The child"
        PROFESSIONAL = "professional", "Professional"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scaling_answers")
    question = models.TextField("The scaling question")
    respondent_kind = models.CharField("Who is answering", max_length=20, choices=Kind)
    respondent_name = models.CharField(
        "Their name", max_length=200, help_text="For example, Chloe (mother)."
    )
    agency = models.CharField(
        "Their agency", max_length=200, blank=True, help_text="For professionals only."
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    reason = models.TextField("Why that number")
    move_up_one = models.TextField("What would move the score up one point", blank=True)
    answered_on = models.DateField("Date")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Set when the answer was given at a meeting; one meeting answer is copied at most once.
    from_meeting_answer = models.OneToOneField(
        "meetings.MeetingScalingAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="scaling_answer",
    )

    history = CaseHistory()

    objects = ScalingAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["answered_on", "pk"]
        indexes = [models.Index(fields=["case", "answered_on"])]

    def __str__(self):
        return f"{self.respondent_name}: {self.score} on {self.answered_on}"

    @property
    def is_family(self):
        return self.respondent_kind in {self.Kind.FAMILY, self.Kind.CHILD}


class ThreeHouses(models.Model):
    """The child's worries, good things and dreams, in the child's own words. Never reworded:
    a new conversation is a new record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="three_houses")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="three_houses")
    house_of_worries = models.TextField("House of worries")
    house_of_good_things = models.TextField("House of good things")
    house_of_dreams = models.TextField("House of dreams")
    recorded_on = models.DateField("Date of the conversation")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    history = CaseHistory()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "three houses"

    def __str__(self):
        return f"{self.child}'s three houses, {self.recorded_on}"


class WordsAndPictures(Revisioned):
    """An explanation for the child, in words they understand, of the worries and what everyone
    is doing about them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="words_and_pictures")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(
        "The explanation",
        help_text="Written to the child, in words they will understand.",
    )

    history = CaseHistory()

    class Meta:
        verbose_name_plural = "words and pictures"
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="one_explanation_per_child")
        ]

    def __str__(self):
        return f"Words and pictures for {self.child}"


class PlainLanguageTerm(models.Model):
    """A word or phrase the family may not understand, and what to say instead."""

    phrase = models.CharField(max_length=100, unique=True)
    suggestion = models.TextField()
    match_case = models.BooleanField(
        default=False,
        help_text="Tick for acronyms, so that 'CIN' is flagged but an ordinary word is not.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase
