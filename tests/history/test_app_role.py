"""The app's database role adds to the audit trail and can do nothing else to it.

Each test creates a role of its own, grants it what history/db_roles.py grants, and connects to
the test database as that role, as gunicorn and the worker do in production.
"""

import datetime
import uuid

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import ProgrammingError, connection
from django.test import override_settings
from django.utils import timezone
from psycopg import sql
from psycopg.errors import InsufficientPrivilege

from cases.models import AccessLogEntry, Case, Person, User
from history.db_roles import audit_tables, grant_app_role
from history.retention import purge_case
from tests.factories import PersonFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Database roles and grants are PostgreSQL's; SQLite has neither.",
    ),
    # The app role's own connection sees only committed rows.
    pytest.mark.django_db(transaction=True),
]

AUDITED = [AccessLogEntry, Person.history.model]


def execute(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


@pytest.fixture
def role(transactional_db):
    """A login role of its own for this run, with no rights yet; gone, with its grants, after."""
    name = f"sos_test_app_{uuid.uuid4().hex[:12]}"
    execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    yield name
    execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
    execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture
def as_app(role):
    """A connection to the test database as the app role, granted as migrate grants it."""
    grant_app_role(connection, role)
    settings = connection.settings_dict
    app = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=role,
        autocommit=True,
    )
    yield app
    app.close()


@pytest.fixture
def audit_rows(sam, reid_case):
    """Rows in the access log and in a history table (people's): how many of each."""
    AccessLogEntry.objects.create(
        user=sam,
        case=reid_case,
        case_reference=reid_case.reference,
        action="view case",
        allowed=True,
        path="/",
    )
    PersonFactory(first_name="Kai")
    return {model: model.objects.count() for model in AUDITED}


def table(model):
    return sql.Identifier(model._meta.db_table)


def pk(model):
    return sql.Identifier(model._meta.pk.column)


REFUSED = {
    "update": "UPDATE {table} SET {pk} = {pk}",
    "delete": "DELETE FROM {table}",
    "truncate": "TRUNCATE {table}",
    "disable trigger": "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "drop": "DROP TABLE {table}",
}


@pytest.mark.parametrize("model", AUDITED, ids=lambda model: model._meta.db_table)
@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_app_role_cannot_change_or_remove_audit_rows(as_app, audit_rows, model, statement):
    with pytest.raises(InsufficientPrivilege):
        as_app.execute(sql.SQL(statement).format(table=table(model), pk=pk(model)))

    assert model.objects.count() == audit_rows[model] > 0


def test_the_app_role_cannot_switch_triggers_off_for_its_session(as_app):
    with pytest.raises(InsufficientPrivilege):
        as_app.execute("SET session_replication_role = replica")

    assert as_app.execute("SHOW session_replication_role").fetchone() == ("origin",)


@pytest.mark.parametrize("model", AUDITED, ids=lambda model: model._meta.db_table)
def test_the_app_role_adds_and_reads_audit_rows(as_app, audit_rows, model):
    columns = sql.SQL(", ").join(
        sql.Identifier(field.column)
        for field in model._meta.concrete_fields
        if field != model._meta.pk
    )
    as_app.execute(
        sql.SQL("INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}").format(
            table=table(model), columns=columns
        )
    )

    count = as_app.execute(sql.SQL("SELECT count(*) FROM {}").format(table(model))).fetchone()
    assert count == (2 * audit_rows[model],)


def test_the_app_role_changes_and_removes_ordinary_rows(as_app):
    kai, ash = PersonFactory(first_name="Kai"), PersonFactory(first_name="Ash")

    as_app.execute("UPDATE cases_person SET first_name = 'Kian' WHERE id = %s", [kai.pk])
    as_app.execute("DELETE FROM cases_person WHERE id = %s", [ash.pk])

    assert list(Person.objects.values_list("first_name", flat=True)) == ["Kian"]


def test_every_history_table_and_the_access_log_is_append_only_for_the_app_role(role):
    grant_app_role(connection, role)
    tables = connection.introspection.django_table_names(only_existing=True)
    rights = {
        name: {
            right
            for right in ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]
            if execute("SELECT has_table_privilege(%s, %s, %s)", [role, name, right])[0][0]
        }
        for name in tables
    }

    append_only = {name for name in tables if rights[name] == {"SELECT", "INSERT"}}
    # Every table django-simple-history made, found by name rather than by the code under test.
    assert {"cases_accesslogentry"} | {name for name in tables if "_historical" in name} == (
        append_only
    )
    assert append_only == audit_tables()
    ordinary = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert all(rights[name] == ordinary for name in set(tables) - append_only)
    for name in ["django_session", "django_tasks_database_dbtaskresult", "otp_totp_totpdevice"]:
        assert rights[name] == ordinary, name


def test_migrate_grants_the_role_that_database_app_role_names(role):
    with override_settings(DATABASE_APP_ROLE=role):
        call_command("migrate", verbosity=0)

    def may(right, name):
        return execute("SELECT has_table_privilege(%s, %s, %s)", [role, name, right])[0][0]

    assert may("INSERT", "cases_historicalcase")
    assert not may("UPDATE", "cases_historicalcase")
    assert may("UPDATE", "cases_case")


def test_the_app_role_cannot_be_the_role_running_migrate():
    current_user = execute("SELECT current_user")[0][0]

    with pytest.raises(ImproperlyConfigured):
        grant_app_role(connection, current_user)


def test_the_retention_purge_runs_as_the_owner_and_not_as_the_app_role(
    role, settings, morgan, reid_case
):
    grant_app_role(connection, role)
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "child_protection": 2}
    reid_case.close(
        reason="Work finished",
        on=timezone.localdate() - datetime.timedelta(days=3 * 365),
        by=morgan,
    )
    cases = Case.objects.filter(pk=reid_case.pk)
    history = Case.history.filter(id=reid_case.pk)
    assert history.exists()

    execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"):
            purge_case(cases.get())
    finally:
        execute("RESET ROLE")
    assert cases.exists()
    assert history.exists()

    purge_case(cases.get())

    assert not cases.exists()
    assert not history.exists()


def test_the_app_role_cannot_delete_a_user_and_blank_their_name_on_history(role):
    """Deleting a user sets history_user to NULL on every row they wrote: deactivate them."""
    grant_app_role(connection, role)
    kim = UserFactory(username="kim")
    kai = PersonFactory.build(first_name="Kai")
    kai._history_user = kim
    kai.save()

    execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"):
            User.objects.get(pk=kim.pk).delete()
    finally:
        execute("RESET ROLE")

    assert User.objects.filter(pk=kim.pk).exists()
    assert kai.history.get().history_user == kim
