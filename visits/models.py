"""Statutory visits: a worker sees the child, and records when, whether alone, and for a child
on a child protection plan whether they saw the bedroom."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.history import CaseHistory
from cases.models import Case, Person, User
from sos_site.paths import path_to


class Visit(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("Date of the visit")
    child_seen = models.BooleanField("The child was seen")
    seen_alone = models.BooleanField("The child was seen alone", default=False)
    bedroom_seen = models.BooleanField(
        "The child's bedroom was seen",
        null=True,
        blank=True,
        help_text="Asked for a child on a child protection plan.",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = CaseHistory()

    class Meta:
        ordering = ["case_id", "-visited_on", "-pk"]
        indexes = [models.Index(fields=["case", "-visited_on"])]

    def __str__(self):
        return f"Visit to {self.child} on {self.visited_on:%-d %B %Y}"

    def get_absolute_url(self):
        return path_to("case_detail", self.case_id) + "#visits"

    def clean(self):
        super().clean()
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": "The date of the visit must be today or earlier."})
        # Only once it is known that the child was not seen: a form missing that answer says so.
        if self.seen_alone and self.child_seen is False:
            raise ValidationError(
                {"seen_alone": "A child who was not seen cannot have been seen alone."}
            )


def visit_sentence(visit, *, recorded_by, child_name):
    """The visit in a sentence, for the case timeline: "Sam Okafor recorded a visit to Chloe on
    2 December 2026: seen alone". `visit` may be a history row of a Visit."""
    if not visit.child_seen:
        outcome = "not seen"
    elif visit.seen_alone:
        outcome = "seen alone"
    else:
        outcome = "seen, not alone"
    if visit.bedroom_seen is not None:
        outcome += ", bedroom seen" if visit.bedroom_seen else ", bedroom not seen"
    return (
        f"{recorded_by} recorded a visit to {child_name} on {visit.visited_on:%-d %B %Y}: {outcome}"
    )
