"""One timeline per case, newest first, merged from every history table that touches the case.

Each kind of record keeps its own django-simple-history table. A page of the timeline is one
UNION query across those tables, ordered by (date, table, history id) and cut by a keyset
cursor rather than OFFSET, so a page costs the same on a case with ten events or ten thousand,
and stays put while new events arrive. The rows on the page are then fetched with their
previous versions, one query per kind of record on the page, to show what changed.

The UNION is written in SQL here rather than built with the ORM: building and compiling 26
querysets on every request took longer than the database took to answer them. The SQL is put
together from the models' own table and column names, quoted by the database backend, and
every value in it is a query parameter.
"""

import base64
import binascii
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import DateTimeField, IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from assessments.diff import word_diff
from cases.models import AccessLogEntry, Person

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


@functools.cache
def _quoted(model, field_name=None):
    """A model's table, or the column behind one of its fields, quoted for the database."""
    name = model._meta.db_table if field_name is None else model._meta.get_field(field_name).column
    return connection.ops.quote_name(name)


def _select(model, columns, where):
    """SELECT from a model's table. Only names quoted by _quoted() and constants go into the
    text; every value stays a %s parameter."""
    return f"SELECT {columns} FROM {_quoted(model)} WHERE {where}"  # noqa: S608  # nosec B608


# How the rows of a table belong to a case. Each says it twice, in the same place: as a Q with
# the related ids already fetched (for purging a case, which must list them before it deletes
# anything), and as SQL with subqueries (for the timeline, which then needs no list at all).


@dataclass(frozen=True)
class OnCase:
    """Rows that name the case in one of their fields (on the Case's own history, its id)."""

    field: str = "case"

    def q(self, case, related):
        return Q(**{self.field: case.pk})

    def sql(self, model, case):
        return f"{_quoted(model, self.field)} = %s", [case.pk]


@dataclass(frozen=True)
class Through:
    """Rows that belong to another record on the case: an assessment's entries, say."""

    field: str  # a key of parents()

    def q(self, case, related):
        return Q(**{f"{self.field}_id__in": related[self.field]})

    def sql(self, model, case):
        parent, link = parents()[self.field]
        where, params = link.sql(parent, case)
        ids = _select(parent, _quoted(parent, "id"), where)
        return f"{_quoted(model, self.field)} IN ({ids})", params


@dataclass(frozen=True)
class OnCaseAsPerson:
    """People: the case's children, its family members and its safety network."""

    def q(self, case, related):
        return Q(id__in=related["person"])

    def sql(self, model, case):
        tables = case.person_tables()
        ids = " UNION ".join(
            _select(table, _quoted(table, column), f"{_quoted(table, 'case')} = %s")
            for table, column in tables
        )
        return f"{_quoted(model, 'id')} IN ({ids})", [case.pk] * len(tables)


@dataclass(frozen=True)
class ReferralOfCase:
    """The referral the case was opened from, and any referral linked to it later."""

    def q(self, case, related):
        return Q(id=case.referral_id) | Q(linked_case_id=case.pk)

    def sql(self, model, case):
        where = f"({_quoted(model, 'id')} = %s OR {_quoted(model, 'linked_case')} = %s)"
        return where, [case.referral_id, case.pk]


@dataclass(frozen=True)
class PlanDownloads:
    """Downloads of the case's plan PDFs, from the access log."""

    action = "download plan PDF"

    def sql(self, model, case):
        where = f"{_quoted(model, 'case')} = %s AND {_quoted(model, 'action')} = %s"
        return where, [case.pk, self.action]


@functools.cache
def parents():
    """The records that other records hang from, by the name of the field that points at them."""
    from assessments.models import Assessment, DangerStatement
    from meetings.models import Meeting
    from plans.models import SafetyPlan

    return {
        "assessment": (Assessment, OnCase()),
        "danger_statement": (DangerStatement, Through("assessment")),
        "plan": (SafetyPlan, OnCase()),
        "meeting": (Meeting, OnCase()),
    }


@dataclass(frozen=True)
class Table:
    """A table the timeline reads, how its rows belong to a case, and which of its columns hold
    the date, the id and the author."""

    model: type
    key: str
    link: object
    id_field: str = "history_id"
    date_field: str = "history_date"
    user_field: str = "history_user"

    def __post_init__(self):
        if not self.key.isidentifier():  # it is written into the SQL as a constant
            raise ValueError(f"Timeline key {self.key!r} must be a plain name.")

    @functools.cached_property
    def columns(self):
        """The UNION's four columns, in the same order from every table."""
        return (
            f"{self.date} AS t_date, '{self.key}' AS t_key, {self.pk} AS t_id, "
            f"{self.user} AS t_user"
        )

    @functools.cached_property
    def date(self):
        return _quoted(self.model, self.date_field)

    @functools.cached_property
    def pk(self):
        return _quoted(self.model, self.id_field)

    @functools.cached_property
    def user(self):
        return _quoted(self.model, self.user_field)


@dataclass(frozen=True)
class Source:
    """One history table: the kind of record it holds and how its rows belong to a case."""

    key: str
    kind: str
    label: str
    model: type  # the tracked model; its history model holds the rows
    link: object  # OnCase, Through, OnCaseAsPerson or ReferralOfCase

    def case_filter(self, case, related):
        """A Q on the history model for the rows about the case, given related_ids(case)."""
        return self.link.q(case, related)

    @functools.cached_property
    def history(self):
        # Reading Model.history builds a new manager class each time: do it once.
        return self.model.history.model

    @functools.cached_property
    def table(self):
        return Table(self.history, self.key, self.link)


DOWNLOADS = Table(
    AccessLogEntry, "download", PlanDownloads(), id_field="id", date_field="at", user_field="user"
)


