"""What belongs to a case: one registry, read by the timeline, the retention purge and the subject
access export.

For every model that holds case data, sources() says how its rows belong to a case (its link),
which person a row is about where one is named, the kind of event the timeline files it under,
and its history table. A model added to a case gets one line here: the timeline then shows its
history, and a purge removes its rows and their history with the case.

A link says how rows belong to a case in three forms, kept side by side so they agree:
- a Q with the related ids already fetched (related_ids()), for purging a case, which must
  list them before it deletes anything; the same Q works on the model and on its history;
- SQL with subqueries, for the timeline, which then needs no list at all;
- an ORM lookup from a row to its case, for subject access, which reads rows that still exist;
- a Q on Case for the cases a row is on, read from the row itself, which may have just been
  deleted: the cases whose `changed_at` each history row moves on (touch_cases()).
"""

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from assessments.models import (
    Assessment,
    DangerStatement,
    MappingEntry,
    NextStep,
    PastHarm,
    SafetyGoal,
    ScalingAnswer,
    ThreeHouses,
    WordsAndPictures,
)
from cases.models import (
    AccessLogEntry,
    BreakGlassAccess,
    Case,
    CaseNamedUser,
    FamilyMember,
    PartnerAccessGrant,
    Person,
    Referral,
    SafetyNetworkMember,
    SubjectChild,
)
from history.sql import quoted, select
from meetings.models import (
    Action,
    Attendee,
    Decision,
    Meeting,
    MeetingScalingAnswer,
    MinutesPdf,
)
from plans.models import PlanPdf, PlanRule, SafetyPlan
from visits.models import Visit

# The kinds of event the timeline can be narrowed to, in the order its filter offers them.
KINDS = {
    "case": "Case details",
    "people": "People and family",
    "network": "Safety network",
    "referral": "Referral",
    "assessment": "Assessments and sign-off",
    "scaling": "Scaling scores",
    "child": "The child's voice",
    "meeting": "Meetings and decisions",
    "plan": "Plans and approvals",
    "visit": "Visits",
    "partner": "Partner access",
    "download": "PDF downloads",
}


@dataclass(frozen=True)
class OnCase:
    """Rows that name the case in one of their fields (on the Case's own history, its id)."""

    field: str = "case"

    def q(self, case, related):
        return Q(**{self.field: case.pk})

    def sql(self, model, case):
        return f"{quoted(model, self.field)} = %s", [case.pk]

    @property
    def lookup(self):
        return self.field

    def cases_of(self, row):
        return Q(pk=getattr(row, row._meta.get_field(self.field).attname))


@dataclass(frozen=True)
class Through:
    """Rows that belong to another record on the case: an assessment's entries, say."""

    field: str  # a key of parents()

    def q(self, case, related):
        return Q(**{f"{self.field}_id__in": related[self.field]})

    def sql(self, model, case):
        parent, link = parents()[self.field]
        where, params = link.sql(parent, case)
        ids = select(parent, quoted(parent, "id"), where)
        return f"{quoted(model, self.field)} IN ({ids})", params

    @property
    def lookup(self):
        _, link = parents()[self.field]
        return f"{self.field}__{link.lookup}"

    def cases_of(self, row):
        parent, link = parents()[self.field]
        parent_id = getattr(row, row._meta.get_field(self.field).attname)
        return Q(pk__in=parent.objects.filter(pk=parent_id).values(link.lookup))


@dataclass(frozen=True)
class OnCaseAsPerson:
    """People: the case's children, its family members and its safety network."""

    def q(self, case, related):
        return Q(id__in=related["person"])

    def sql(self, model, case):
        tables = case.person_tables()
        ids = " UNION ".join(
            select(table, quoted(table, column), f"{quoted(table, 'case')} = %s")
            for table, column in tables
        )
        return f"{quoted(model, 'id')} IN ({ids})", [case.pk] * len(tables)

    def cases_of(self, row):
        on_cases = Q()
        for model, field in Case.person_tables():
            on_cases |= Q(pk__in=model.objects.filter(**{field: row.pk}).values("case"))
        return on_cases


@dataclass(frozen=True)
class ReferralOfCase:
    """The referral the case was opened from, and any referral linked to it later."""

    def q(self, case, related):
        return Q(id=case.referral_id) | Q(linked_case_id=case.pk)

    def sql(self, model, case):
        where = f"({quoted(model, 'id')} = %s OR {quoted(model, 'linked_case')} = %s)"
        return where, [case.referral_id, case.pk]

    def cases_of(self, row):
        return Q(referral_id=row.pk) | Q(pk=row.linked_case_id)


@dataclass(frozen=True)
class PdfDownloads:
    """Tries at downloading the case's PDFs, from the access log: its plans and the minutes of
    its meetings (each minutes download names its meeting, so those match on the start)."""

    plan = "download plan PDF"
    minutes = "download the minutes of %"

    def sql(self, model, case):
        action = quoted(model, "action")
        where = f"{quoted(model, 'case')} = %s AND ({action} = %s OR {action} LIKE %s)"
        return where, [case.pk, self.plan, self.minutes]

    def names(self, action):
        """Whether an access-log row with this action is one of these downloads."""
        return action == self.plan or action.startswith(self.minutes.removesuffix("%"))


@functools.cache
def parents():
    """The records that other records hang from, by the name of the field that points at them."""
    return {
        "assessment": (Assessment, OnCase()),
        "danger_statement": (DangerStatement, Through("assessment")),
        "plan": (SafetyPlan, OnCase()),
        "meeting": (Meeting, OnCase()),
    }


