# Signs of Safety case management: the entry point for people.
#   make run    set everything up, seed the demo and serve http://127.0.0.1:8000
#   make test   set everything up and run the whole suite on SQLite, then on PostgreSQL
#   make lint   ruff, bandit, the local semgrep rules and the import layers
#   make bench  seed council-scale data on PostgreSQL, load-test the pages, time the plan PDF
#   make bench-profile  sample the workers with py-spy through one mixed run: where the time goes
#   make cin-validator  build the CIN census validator's own environment in var/cin-validator

# The distribution's Python where it is 3.11 or newer, else the first python3 on PATH. Debian
# and Ubuntu build theirs with profile-guided and link-time optimisation, as the production
# image's Python is built; here it serves the pages about a sixth faster than a plain source
# build (see bench/README.md). `make PYTHON=python3.12 ...` overrides it.
PYTHON ?= $(or $(shell for python in /usr/bin/python3 python3; do \
	$$python -c 'import ensurepip, sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$python; break; }; done),python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: Chromium for browser tests, poppler for reading PDFs back, the libraries
# and fonts WeasyPrint renders with, and wrk for the load benchmark.
SYSTEM_PACKAGES := chromium chromium-driver poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core wrk

export DJANGO_ALLOW_ASYNC_UNSAFE := true
# Tests open and close connections from the live server's thread; keeping them open would stop
# the test database being dropped at the end.
test test-sqlite test-postgres: export DATABASE_CONN_MAX_AGE := 0

.PHONY: help run test test-sqlite test-postgres lint format system-deps migrate assets lock bench bench-profile \
	prod-smoke clean cin-validator cin-validator-lock

help:
	@sed -n 's/^#   //p' Makefile

# The environment is rebuilt whenever the lock file changes. Every package is pinned by hash.
$(VENV)/.installed: requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-dev.lock
	touch $@

# The Department for Education's CIN census validator needs pandas and numpy older than the
# app's, so it has its own environment; returns/checks.py runs returns/validator_runner.py with
# its python. Rebuilt whenever its lock file changes.
CIN_VALIDATOR := var/cin-validator

$(CIN_VALIDATOR)/.installed: requirements-cin-validator.lock
	mkdir -p var
	test -x $(CIN_VALIDATOR)/bin/python || $(PYTHON) -m venv $(CIN_VALIDATOR)
	$(CIN_VALIDATOR)/bin/pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r requirements-cin-validator.lock
	touch $@

cin-validator: $(CIN_VALIDATOR)/.installed

# Re-resolves the validator's environment from requirements-cin-validator.in.
cin-validator-lock: $(VENV)/.installed
	$(BIN)/uv pip compile requirements-cin-validator.in --python-version 3.11 --generate-hashes \
		--no-header --quiet -o requirements-cin-validator.lock

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			$$missing >/dev/null; \
	fi

migrate: $(VENV)/.installed
	mkdir -p var
	$(PY) manage.py migrate --no-input

# The demo logins sign in with a password alone; SOS_DEMO_SKIP_SECOND_FACTOR=false shows the
# authenticator app step as production has it.
run: export SOS_DEMO_SKIP_SECOND_FACTOR ?= true
run: migrate
	$(PY) manage.py seed_demo
	@echo "Serving Signs of Safety at http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed cin-validator system-deps test-sqlite test-postgres

test-sqlite: $(VENV)/.installed cin-validator
	@echo "== Test suite on SQLite =="
	DATABASE_URL= $(BIN)/pytest

# Runs when PostgreSQL answers at TEST_DATABASE_URL. REQUIRE_POSTGRES=1 (set by CI) turns a
# missing server into a failure instead of a skipped run.
test-postgres: $(VENV)/.installed cin-validator
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" \
		"$(TEST_DATABASE_URL)" 2>/dev/null; then \
		echo "== Test suite on PostgreSQL =="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest --junitxml=var/test-postgresql.xml; \
	elif [ "$(REQUIRE_POSTGRES)" = 1 ]; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL), and REQUIRE_POSTGRES=1."; \
		exit 1; \
	else \
		echo "== PostgreSQL is not reachable at $(TEST_DATABASE_URL): its run was skipped =="; \
	fi

# Static analysis: ruff, bandit, the local semgrep rules in .semgrep.yml (nothing fetched), and
# import-linter's contract that each app imports only the apps below it (pyproject.toml).
# bench is never installed in production, but it writes to the same models and runs wrk, so it
# is held to the same rules.
APP_CODE := codesets accounts cases assessments plans meetings visits returns history demo bench sos_site

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r $(APP_CODE) -x "*/migrations/*"
	SEMGREP_ENABLE_VERSION_CHECK=0 $(BIN)/semgrep scan --config .semgrep.yml --metrics=off \
		--disable-version-check --error --quiet $(APP_CODE)
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuilds the vendored GOV.UK Frontend styles under static/. Only needed after changing
# static/scss or the versions in package.json; the built files are committed.
assets:
	npm ci --no-audit --no-fund
	npm run build

# Re-resolves every dependency from pyproject.toml and pins it by hash.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-header \
		--quiet -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
		--no-header --quiet -c requirements.lock -o requirements-dev.lock

# What the containers in docker-compose.yml run, without Docker, against local PostgreSQL.
prod-smoke: $(VENV)/.installed cin-validator
	PY=$(PY) TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash .ci/prod-smoke

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .import_linter_cache

# Benchmarks report figures; they do not pass or fail. Results go to bench/results/.
bench: $(VENV)/.installed system-deps
	mkdir -p var
	rm -f var/bench.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py migrate --no-input -v 0
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench_pdf
	PY=$(PY) TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash bench/run-load

# Where the time goes: one mixed run of the load benchmark, its workers sampled with py-spy.
bench-profile: $(VENV)/.installed system-deps
	BENCH_PROFILE=1 PY=$(PY) TEST_DATABASE_URL="$(TEST_DATABASE_URL)" bash bench/run-load
