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

Which tables there are, and how the rows of each belong to a case, is the registry's
(history/registry.py), which the purge and subject access read as well.
"""

import base64
import binascii
import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import DateTimeField, IntegerField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from assessments.diff import word_diff
from assessments.terminology import terms_for
from cases.models import AccessLogEntry, Person, User, code_labels
from history import registry
from history.access_log import sentence
from history.sql import distinct, quoted, select
from meetings.models import Attendee
from visits.models import visit_sentence

PAGE_SIZE = 25
LONG_TEXT = 60  # longer values than this are shown as a word-level diff


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
        return quoted(self.model, self.date_field)

    @functools.cached_property
    def pk(self):
        return quoted(self.model, self.id_field)

    @functools.cached_property
    def user(self):
        return quoted(self.model, self.user_field)


@functools.cache
def _table(source):
    """The history table of one of the registry's sources."""
    return Table(source.history, source.key, source.link)


ACCESS_LOG_TABLE = Table(
    registry.DOWNLOADS.model,
    registry.DOWNLOADS.key,
    registry.DOWNLOADS.link,
    id_field="id",
    date_field="at",
    user_field="user",
)


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
    # Why a row appeared that its history user did not write, e.g. an entry carried forward.
    reason: str = ""


def timeline_page(case, *, kinds=None, user_id=None, since=None, until=None, cursor=None):
    """One page of events, newest first, and the cursor for the next page (or None)."""
    chosen = [s for s in registry.sources() if not kinds or s.kind in kinds]
    tables = [_table(s) for s in chosen]
    if not kinds or registry.DOWNLOADS.kind in kinds:
        tables.append(ACCESS_LOG_TABLE)
    if not tables:
        return [], None
    filters = {"user_id": user_id, "since": since, "until": until, "cursor": cursor}
    union, params = _union(case, tables, filters)
    newest_first = f"{union} ORDER BY t_date DESC, t_key DESC, t_id DESC LIMIT %s"
    with connection.cursor() as db:
        db.execute(newest_first, [*params, PAGE_SIZE + 1])
        rows = db.fetchall()
    as_datetime = _datetime_converter()
    page = [
        {"t_date": as_datetime(at), "_key": key, "t_id": pk, "t_user": author}
        for at, key, pk, author in rows[:PAGE_SIZE]
    ]
    events = _events(page, {s.key: s for s in chosen}, terms_for(case))
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        last = page[-1]
        next_cursor = Cursor(last["t_date"], last["_key"], last["t_id"])
    return events, next_cursor


def people_on_timeline(case):
    """Everyone who appears in the case's timeline, partners and all, for its filter."""
    tables = [_table(source) for source in registry.sources()] + [ACCESS_LOG_TABLE]
    union, params = _union(case, tables, {})
    with connection.cursor() as db:
        db.execute(distinct("t_user", union), params)
        ids = [pk for (pk,) in db.fetchall() if pk]
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def _union(case, tables, filters):
    """Every table's rows about the case that pass the filters, as one UNION ALL."""
    selects, params = [], []
    for table in tables:
        where, values = _narrow(table, case, **filters)
        selects.append(select(table.model, table.columns, where))
        params += values
    return " UNION ALL ".join(selects), params


def _narrow(table, case, *, user_id=None, since=None, until=None, cursor=None):
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


def _events(page, by_key, terms):
    """Fetch the page's rows and their previous versions, then describe each change."""
    wanted = {}
    for row in page:
        wanted.setdefault(row["_key"], []).append(row["t_id"])
    records = {}
    for key, ids in wanted.items():
        if key == ACCESS_LOG_TABLE.key:
            for entry in AccessLogEntry.objects.filter(pk__in=ids):
                records[(key, entry.pk)] = (entry, None)
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
    attendee_ids = [r.attendee_id for r, _ in records.values() if hasattr(r, "attendee_id")]
    users.attendees = (
        dict(Attendee.objects.filter(pk__in=attendee_ids).values_list("pk", "name"))
        if attendee_ids
        else {}
    )
    # The children visited, by the name they use, for the visits' sentences.
    child_ids = [r.child_id for r, _ in records.values() if hasattr(r, "visited_on")]
    names = Person.objects.filter(pk__in=child_ids) if child_ids else Person.objects.none()
    users.children = {
        pk: preferred or first
        for pk, first, preferred in names.values_list("pk", "first_name", "preferred_name")
    }
    events = []
    for row in page:
        record, previous = records[(row["_key"], row["t_id"])]
        user = users.get(row["t_user"])
        if row["_key"] == ACCESS_LOG_TABLE.key:
            events.append(_attempt(row, record, user, terms))
            continue
        source = by_key[row["_key"]]
        events.append(
            Event(
                row["t_date"],
                source.key,
                record.history_id,
                source.kind,
                terms.say(source.label),
                {"+": "Added", "~": "Changed", "-": "Removed"}[record.history_type],
                user,
                _summary(record, users),
                _changes(record, previous, users, terms),
                getattr(record, "history_change_reason", None) or "",
            )
        )
    return events


def _attempt(row, entry, user, terms):
    """A try at downloading a PDF, from the access log: a download only if it was allowed."""
    where = entry.ip_address or "an unknown address"
    return Event(
        row["t_date"],
        registry.DOWNLOADS.key,
        entry.pk,
        registry.DOWNLOADS.kind,
        registry.DOWNLOADS.label,
        "Downloaded" if entry.allowed else "Refused",
        user,
        f"{sentence(entry, terms)} (from {where})",
        [],
    )


def _summary(record, users):
    """A few words saying which record this is, without following links to other tables."""
    if hasattr(record, "score"):  # a scaling answer, at a meeting or not
        if getattr(record, "declined", False):
            return f"{_respondent(record, users)} did not want to give a score"
        return f"{_respondent(record, users)} scored {record.score}: '{record.reason.strip()}'"
    if hasattr(record, "visited_on"):
        return visit_sentence(
            record,
            recorded_by=users.get(record.recorded_by_id, "Someone"),
            child_name=users.children.get(record.child_id, "a child"),
        )
    if getattr(record, "first_name", None):
        return f"{record.first_name} {record.last_name}"
    for model_field in record.instance_type._meta.fields:
        if model_field.is_relation or model_field.choices or not model_field.editable:
            continue
        value = getattr(record, model_field.attname, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return getattr(record, "reference", "") or ""


def _respondent(answer, users):
    """Who gave a scaling answer; a meeting's answers name the attendee, recorded apart."""
    if hasattr(answer, "respondent_name"):
        return answer.respondent_name
    return users.attendees.get(answer.attendee_id, "Someone at the meeting")


def _changes(record, previous, users, terms):
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
    code_lists = getattr(model, "CODE_LISTS", {})
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        if change.field in code_lists:  # a list of census codes, each shown by its label
            old, new = (_codes_shown(code_lists[change.field], v) for v in [change.old, change.new])
        else:
            old = _shown(model_field, change.old, users)
            new = _shown(model_field, change.new, users)
        if model_field.choices:  # the product's words, not what someone wrote
            old, new = terms.say(old), terms.say(new)
        pieces = word_diff(old, new) if max(len(old), len(new)) > LONG_TEXT else []
        verbose = terms.say(str(model_field.verbose_name))
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


def _codes_shown(code_list, codes):
    """A list of census codes as a person reads it: their labels, in the list's order."""
    return "; ".join(code_labels(code_list, codes or [])) or "(blank)"


class UserNames(dict):
    """Users by id, fetched once for a whole page."""

    def __init__(self, model, ids):
        super().__init__(model.objects.in_bulk(ids))
        self.model = model
