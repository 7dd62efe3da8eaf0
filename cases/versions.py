"""Records that people write together and a second person signs off: assessments and plans.

- `Revisioned`: a row two people might edit at once; a later save never silently overwrites.
- `Words`: a part of a record in someone's words (an entry, a statement, a goal, a rule). It
  keeps who first wrote it and who last changed it, also when it is carried into a new version.
- `Version`: one version of a record with one lifecycle: draft, then submitted, then signed off
  (approved, for a plan), with send back and withdraw. Nobody signs off a version that holds
  words they wrote or changed, whichever version they wrote them in; where every manager of the
  team did, a service manager overseeing the team can, so no version is left with nobody to
  sign it off.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.models import User
from cases.revisions import Revisioned
from sos_site.prepared import Prepared


class LocksItsParts:
    """A record whose parts change only while it is open to changes: an assessment or a plan
    while it is a draft, a meeting until it is finalised. refuse_changes() says why not; every
    change to a part goes through it."""

    def refuse_changes(self):
        raise NotImplementedError

    def remove_part(self, part, *, by):
        self.refuse_changes()
        part._history_user = by
        part.delete()


class Words(Revisioned):
    """Something in someone's words. Who first wrote it, who last changed it, and everyone who
    ever wrote or changed it (`editors`) travel with it when a version is copied forward, so a
    manager's words stay hers in every later version, however many edits come after hers."""

    written_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    editors = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def note_author(self, by):
        if self.written_by_id is None:
            self.written_by = by
        self.changed_by = by
        if by.pk not in self.editors:
            self.editors = [*self.editors, by.pk]

    def carry_into(self, version, *, by, **changes):
        """A copy of these words in a new version, still theirs, saying where it came from."""
        reason = f"Carried forward from {version.based_on.label.lower()}"
        if self.written_by_id:
            reason += f", written by {self.written_by}"
        return self.save_copy(by=by, reason=reason, **changes)


# The states every version shares; each kind names its own decided state (`DONE`).
DRAFT, SUBMITTED = "draft", "submitted"


class VersionQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status=DRAFT)

    def submitted(self):
        return self.filter(status=SUBMITTED)

    def decided(self):
        return self.filter(status=self.model.DONE)

    def waiting_in(self, teams):
        """Submitted versions on the cases of these teams (those a manager manages), oldest
        first."""
        return (
            self.submitted()
            .filter(case__team__in=teams)
            .select_related("case", "submitted_by")
            .order_by("submitted_at", "pk")
        )

    def sent_back_to(self, user):
        """Drafts this person submitted that a manager sent back, with the reason.

        Usually there are none: their case and manager are fetched only for those there are, as
        joining them into the query cost more to build than the query took to run."""
        return (
            self.drafts()
            .filter(submitted_by=user)
            .exclude(sent_back_reason="")
            .prefetch_related("case", "sent_back_by")
        )


