"""What will happen: versioned safety plans, their rules and actions, and the rendered PDF.

A draft plan reads the safety network, the child's words and the danger statements live from
the case; approval freezes them, so an approved version and its PDF never change.

The tables kept the names they had when plans lived in the assessments app (`db_table`), so
moving the code moved no data.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import LocksItsParts, Revisioned
from cases.history import CaseHistory
from cases.models import Case, User


class SafetyPlanQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=SafetyPlan.Status.APPROVED)

    def drafts(self):
        return self.filter(status=SafetyPlan.Status.DRAFT)


class SafetyPlan(LocksItsParts, Revisioned):
    """One version of the plan that keeps the children safe, in words the family understand.

    While it is a draft, the safety network, the child's words and the danger statements come
    live from the case. Approval freezes them into `frozen`, so an approved version, and its
    PDF, never change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_plans")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
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
        return reverse("plan_detail", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_superseded(self):
        """An approved version with a later approved version after it."""
        return (
            self.is_approved
            and self.case.safety_plans.approved().filter(number__gt=self.number).exists()
        )

    def refuse_changes(self):
        """Only a draft on an open case changes."""
        if self.is_approved:
            raise ValidationError(
                "This version of the plan is approved, so it cannot change. Start a new "
                "version from it to make changes."
            )
        self.case.refuse_if_closed()

    # The lifecycle: each step refuses a wrong starting state with the sentence the person
    # reads; views only show it.

    @classmethod
    def start(cls, *, case, by):
        """A new draft: a copy of the latest version, or an empty plan if there is none."""
        case.refuse_if_closed("This case is closed, so no plan can be started.")
        latest = case.safety_plans.first()
        if latest is not None:
            return latest.start_new_version(by=by)
        plan = cls(case=case, number=1, created_by=by)
        plan._history_user = by
        plan.save()
        return plan

    def start_new_version(self, *, by):
        draft = self.case.safety_plans.drafts().first()
        if draft is not None:
            raise ValidationError(f"Version {draft.number} is already a draft: carry on with it.")
        self.case.refuse_if_closed("This case is closed, so no plan can be started.")
        new = SafetyPlan(
            case=self.case,
            number=self.case.safety_plans.aggregate(models.Max("number"))["number__max"] + 1,
            based_on=self,
            created_by=by,
            review_date=self.review_date,
            worry_signs=self.worry_signs,
            who_to_call=self.who_to_call,
            what_each_person_will_do=self.what_each_person_will_do,
        )
        new._history_user = by
        new.save()
        for rule in self.rules.all():
            rule.save_copy(by=by, plan=new)
        return new

    def approve(self, *, by):
        if self.is_approved or self.case.is_closed:
            raise ValidationError("Only a draft plan on an open case can be approved.")
        if not self.rules.exists():
            raise ValidationError("Add at least one rule or action before approving the plan.")
        with transaction.atomic():
            self.frozen = self.live_content()
            self.status = self.Status.APPROVED
            self.approved_by = by
            self.approved_at = timezone.now()
            self.revision += 1
            self._history_user = by
            self.save()

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


class PlanRule(Revisioned):
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
