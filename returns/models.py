"""A record of each time someone checked or downloaded a statutory return: who, when, which
return and, for a check, what the validator found."""

from django.db import models
from django.utils import timezone

from cases.models import User


class ReturnRun(models.Model):
    class Kind(models.TextChoices):
        CENSUS_CHECK = "census_check", "Checked the children in need census"
        CENSUS_DOWNLOAD = "census_download", "Downloaded the children in need census"
        ANNEX_A_DOWNLOAD = "annex_a_download", "Downloaded Ofsted's Annex A lists"

    kind = models.CharField(max_length=20, choices=Kind)
    year = models.PositiveIntegerField(null=True, blank=True)
    run_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=timezone.now, db_index=True)
    children = models.PositiveIntegerField(null=True, blank=True)
    errors = models.PositiveIntegerField(null=True, blank=True)
    queries = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-run_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.run_by}, {self.run_at:%Y-%m-%d %H:%M})"