class Version(LocksItsParts, models.Model):
    """One version of a record that a second person signs off. Each step is a method that
    refuses a wrong starting state with the sentence the person reads; views only show it.

    A concrete version has a `status` field with its own labels, and says what it is called
    (`noun`), its decided state (`DONE`), the words for deciding (`decide`, `decided`), the
    tables of its parts (`part_tables()`) and how to copy them (`copy_parts_into()`)."""

    DONE = "signed_off"
    url_prefix = "assessment"
    noun = "assessment"
    submit_for = "sign-off"
    decide = "sign off"
    decide_it = "sign it off"
    decided = "signed off"
    decided_note = ""  # what else the decision means, said after it

    number = models.PositiveIntegerField()
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    sent_back_reason = models.TextField(blank=True)
    sent_back_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def label(self):
        return f"{self.noun.capitalize()} {self.number}"

    @property
    def is_draft(self):
        return self.status == DRAFT

    @property
    def is_submitted(self):
        return self.status == SUBMITTED

    @property
    def is_decided(self):
        return self.status == self.DONE

    def versions(self):
        """Every version of this record on the case."""
        return type(self).objects.filter(case_id=self.case_id)

    def step_urls(self):
        """The addresses of the lifecycle steps on this version, for its page."""
        names = {
            "submit": "submit",
            "withdraw": "withdraw",
            "send_back": "send_back",
            "new_version": "new_version",
            "decide": self.decide.replace(" ", "_"),
        }
        return {
            step: reverse(f"{self.url_prefix}_{name}", args=[self.pk])
            for step, name in names.items()
        }

    @property
    def next_label(self):
        return f"{self.noun.capitalize()} {self.number + 1}"

    def may_start_next(self):
        """Whether a new version can start from this one now (refuse_new_version says why not)."""
        try:
            self.refuse_new_version()
        except ValidationError:
            return False
        return True

    def refuse_changes(self):
        """Only a draft on an open case takes changes to its parts."""
        if self.is_decided:
            raise ValidationError(
                f"This {self.noun} is {self.decided}, so it is locked. Start a new version from "
                "it to record changes."
            )
        if self.is_submitted:
            raise ValidationError(
                f"This {self.noun} is waiting for {self.submit_for}, so it cannot be changed. "
                "Ask a manager to send it back, or withdraw it, if it needs changes."
            )
        self.case.refuse_if_closed()

    def lock(self):
        """Take this version's row lock and read its state again, and its case's status, so two
        people acting on it at once are taken one after the other, each seeing what the first
        did, a case closed meanwhile included. The case already read keeps what the access
        check set on it."""
        found = _locked(type(self))(self.pk)
        if not found:
            raise type(self).DoesNotExist(f"{self.label} no longer exists.")
        current = found[0]
        self.status = current.status
        self.submitted_by_id = current.submitted_by_id
        if type(self).case.is_cached(self):
            self.case.status = current.case.status
        else:
            self.case = current.case

    def lock_for_change(self):
        """Lock it, then refuse a change to its parts unless it is still an open draft."""
        self.lock()
        self.refuse_changes()

    def _change_status(self, status, by, **fields):
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)
        self._history_user = by
        self.save()

    # --- Starting ---------------------------------------------------------------------------

    def refuse_new_version(self):
        """A new version starts only from the latest, once it is decided, while nothing is a
        draft or waits for a decision, on an open case."""
        versions = self.versions()
        latest = versions.order_by("-number").first()
        draft = versions.drafts().first()
        if draft is not None:
            raise ValidationError(f"{draft.label} is already a draft: carry on with it.")
        waiting = versions.submitted().first()
        if waiting is not None:
            raise ValidationError(
                f"{waiting.label} is waiting to be {self.decided}. It needs a decision before "
                "a new version starts."
            )
        self.case.refuse_if_closed(f"This case is closed, so no {self.noun} can be started.")
        if latest.pk != self.pk or not self.is_decided:
            raise ValidationError(
                f"A new version starts from the latest {self.decided} one, {latest.label.lower()}."
            )

    def start_new_version(self, *, by):
        """A new draft with everything in this one carried forward, each part still its
        author's."""
        self.refuse_new_version()
        with transaction.atomic():
            new = self.next_version(by=by)
            new._history_user = by
            new.save()
            self.copy_parts_into(new, by=by)
        return new

    def next_version(self, *, by):
        number = self.versions().aggregate(models.Max("number"))["number__max"] + 1
        return type(self)(case=self.case, number=number, based_on=self, created_by=by)

    # --- Submitting, withdrawing, sending back, signing off -----------------------------------

    def refuse_submit(self):
        """What a version needs before it goes for sign-off; each kind may ask more."""
        if not self.is_draft or self.case.is_closed:
            raise ValidationError("Only a draft on an open case can be submitted.")

    @transaction.atomic
    def submit(self, *, by):
        self.lock()
        self.refuse_submit()
        self._change_status(
            SUBMITTED,
            by,
            submitted_by=by,
            submitted_at=timezone.now(),
            sent_back_reason="",
            sent_back_by=None,
        )

    @transaction.atomic
    def withdraw(self, *, by):
        """The person who submitted it takes it back to change it."""
        self.lock()
        self.case.refuse_if_closed()
        if not self.is_submitted:
            raise ValidationError(f"Only a submitted {self.noun} can be withdrawn.")
        if by.pk != self.submitted_by_id:
            raise ValidationError(
                f"Only {self.submitted_by}, who submitted it, can withdraw it. A manager can "
                "send it back."
            )
        self._change_status(DRAFT, by)

    @transaction.atomic
    def send_back(self, *, reason, by):
        """Any manager who may decide on it may send it back, including one who wrote part of
        it: sending back approves nothing."""
        if not self.is_submitted:
            raise ValidationError(f"Only a submitted {self.noun} can be sent back.")
        self.refuse_unless_manager(by)
        if not reason.strip():
            raise ValidationError("Enter what needs to change, so the author knows.")
        self._change_status(DRAFT, by, sent_back_reason=reason, sent_back_by=by)

    @transaction.atomic
    def sign_off(self, *, by):
        """The decision that a second person has read it: never by anyone whose words are in
        it."""
        self.lock()
        if not self.is_submitted:
            raise ValidationError(f"Only a submitted {self.noun} can be {self.decided}.")
        self.refuse_unless_manager(by)
        if by.pk in self.contributor_ids():
            raise ValidationError(
                f"You wrote or changed words in this {self.noun}, so another manager needs to "
                f"{self.decide_it}. {self.who_decides()}"
            )
        self.before_decision()
        self._change_status(self.DONE, by, decided_by=by, decided_at=timezone.now())

    def before_decision(self):
        """What a kind of version does as it is decided (a plan freezes what it shows)."""

    def refuse_unless_manager(self, user):
        if not user.manages(self.case.team_id):
            raise ValidationError(
                f"Only a manager of the {self.case.team} team, or a service manager overseeing "
                f"it, can {self.decide} this {self.noun}."
            )

    # --- Who wrote it, and who may decide ---------------------------------------------------

    @classmethod
    def part_tables(cls):
        """The Words models in a version, each with the path from it to the version."""
        return []

    def contributor_ids(self):
        """Everyone whose words are in this version, whichever version they wrote them in,
        and whoever started or submitted it. Worked out once per version."""
        if not hasattr(self, "_contributors"):
            type(self).load_contributors([self])
        return self._contributors

    @classmethod
    def load_contributors(cls, versions):
        """Work out the contributors of many versions at once: a query per kind of part, and
        none when there are no versions."""
        if not versions:
            return
        by_pk = {version.pk: version for version in versions}
        for version in versions:
            version._contributors = {
                version.created_by_id,
                version.submitted_by_id,
                *version.own_words_by(),
            }
        for model, path in cls.part_tables():
            rows = model.objects.filter(**{f"{path}__in": list(by_pk)}).values_list(path, "editors")
            for version_pk, editors in rows:
                by_pk[version_pk]._contributors.update(editors)
        for version in versions:
            version._contributors.discard(None)

    def own_words_by(self):
        """Who wrote words kept on the version row itself (a plan's contingency)."""
        return []

    def written_by(self, user):
        return user.pk in self.contributor_ids()

    def deciders(self):
        """The people who may decide on it now: the team's managers and the service managers
        overseeing the team, less anyone whose words are in it."""
        team_id = self.case.team_id
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(role=User.Role.MANAGER, team_id=team_id)
                | Q(role=User.Role.SERVICE_MANAGER, overseen_teams=team_id)
            )
            .exclude(pk__in=self.contributor_ids())
            .distinct()
            .order_by("role", "first_name", "last_name")
        )

    def who_decides(self):
        """Who can decide on it now, in a sentence for the author and the managers."""
        names = [str(user) for user in self.deciders()]
        if names:
            return f"{' or '.join(names)} can {self.decide_it}."
        return (
            f"Every manager who could {self.decide_it} wrote part of it: ask an administrator "
            f"to add a service manager for the {self.case.team} team."
        )


@functools.cache
def _locked(model):
    """The version with its case, its row locked: Version.lock()'s query for each kind of
    version, compiled once per process (sos_site.prepared). Every change to a part takes it."""

    def build(pk):
        versions = model.objects.select_for_update(of=("self",)).select_related("case")
        return versions.filter(pk=pk)

    return Prepared(build)
