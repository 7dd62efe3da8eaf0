"""The application's database role: it adds to the audit trail and can never change it.

On PostgreSQL an owner role owns the tables; it runs migrations and the retention purge. The app
and the PDF worker connect as a second role, named by DATABASE_APP_ROLE, that owns nothing and is
not a superuser: it cannot TRUNCATE, DROP or ALTER a table (so no DISABLE TRIGGER), nor set
session_replication_role. On the access log and every history table it may only read and add
rows; on every other table it may read, add, change and delete them.

migrate grants these again after every run (grant_after_migrate), so new tables are covered.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from psycopg import sql
from simple_history.models import HistoricalChanges

AUDIT_TABLE_RIGHTS = "SELECT, INSERT"
AUDIT_SEQUENCE_RIGHTS = "USAGE"
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_RIGHTS = "USAGE, SELECT, UPDATE"
REVOKE = sql.SQL("REVOKE ALL ON {kind} {name} FROM {role}")
GRANT = sql.SQL("GRANT {rights} ON {kind} {name} TO {role}")


def audit_tables():
    """The access log and every simple-history table: rows are added, never changed."""
    from cases.models import AccessLogEntry

    historical = [model for model in apps.get_models() if issubclass(model, HistoricalChanges)]
    return {AccessLogEntry._meta.db_table} | {model._meta.db_table for model in historical}


def grant_app_role(connection, role):
    """Give role exactly its rights on every table of the installed apps, and nothing more."""
    audit = audit_tables()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            raise ImproperlyConfigured(
                f"DATABASE_APP_ROLE is {role!r}, the role running migrate: it must be another."
            )
        for table in connection.introspection.django_table_names(only_existing=True):
            audited = table in audit
            _grant(cursor, "TABLE", table, role, AUDIT_TABLE_RIGHTS if audited else TABLE_RIGHTS)
            for sequence in connection.introspection.get_sequences(cursor, table):
                rights = AUDIT_SEQUENCE_RIGHTS if audited else SEQUENCE_RIGHTS
                _grant(cursor, "SEQUENCE", sequence["name"], role, rights)


def _grant(cursor, kind, name, role, rights):
    """Revoke whatever role had on the object, then grant rights: the same result every run."""
    parts = {
        "kind": sql.SQL(kind),
        "rights": sql.SQL(rights),
        "name": sql.Identifier(name),
        "role": sql.Identifier(role),
    }
    cursor.execute(REVOKE.format(**parts))
    cursor.execute(GRANT.format(**parts))


def grant_after_migrate(using, **kwargs):
    """post_migrate: re-grant the app role on PostgreSQL when DATABASE_APP_ROLE names one."""
    connection = connections[using]
    if settings.DATABASE_APP_ROLE and connection.vendor == "postgresql":
        grant_app_role(connection, settings.DATABASE_APP_ROLE)
