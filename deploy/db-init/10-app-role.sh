#!/bin/sh
# Runs once, when the db service first creates its data volume (docker-entrypoint-initdb.d).
# POSTGRES_USER owns the tables and runs migrate; the app and the worker connect as sos_app,
# which `manage.py migrate` grants read and insert only on the access log and history tables
# (history/db_roles.py). An existing volume needs this role made by hand: see docs/security.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE sos_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
SQL
