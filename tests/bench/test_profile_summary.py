"""bench/profile-summary.py: py-spy's collapsed stacks of the workers, bucketed by area."""

import importlib.util
from pathlib import Path

from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "profile_summary", Path(settings.BASE_DIR) / "bench" / "profile-summary.py"
)
profile_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(profile_summary)

MASTER = 'process 6:"gunicorn --config gunicorn.conf.py sos_site.wsgi"'
WORKER = f'{MASTER};process 7:"gunicorn --config gunicorn.conf.py sos_site.wsgi"'
HANDLER = (
    "handle (gunicorn/workers/sync.py:180);__call__ (django/core/handlers/wsgi.py:124);"
    "inner (django/core/handlers/exception.py:55);__call__ (django/utils/deprecation.py:119)"
)
VIEW = (
    f"{HANDLER};middleware (sos_site/middleware.py:40);"
    "_get_response (django/core/handlers/base.py:197);"
    "_view_wrapper (django/contrib/auth/decorators.py:59)"
)
STACKS = [
    f"{MASTER};<module> (gunicorn:8);sleep (gunicorn/arbiter.py:360) 250",
    f"{MASTER};Thread._bootstrap (threading.py:995);wait (threading.py:320) 250",
    f"{WORKER};run (gunicorn/workers/sync.py:125);SyncWorker.wait (gunicorn/workers/sync.py:36) 500",
    f"{WORKER};{HANDLER};process_request (django/contrib/sessions/middleware.py:20);"
    "execute (psycopg/cursor.py:97) 30",
    f"{WORKER};{HANDLER};process_response (django/middleware/csrf.py:470) 10",
    f"{WORKER};{VIEW};home (cases/views.py:70);render (django/template/base.py:1000);"
    "__iter__ (django/db/models/query.py:400);as_sql (django/db/models/sql/compiler.py:700) 40",
    f"{WORKER};{VIEW};part_edit (assessments/views.py:190);save (django/db/models/base.py:800);"
    "post_save (simple_history/models.py:700);execute (psycopg/cursor.py:97) 15",
    f"{WORKER};{VIEW};search (cases/views.py:150);filter (django/db/models/query.py:1400) 5",
]


def test_samples_are_bucketed_by_area_and_layer_and_waiting_is_left_out():
    by_area, hottest, idle = profile_summary.summarise(STACKS)

    assert idle == {profile_summary.IDLE: 500, profile_summary.MASTER: 500}
    assert by_area["session loading and saving"] == {"database": 30}
    assert by_area["middleware: django.middleware.csrf.CsrfViewMiddleware"] == {"rest": 10}
    # The ORM inside a template counts to the template; inside a history write, to the write.
    assert by_area["template rendering"] == {"orm": 40}
    assert by_area["history writes (django-simple-history)"] == {"database": 15}
    assert by_area["views: cases/views.py"] == {"orm": 5}
    assert hottest.most_common(2) == [
        ("`execute` (psycopg/cursor.py)", 45),
        ("`as_sql` (django/db/models/sql/compiler.py)", 40),
    ]


def test_the_report_gives_shares_of_the_time_spent_serving():
    report = profile_summary.markdown(*profile_summary.summarise(STACKS))

    assert "100 samples of the workers serving requests" in report
    assert "| template rendering | 40.0% | 40.0% | 0.0% | 0.0% |" in report
    assert "| **all** | 100% | 45.0% | 45.0% | 10.0% |" in report
    assert "| `execute` (psycopg/cursor.py) | 45.0% |" in report
