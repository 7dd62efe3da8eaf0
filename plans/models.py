"""What will happen: versioned safety plans, their rules and actions, and the rendered PDF.

A draft plan reads the safety network, the child's words and the danger statements live from
the case; approval freezes them, so an approved version and its PDF never change.

The tables kept the names they had when plans lived in the assessments app (`db_table`), so
moving the code moved no data.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.history import CaseHistory
from cases.models import Case, User
from cases.versions import Revisioned, Version, VersionQuerySet, Words
from sos_site.paths import path_to


class SafetyPlanQuerySet(VersionQuerySet):
    def approved(self):
        return self.decided()


class SafetyPlan(Version, Revisioned):
    """One version of the plan that keeps the children safe, in words the family understand.

    It goes through the same lifecycle as an assessment (cases.versions): a manager who wrote
    none of it approves it. While it is a draft, the safety network, the child's words and the
    danger statements come live from the case. Approval freezes them into `frozen`, so an
    approved version, and its PDF, never change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"

    DONE = Status.APPROVED
    url_prefix = "plan"
    noun = "plan"
    submit_for = "approval"
    decide = "approve"
    decide_it = "approve it"
    decided = "approved"
    decided_note = " Partners with access now see it."

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_plans")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    review_date = models.DateField("Review date", null=True, blank=True)
    worry_signs = models.TextField(
        "What are the signs the worries are coming back?",
        blank=True,
        help_text="What would the family, the children or the network see or hear?",
    )
    who_to_call = models.TextField(
        "Who to call", blank=True, help_text="Names and numbers, in the order to call them."
    )
    what_each_person_will_do = models.TextField("What each person will do", blank=True)
    # Who first wrote and who last changed the three answers above, carried into each version.
    words_written_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    words_changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    words_editors = models.JSONField(default=list, blank=True, editable=False)
    frozen = models.JSONField(default=dict, blank=True, editable=False)

    history = CaseHistory(table_name="assessments_historicalsafetyplan")

    objects = SafetyPlanQuerySet.as_manager()

    class Meta:
        db_table = "assessments_safetyplan"
        ordering = ["case_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_number_per_plan")
        ]

    def __str__(self):
        return f"Plan version {self.number} for {self.case}"

    def get_absolute_url(self):
        return path_to("plan_detail", self.pk)

    @property
    def label(self):
        return f"Version {self.number}"

    @property
    def next_label(self):
        return f"Version {self.number + 1}"

    @property
    def is_approved(self):
        return self.is_decided

    @property
    def is_superseded(self):
        """An approved version with a later approved version after it."""
        return (
            self.is_approved
            and self.case.safety_plans.approved().filter(number__gt=self.number).exists()
        )

    @classmethod
    def start(cls, *, case, by):
        """The case's first plan."""
        case.refuse_if_closed("This case is closed, so no plan can be started.")
        if case.safety_plans.exists():
            raise ValidationError("This case already has a plan: start a new version from it.")
        plan = cls(case=case, number=1, created_by=by)
        plan._history_user = by
        plan.save()
        return plan

    def next_version(self, *, by):
        new = super().next_version(by=by)
        for name in [
            "review_date",
            "worry_signs",
            "who_to_call",
            "what_each_person_will_do",
            "words_written_by",
            "words_changed_by",
            "words_editors",
        ]:
            setattr(new, name, getattr(self, name))
        return new

    def copy_parts_into(self, new, *, by):
        for rule in self.rules.all():
            rule.carry_into(new, by=by, plan=new)

    @classmethod
    def part_tables(cls):
        return [(PlanRule, "plan")]

    def version_of(self):
        return self  # its own words change only while it is a draft

    def note_author(self, by):
        """An edit of the plan row is an edit of its own words: the contingency answers."""
        if self.words_written_by_id is None:
            self.words_written_by = by
        self.words_changed_by = by
        if by.pk not in self.words_editors:
            self.words_editors = [*self.words_editors, by.pk]

    def own_words_by(self):
        return self.words_editors

    def refuse_submit(self):
        super().refuse_submit()
        if not self.rules.exists():
            raise ValidationError("Add at least one rule or action before submitting the plan.")

    def approve(self, *, by):
        self.sign_off(by=by)

    def before_decision(self):
        """Approval freezes what the plan shows, so the approved version and its PDF never
        change; the new revision tells any cached PDF of the draft apart."""
        self.frozen = self.live_content()
        self.revision += 1

    def content(self):
        """The network, the child's words and the statements: frozen once approved."""
        return self.frozen if self.is_approved else self.live_content()

    def live_content(self):
        case = self.case
        network = [
            {
                "name": member.person.full_name,
                "relationship": member.relationship,
                "agreed_to_do": member.agreed_to_do,
                "phone": member.phone,
            }
            for member in case.safety_network.active().select_related("person")
        ]
        latest_houses = {}
        for houses in case.three_houses.select_related("child"):
            latest_houses.setdefault(houses.child_id, houses)
        children_words = [
            {
                "child": houses.child.first_name,
                "worries": houses.house_of_worries,
                "good_things": houses.house_of_good_things,
                "dreams": houses.house_of_dreams,
                "recorded_on": houses.recorded_on.isoformat(),
            }
            for houses in latest_houses.values()
        ]
        assessment = case.assessments.signed_off().first()
        statements = []
        if assessment is not None:
            for statement in assessment.danger_statements.select_related("goal"):
                goal = getattr(statement, "goal", None)
                statements.append(
                    {
                        "sentence": statement.sentence,
                        "family_view": statement.family_view,
                        "goal": goal.what_needs_to_be_seen if goal else "",
                        "how_long": goal.how_long if goal else "",
                    }
                )
        return {
            "children": [child.full_name for child in case.children.all()],
            "network": network,
            "children_words": children_words,
            "statements": statements,
            "assessment_number": assessment.number if assessment else None,
        }


class PlanRule(Words):
    """A rule or action in the plan: what will happen, who is responsible, how we will know."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="rules")
    what_will_happen = models.TextField("What will happen")
    network_member = models.ForeignKey(
        "cases.SafetyNetworkMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Who is responsible, from the safety network",
    )
    professional = models.CharField(
        "Or the professional responsible",
        max_length=200,
        blank=True,
        help_text="For example, Sam Okafor, social worker.",
    )
    how_we_will_know = models.TextField("How everyone will know it is working")

    history = CaseHistory(case_field="plan", table_name="assessments_historicalplanrule")

    class Meta:
        db_table = "assessments_planrule"
        ordering = ["pk"]

    def version_of(self):
        return self.plan

    def __str__(self):
        return self.what_will_happen[:60]

    @property
    def responsible(self):
        if self.network_member_id:
            member = self.network_member
            return f"{member.person.full_name} ({member.relationship})"
        return self.professional


class PlanPdf(models.Model):
    """The rendered PDF of a plan at one revision, kept so it is never rendered twice."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="pdfs")
    plan_revision = models.PositiveIntegerField()
    watermark = models.CharField(max_length=20, blank=True)
    file = models.FileField(upload_to="plans/")
    rendered_at = models.DateTimeField(default=timezone.now)
    rendered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    render_ms = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "assessments_planpdf"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "plan_revision", "watermark"], name="one_pdf_per_revision"
            )
        ]

    def __str__(self):
        return f"PDF of {self.plan}, revision {self.plan_revision}"