@dataclass(frozen=True)
class Source:
    """One model that holds case data, and its history table."""

    key: str  # its name in the timeline's queries and cursors
    kind: str  # a key of KINDS
    label: str
    model: type  # the tracked model; its history model holds the rows
    link: object  # OnCase, Through, OnCaseAsPerson or ReferralOfCase
    person_field: str | None = None  # the field naming the person a row is about
    purge_first: bool = False  # deleted before the case, as other records protect it

    def case_filter(self, case, related):
        """A Q for the rows about the case, given related_ids(case)."""
        return self.link.q(case, related)

    def rows_on(self, case, *, about):
        """The rows on the case about one person."""
        return self.model.objects.filter(**{self.link.lookup: case.pk, self.person_field: about.pk})

    @functools.cached_property
    def history(self):
        # Reading Model.history builds a new manager class each time: do it once.
        return self.model.history.model


@dataclass(frozen=True)
class StoredFile:
    """Files kept outside the database for records on the case, which a purge removes too."""

    model: type
    link: object
    field: str


@dataclass(frozen=True)
class AccessLog:
    """The access log, which is not history: it is append-only. The timeline shows the PDF
    downloads in it. A purge leaves it, as it holds no case content."""

    key: str
    kind: str
    label: str
    model: type
    link: object


DOWNLOADS = AccessLog("download", "download", "PDF download", AccessLogEntry, PdfDownloads())


@functools.cache
def sources():
    on_case = OnCase()
    return (
        Source("case", "case", "Case", Case, OnCase("id")),
        Source("named", "case", "Restriction", CaseNamedUser, on_case),
        Source("child", "people", "Child on the case", SubjectChild, on_case, person_field="child"),
        Source("family", "people", "Family member", FamilyMember, on_case, person_field="person"),
        Source("person", "people", "Person's details", Person, OnCaseAsPerson()),
        Source(
            "network",
            "network",
            "Safety network",
            SafetyNetworkMember,
            on_case,
            person_field="person",
        ),
        Source("referral", "referral", "Referral", Referral, ReferralOfCase()),
        Source("assessment", "assessment", "Assessment", Assessment, on_case),
        Source("entry", "assessment", "Mapping entry", MappingEntry, Through("assessment")),
        Source("harm", "assessment", "Past harm", PastHarm, Through("assessment")),
        Source(
            "statement", "assessment", "Danger statement", DangerStatement, Through("assessment")
        ),
        Source("goal", "assessment", "Goal", SafetyGoal, Through("danger_statement")),
        Source("step", "assessment", "Next step", NextStep, on_case),
        Source("score", "scaling", "Scaling score", ScalingAnswer, on_case),
        Source("houses", "child", "Three houses", ThreeHouses, on_case, person_field="child"),
        Source(
            "words", "child", "Words and pictures", WordsAndPictures, on_case, person_field="child"
        ),
        Source("meeting", "meeting", "Meeting", Meeting, on_case),
        Source(
            "attendee",
            "meeting",
            "Meeting attendee",
            Attendee,
            Through("meeting"),
            person_field="person",
        ),
        Source(
            "answer", "meeting", "Meeting scaling answer", MeetingScalingAnswer, Through("meeting")
        ),
        Source("decision", "meeting", "Meeting decision", Decision, Through("meeting")),
        Source("action", "meeting", "Meeting action", Action, Through("meeting")),
        Source("plan", "plan", "Plan", SafetyPlan, on_case),
        # A rule can name a safety network member, who cannot go while the rule is there.
        Source("rule", "plan", "Plan rule", PlanRule, Through("plan"), purge_first=True),
        Source("visit", "visit", "Visit", Visit, on_case, person_field="child"),
        Source("grant", "partner", "Partner access", PartnerAccessGrant, on_case),
        Source("breakglass", "partner", "Emergency access", BreakGlassAccess, on_case),
    )


@functools.cache
def _source_of_model():
    return {candidate.model: candidate for candidate in sources()}


def touch_cases(sender, instance, history_instance, **kwargs):
    """Move on `changed_at` of the cases a row is on, as its history row is written (a
    receiver of django-simple-history's post_create_historical_record). Every change to case
    data writes history, so the case's cached parts are never older than its records."""
    source = _source_of_model().get(type(instance))
    if source is not None:
        # changed_at is left out of the case's history: this stamp is not a change to record.
        touched = Case.objects.filter(source.link.cases_of(instance))
        touched.update(changed_at=timezone.now())  # nosemgrep: no-bulk-writes-on-tracked-models


def touch_case_on_download(sender, instance, created, **kwargs):
    """A PDF download is on the case's history, from the access log (DOWNLOADS): as its row is
    written, move the case's `changed_at` on too (a receiver of the access log's post_save)."""
    if created and instance.case_id and DOWNLOADS.link.names(instance.action):
        touched = Case.objects.filter(pk=instance.case_id)
        touched.update(changed_at=timezone.now())  # nosemgrep: no-bulk-writes-on-tracked-models


@functools.cache
def source(key):
    """The source with this key."""
    return next(candidate for candidate in sources() if candidate.key == key)


def stored_files():
    """The files a purge deletes before the rows that name them."""
    return (
        StoredFile(PlanPdf, Through("plan"), "file"),
        StoredFile(MinutesPdf, Through("meeting"), "file"),
    )


def related_ids(case):
    """Ids of the people on the case and of the records others hang from (see parents()), for
    the Q form of each link: the timeline's own subqueries, run once, in one query."""
    records = {"person": (Person, OnCaseAsPerson()), **parents()}
    selects, params = [], []
    for name, (model, link) in records.items():
        where, values = link.sql(model, case)
        selects.append(select(model, f"'{name}', {quoted(model, 'id')}", where))
        params += values
    related = {name: [] for name in records}
    with connection.cursor() as db:
        db.execute(" UNION ALL ".join(selects), params)
        for name, pk in db.fetchall():
            related[name].append(pk)
    return related
