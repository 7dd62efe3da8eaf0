"""PostgreSQL only: trigram search on names, and an access log the database will not let anyone
change. SQLite, the laptop demo database, skips both."""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS cases_person_search_name_trgm
    ON cases_person USING gin (search_name gin_trgm_ops);

CREATE OR REPLACE FUNCTION cases_access_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER cases_access_log_append_only
    BEFORE UPDATE OR DELETE ON cases_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION cases_access_log_is_append_only();
"""

POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS cases_access_log_append_only ON cases_accesslogentry;
DROP FUNCTION IF EXISTS cases_access_log_is_append_only();
DROP INDEX IF EXISTS cases_person_search_name_trgm;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters, so psycopg leaves the % in the trigger's message alone.
        schema_editor.execute(POSTGRESQL_FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_people_cases_referrals_access")]

    operations = [migrations.RunPython(forward, backward)]
