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