@functools.cache
def sources():
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
    from plans.models import PlanRule, SafetyPlan

    on_case = OnCase()
    return (
        Source("case", "case", "Case", Case, OnCase("id")),
        Source("named", "case", "Restriction", CaseNamedUser, on_case),
        Source("child", "people", "Child on the case", SubjectChild, on_case),
        Source("family", "people", "Family member", FamilyMember, on_case),
        Source("person", "people", "Person's details", Person, OnCaseAsPerson()),
        Source("network", "network", "Safety network", SafetyNetworkMember, on_case),
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
        Source("houses", "child", "Three houses", ThreeHouses, on_case),
        Source("words", "child", "Words and pictures", WordsAndPictures, on_case),
        Source("meeting", "meeting", "Meeting", Meeting, on_case),
        Source("attendee", "meeting", "Meeting attendee", Attendee, Through("meeting")),
        Source(
            "answer", "meeting", "Meeting scaling answer", MeetingScalingAnswer, Through("meeting")
        ),
        Source("decision", "meeting", "Meeting decision", Decision, Through("meeting")),
        Source("action", "meeting", "Meeting action", Action, Through("meeting")),
        Source("plan", "plan", "Plan", SafetyPlan, on_case),
        Source("rule", "plan", "Plan rule", PlanRule, Through("plan")),
        Source("grant", "partner", "Partner access", PartnerAccessGrant, on_case),
        Source("breakglass", "partner", "Emergency access", BreakGlassAccess, on_case),
    )


def related_ids(case):
    """Ids of the people on the case and of the records others hang from (see parents()), for
    the Q form of each link: the timeline's own subqueries, run once, in one query."""
    records = {"person": (Person, OnCaseAsPerson()), **parents()}
    selects, params = [], []
    for name, (model, link) in records.items():
        where, values = link.sql(model, case)
        selects.append(_select(model, f"'{name}', {_quoted(model, 'id')}", where))
        params += values
    related = {name: [] for name in records}
    with connection.cursor() as db:
        db.execute(" UNION ALL ".join(selects), params)
        for name, pk in db.fetchall():
            related[name].append(pk)
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
    chosen = [s for s in sources() if not kinds or s.kind in kinds]
    tables = [s.table for s in chosen]
    if not kinds or "download" in kinds:
        tables.append(DOWNLOADS)
    if not tables:
        return [], None
    selects, params = [], []
    filters = {"user_id": user_id, "since": since, "until": until, "cursor": cursor}
    for table in tables:
        where, values = _narrow(table, case, **filters)
        selects.append(_select(table.model, table.columns, where))
        params += values
    newest_first = " UNION ALL ".join(selects) + (
        " ORDER BY t_date DESC, t_key DESC, t_id DESC LIMIT %s"
    )
    with connection.cursor() as db:
        db.execute(newest_first, [*params, PAGE_SIZE + 1])
        rows = db.fetchall()
    as_datetime = _datetime_converter()
    page = [
        {"t_date": as_datetime(at), "_key": key, "t_id": pk, "t_user": author}
        for at, key, pk, author in rows[:PAGE_SIZE]
    ]
    events = _events(page, {s.key: s for s in chosen})
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        last = page[-1]
        next_cursor = Cursor(last["t_date"], last["_key"], last["t_id"])
    return events, next_cursor


def _narrow(table, case, *, user_id, since, until, cursor):
    """The WHERE clause, and its parameters, for one table's rows in the UNION: those about the
    case that pass the page's filters."""
    about_case, params = table.link.sql(table.model, case)
    conditions = [about_case]
    if user_id:
        conditions.append(f"{table.user} = %s")
        params.append(user_id)
    if since:
        conditions.append(f"{table.date} >= %s")
        params.append(_start_of(since))
    if until:
        conditions.append(f"{table.date} < %s")
        params.append(_start_of(until + timedelta(days=1)))
    if cursor is not None:
        older, values = _before(cursor, table)
        conditions.append(older)
        params += values
    return " AND ".join(conditions), params


def _before(cursor, table):
    """The table's rows strictly older than the cursor in (date, table, id) order.

    The table's key is a constant, so its place against the cursor's key is known here.
    """
    at = connection.ops.adapt_datetimefield_value(cursor.at)
    if table.key < cursor.key:
        return f"{table.date} <= %s", [at]
    if table.key == cursor.key:
        tie = f"({table.date} < %s OR ({table.date} = %s AND {table.pk} < %s))"
        return tie, [at, at, cursor.pk]
    return f"{table.date} < %s", [at]


def _start_of(day):
    """Midnight at the start of a day, local time, as the database compares dates."""
    midnight = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(midnight)


def _datetime_converter():
    """Turns a date from the UNION into an aware datetime, as the ORM converts the column."""
    expression = Value(None, output_field=DateTimeField())
    converters = connection.ops.get_db_converters(expression)

    def convert(value):
        for converter in converters:
            value = converter(value, expression, connection)
        return value

    return convert


@functools.cache
def _with_previous_version(history):
    """A history model's rows, each with the id of the version before it (`_previous`).

    Built once per process and filtered for each page: resolving the subquery cost more than
    running it."""
    previous = history.objects.filter(
        id=OuterRef("id"), history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id")
    return history.objects.annotate(
        _previous=Subquery(previous.values("history_id")[:1], output_field=IntegerField())
    )


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
        rows = list(_with_previous_version(history).filter(history_id__in=ids))
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
    # What a person can change; bookkeeping fields (revision, search key, frozen copy) are left out.
    names = [f.name for f in model._meta.fields if f.editable and f.name not in {"id", "revision"}]
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
