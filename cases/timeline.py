"""One timeline per case, newest first, merged from every history table that touches the case.

Each kind of record keeps its own django-simple-history table. A page of the timeline is one
UNION query across those tables, ordered by (date, table, history id) and cut by a keyset
cursor rather than OFFSET, so a page costs the same on a case with ten events or ten thousand,
and stays put while new events arrive. The rows on the page are then fetched with their
previous versions, one query per kind of record on the page, to show what changed.
"""

import base64
import binascii
import functools
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import CharField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from assessments.diff import word_diff
from cases.models import AccessLogEntry

PAGE_SIZE = 25
LONG_TEXT = 60  # longer values than this are shown as a word-level diff

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
    "partner": "Partner access",
    "download": "PDF downloads",
}


@dataclass(frozen=True)
class Source:
    """One history table and how to find the rows about a case in it."""

    key: str
    kind: str
    label: str
    model: type  # the tracked model; its history model holds the rows
    case_filter: object  # callable(case, related) -> Q on the history model

    @functools.cached_property
    def history(self):
        # Reading Model.history builds a new manager class each time: do it once.
        return self.model.history.model

    @functools.cached_property
    def table(self):
        return Table(self.history, self.key)


@dataclass(frozen=True)
class Table:
    """A table the timeline reads, and which of its columns hold the date, id and author."""

    model: type
    key: str
    id_field: str = "history_id"
    date_field: str = "history_date"
    user_field: str = "history_user_id"

    @functools.cached_property
    def rows(self):
        """All its rows as the UNION's four columns, in the same order from every table.

        Built once and filtered for each page: filtering a queryset is cheap, building the
        columns of 26 of them on every request was most of the page's work.
        """
        return self.model.objects.order_by().values(
            t_date=F(self.date_field),
            _key=Value(self.key, output_field=CharField()),
            t_id=F(self.id_field),
            t_user=F(self.user_field),
        )


DOWNLOADS = Table(AccessLogEntry, "download", id_field="id", date_field="at", user_field="user_id")


