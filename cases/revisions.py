"""Rows that two people might edit at once: a later save never silently overwrites."""

from django.db import models, transaction


class EditConflict(Exception):
    """Someone else saved the same thing after this person started editing it."""

    def __init__(self, current):
        super().__init__("edited by someone else")
        self.current = current


class Revisioned(models.Model):
    """A row that two people might edit at once. Each save checks the revision it started from,
    so a later save never silently overwrites an earlier one. The revision is an edit counter,
    not what people call a version (an assessment's or a plan's `number`)."""

    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_checked(self, *, expected_revision, by):
        """Save if nobody else has saved since `expected_revision`, else raise EditConflict.

        The record it is part of is locked meanwhile and must still be open to changes, so
        nothing lands in an assessment someone submitted, or a meeting someone finalised, a
        moment ago."""
        self._history_user = by
        self.note_author(by)
        with transaction.atomic():
            version = self.version_of()
            if version is not None:
                version.lock_for_change()
            if self.pk is not None:
                current = type(self).objects.select_for_update().get(pk=self.pk)
                if current.revision != expected_revision:
                    raise EditConflict(current)
                self.revision = current.revision + 1
            self.save()

    def version_of(self):
        """The record whose lock_for_change() guards this row (an assessment, a plan or a
        meeting), if any."""
        return None

    def note_author(self, by):
        """Rows that are someone's words note who wrote them (Words)."""

    def save_copy(self, *, by, reason="", **changes):
        """Save this row again as a new row at revision 1, with `changes` such as a new parent.
        `reason` goes into its history: why a row appears that `by` did not write."""
        self.pk = None
        self.revision = 1
        for name, value in changes.items():
            setattr(self, name, value)
        self._history_user = by
        self._change_reason = reason[:100]
        self.save()
        return self
