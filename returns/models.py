"""A record of each time someone checked or downloaded a statutory return: who, when, which
return and, for a check, how far it has got and what the validator found."""

from django.db import models
from django.utils import timezone

from cases.models import User


class ReturnRun(models.Model):
    class Kind(models.TextChoices):
        CENSUS_CHECK = "census_check", "Checked the children in need census"
        CENSUS_DOWNLOAD = "census_download", "Downloaded the children in need census"
        ANNEX_A_DOWNLOAD = "annex_a_download", "Downloaded Ofsted's Annex A lists"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Checking"
        DONE = "done", "Done"
        FAILED = "failed", "Could not be checked"

    kind = models.CharField(max_length=20, choices=Kind)
    year = models.PositiveIntegerField(null=True, blank=True)
    run_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A download is done when it is recorded; a census check waits for the validator.
    status = models.CharField(max_length=10, choices=Status, default=Status.DONE)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    children = models.PositiveIntegerField(null=True, blank=True)
    errors = models.PositiveIntegerField(null=True, blank=True)
    queries = models.PositiveIntegerField(null=True, blank=True)
    # A check's failures as the page shows them, grouped by rule and child: codes, LAchildIDs,
    # case references and ids, never names (returns/tasks.py writes them).
    results = models.JSONField(null=True, blank=True)
    # Why a check failed, in words the data officer can act on.
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-run_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.run_by}, {self.run_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def start(self):
        """Take a waiting check. False if someone else has taken it, or it is over. One
        conditional UPDATE, so two workers cannot both take it; a run is its own record and has
        no history table."""
        now = timezone.now()
        waiting = ReturnRun.objects.filter(pk=self.pk, status=self.Status.WAITING)
        taken = waiting.update(  # nosemgrep: no-bulk-writes-on-tracked-models
            status=self.Status.RUNNING, started_at=now
        )
        if taken:
            self.status, self.started_at = self.Status.RUNNING, now
        return bool(taken)

    def finish(self, *, children, results):
        self.status = self.Status.DONE
        self.finished_at = timezone.now()
        self.children = children
        self.results = results
        self.errors = len(results["errors"])
        self.queries = len(results["queries"])
        self.save(
            update_fields=["status", "finished_at", "children", "results", "errors", "queries"]
        )

    def fail(self, reason):
        self.status = self.Status.FAILED
        self.finished_at = timezone.now()
        self.failure = reason
        self.save(update_fields=["status", "finished_at", "failure"])