@functools.cache
def sources():
    from assessments.models import (
        Assessment,
        DangerStatement,
        MappingEntry,
        NextStep,
        PastHarm,
        PlanRule,
        SafetyGoal,
        SafetyPlan,
        ScalingAnswer,
        ThreeHouses,
        WordsAndPictures,
    )
    from cases.models import (
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
    from meetings.models import Action, Attendee, Decision, Meeting, MeetingScalingAnswer

    def on_case(case, related):
        return Q(case_id=case.pk)

    def of(key):
        return lambda case, related: Q(**{f"{key}_id__in": related[key]})

    return (
        Source("case", "case", "Case", Case, lambda case, related: Q(id=case.pk)),
        Source("named", "case", "Restriction", CaseNamedUser, on_case),
        Source("child", "people", "Child on the case", SubjectChild, on_case),
        Source("family", "people", "Family member", FamilyMember, on_case),
        Source(
            "person",
            "people",
            "Person's details",
            Person,
            lambda case, related: Q(id__in=related["person"]),
        ),
        Source("network", "network", "Safety network", SafetyNetworkMember, on_case),
        Source(
            "referral",
            "referral",
            "Referral",
            Referral,
            lambda case, related: Q(id=case.referral_id) | Q(linked_case_id=case.pk),
        ),
        Source("assessment", "assessment", "Assessment", Assessment, on_case),
        Source("entry", "assessment", "Mapping entry", MappingEntry, of("assessment")),
        Source("harm", "assessment", "Past harm", PastHarm, of("assessment")),
        Source("statement", "assessment", "Danger statement", DangerStatement, of("assessment")),
        Source("goal", "assessment", "Goal", SafetyGoal, of("danger_statement")),
        Source("step", "assessment", "Next step", NextStep, on_case),
        Source("score", "scaling", "Scaling score", ScalingAnswer, on_case),
        Source("houses", "child", "Three houses", ThreeHouses, on_case),
        Source("words", "child", "Words and pictures", WordsAndPictures, on_case),
        Source("meeting", "meeting", "Meeting", Meeting, on_case),
        Source("attendee", "meeting", "Meeting attendee", Attendee, of("meeting")),
        Source("answer", "meeting", "Meeting scaling answer", MeetingScalingAnswer, of("meeting")),
        Source("decision", "meeting", "Meeting decision", Decision, of("meeting")),
        Source("action", "meeting", "Meeting action", Action, of("meeting")),
        Source("plan", "plan", "Plan", SafetyPlan, on_case),
        Source("rule", "plan", "Plan rule", PlanRule, of("plan")),
        Source("grant", "partner", "Partner access", PartnerAccessGrant, on_case),
        Source("breakglass", "partner", "Emergency access", BreakGlassAccess, on_case),
    )


def related_ids(case):
    """Ids of the records that belong to the case through another record, in one query."""
    from assessments.models import Assessment, DangerStatement, SafetyPlan
    from meetings.models import Meeting

    def ids(kind, rows, column="pk"):
        return (
            rows.order_by()
            .annotate(_kind=Value(kind, output_field=CharField()))
            .values_list("_kind", column)
        )

    parts = [
        *(ids("person", rows, column) for rows, column in case.person_links()),
        ids("assessment", Assessment.objects.filter(case=case)),
        ids("danger_statement", DangerStatement.objects.filter(assessment__case=case)),
        ids("plan", SafetyPlan.objects.filter(case=case)),
        ids("meeting", Meeting.objects.filter(case=case)),
    ]
    related = {"person": set(), "assessment": [], "danger_statement": [], "plan": [], "meeting": []}
    for kind, pk in parts[0].union(*parts[1:], all=True):
        if kind == "person":
            related[kind].add(pk)
        else:
            related[kind].append(pk)
    return related


@dataclass
class Cursor:
    """Where a page ends: the (date, table, id) of its last event."""

    at: datetime
    key: str
    pk: int

    def encode(self):
        raw = f"{self.at.isoformat()}|{self.key}|{self.pk}"
        return base64.urlsafe_b64encode(raw.encode()).decode()

    @classmethod
    def decode(cls, token):
        try:
            at, key, pk = base64.urlsafe_b64decode(token.encode()).decode().split("|")
            return cls(parse_datetime(at), key, int(pk))
        except (ValueError, binascii.Error, UnicodeDecodeError, AttributeError):
            return None


@dataclass
class Change:
    field: str
    old: str
    new: str
    pieces: list = field(default_factory=list)  # a word diff, for long text


@dataclass
class Event:
    at: datetime
    key: str
    pk: int
    kind: str
    label: str
    action: str
    user: object
    summary: str
    changes: list


def timeline_page(case, *, kinds=None, user_id=None, since=None, until=None, cursor=None):
    """One page of events, newest first, and the cursor for the next page (or None)."""
    related = related_ids(case)
    chosen = [s for s in sources() if not kinds or s.kind in kinds]
    filters = {"user_id": user_id, "since": since, "until": until, "cursor": cursor}
    selects = [_narrow(s.table, s.case_filter(case, related), **filters) for s in chosen]
    if not kinds or "download" in kinds:
        downloads = Q(case=case, action="download plan PDF")
        selects.append(_narrow(DOWNLOADS, downloads, **filters))
    if not selects:
        return [], None
    union = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    page = list(union.order_by("-t_date", "-_key", "-t_id")[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    events = _events(page, {s.key: s for s in chosen})
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = Cursor(last["t_date"], last["_key"], last["t_id"])
    return events, next_cursor


def _narrow(table, about_case, *, user_id, since, until, cursor):
    """One table's rows for the UNION: those about the case that pass the page's filters."""
    conditions = about_case
    if user_id:
        conditions &= Q(**{table.user_field: user_id})
    if since:
        conditions &= Q(**{f"{table.date_field}__date__gte": since})
    if until:
        conditions &= Q(**{f"{table.date_field}__date__lte": until})
    if cursor is not None:
        conditions &= _before(cursor, table)
    return table.rows.filter(conditions)


def _before(cursor, table):
    """The table's rows strictly older than the cursor in (date, table, id) order.

    The table's key is a constant, so its place against the cursor's key is known here.
    """
    older = Q(**{f"{table.date_field}__lt": cursor.at})
    if table.key < cursor.key:
        return older | Q(**{table.date_field: cursor.at})
    if table.key == cursor.key:
        return older | Q(**{table.date_field: cursor.at, f"{table.id_field}__lt": cursor.pk})
    return older


def _events(page, by_key):
    """Fetch the page's rows and their previous versions, then describe each change."""
    from cases.models import User

    wanted = {}
    for row in page:
        wanted.setdefault(row["_key"], []).append(row["t_id"])
    records = {}
    for key, ids in wanted.items():
        if key == "download":
            for entry in AccessLogEntry.objects.filter(pk__in=ids):
                records[("download", entry.pk)] = (entry, None)
            continue
        history = by_key[key].history
        previous = history.objects.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date", "-history_id")
        rows = list(
            history.objects.filter(history_id__in=ids).annotate(
                _previous=Subquery(previous.values("history_id")[:1], output_field=IntegerField())
            )
        )
        earlier = {
            row.history_id: row
            for row in history.objects.filter(
                history_id__in=[r._previous for r in rows if r._previous]
            )
        }
        for row in rows:
            records[(key, row.history_id)] = (row, earlier.get(row._previous))
    # Everyone who made a change on the page, or is named in one, in one query.
    user_ids = {row["t_user"] for row in page if row["t_user"]}
    for record, previous in records.values():
        for candidate in [record, previous]:
            if candidate is not None and not isinstance(candidate, AccessLogEntry):
                user_ids |= {
                    getattr(candidate, f.attname)
                    for f in candidate.instance_type._meta.fields
                    if f.is_relation and f.related_model is User and getattr(candidate, f.attname)
                }
    users = UserNames(User, user_ids)
    events = []
    for row in page:
        record, previous = records[(row["_key"], row["t_id"])]
        user = users.get(row["t_user"])
        if row["_key"] == "download":
            events.append(
                Event(
                    row["t_date"],
                    "download",
                    record.pk,
                    "download",
                    "PDF download",
                    "Downloaded",
                    user,
                    f"{record.path} (from {record.ip_address or 'an unknown address'})",
                    [],
                )
            )
            continue
        source = by_key[row["_key"]]
        events.append(
            Event(
                row["t_date"],
                source.key,
                record.history_id,
                source.kind,
                source.label,
                {"+": "Added", "~": "Changed", "-": "Removed"}[record.history_type],
                user,
                _summary(record),
                _changes(record, previous, users),
            )
        )
    return events


def _summary(record):
    """A few words saying which record this is, without following links to other tables."""
    if getattr(record, "first_name", None):
        return f"{record.first_name} {record.last_name}"
    for model_field in record.instance_type._meta.fields:
        if model_field.is_relation or model_field.choices or not model_field.editable:
            continue
        value = getattr(record, model_field.attname, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return getattr(record, "reference", "") or ""


def _changes(record, previous, users):
    """Field-level changes from the previous version: old → new, long text as a word diff."""
    if record.history_type == "-":
        return []
    model = record.instance_type
    changes = []
    # What a person can change; bookkeeping fields (version, search key, frozen copy) are left out.
    names = [f.name for f in model._meta.fields if f.editable and f.name not in {"id", "version"}]
    if previous is None:
        return []
    delta = record.diff_against(previous, included_fields=names)
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        old, new = _shown(model_field, change.old, users), _shown(model_field, change.new, users)
        pieces = word_diff(old, new) if max(len(old), len(new)) > LONG_TEXT else []
        verbose = str(model_field.verbose_name)
        changes.append(Change(verbose[:1].upper() + verbose[1:], old, new, pieces))
    return changes


def _shown(model_field, value, users):
    """A value as a person would read it: labels for choices, names for people, plain dates."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        if model_field.related_model is users.model:
            return str(users.get(value, "someone"))
        return f"record {value}"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y at %H:%M")
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    return str(value)


class UserNames(dict):
    """Users by id, fetched once for a whole page."""

    def __init__(self, model, ids):
        super().__init__(model.objects.in_bulk(ids))
        self.model = model
