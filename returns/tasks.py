"""The census check runs in the background: the Department for Education's validator takes
25 to 40 seconds on a council's records, longer than a web worker is given.

The page records a waiting ReturnRun and queues `census_check_job` (django-tasks, the same
database queue as plan PDFs, queue "returns"); `manage.py pdf_worker` takes every queue, so the
worker that renders PDFs runs the check too. The job builds the census, runs the validator and
stores what it found on the run, and the run's page shows it. With no queue (SQLite, or
SOS_BACKGROUND_RETURNS off) the job runs in the request instead, and the page is the same.

A check whose worker died mid-run stays "running"; `give_up_stalled_checks` records it as failed
once it has run longer than the validator is ever allowed, and the data officer checks again.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cases.models import Case
from plans.tasks import WorkerLost, renders_inline
from returns.checks import TIMEOUT_SECONDS, ValidatorUnavailable, check_census
from returns.cin_census import build_census
from returns.models import ReturnRun
from returns.plain_words import item_words

logger = logging.getLogger(__name__)

QUEUE = "returns"

# How long a check may wait for a worker before the page says that something is wrong.
WAIT_BEFORE_WARNING = datetime.timedelta(minutes=1)
# The validator is stopped after TIMEOUT_SECONDS: a check running longer lost its worker.
LEASE = datetime.timedelta(seconds=TIMEOUT_SECONDS + 60)

CRASHED = (
    "The check stopped with an unexpected error, which is in the service's log. Try again; "
    "if it happens again, tell whoever supports this service."
)
LOST = (
    "The check stopped before it finished: the service running it was probably restarted. "
    "Check the census again."
)


@task(queue_name=QUEUE)
def census_check_job(run_id):
    run = ReturnRun.objects.filter(pk=run_id, kind=ReturnRun.Kind.CENSUS_CHECK).first()
    if run is None or not run.start():
        return "taken"  # run already, or given up on
    try:
        with transaction.atomic():  # in the request, a savepoint that a failure rolls back to
            export = build_census(run.year)
        result = check_census(export.xml)
        with transaction.atomic():
            results = census_results(export, result)
    except ValidatorUnavailable as unavailable:
        run.fail(str(unavailable))
        return "failed"
    except Exception:
        logger.exception("Census check %s stopped with an error", run.pk)
        run.fail(CRASHED)
        return "failed"
    run.finish(children=export.children, results=results)
    return "done"


def runs_in_background():
    return settings.BACKGROUND_RETURNS and not renders_inline()


def queue_census_check(*, year, by):
    """A waiting check, queued for the worker, or already run when there is no worker. A check
    already waiting or running is that check: pressing the button twice runs the validator once.
    """
    if runs_in_background():
        in_hand = ReturnRun.objects.filter(
            kind=ReturnRun.Kind.CENSUS_CHECK,
            year=year,
            status__in=[ReturnRun.Status.WAITING, ReturnRun.Status.RUNNING],
        ).first()
        if in_hand is not None:
            return in_hand
    run = ReturnRun.objects.create(
        kind=ReturnRun.Kind.CENSUS_CHECK, year=year, run_by=by, status=ReturnRun.Status.WAITING
    )
    if runs_in_background():
        census_check_job.enqueue(run.pk)
    else:
        census_check_job.call(run.pk)
        run.refresh_from_db()
    return run


def is_waiting_too_long(run):
    """Has this check waited over a minute with no worker to take it?"""
    return (
        run.status == ReturnRun.Status.WAITING and run.run_at < timezone.now() - WAIT_BEFORE_WARNING
    )


def give_up_stalled_checks():
    """Record as failed every check whose worker stopped mid-run. Returns how many."""
    stalled = ReturnRun.objects.filter(
        kind=ReturnRun.Kind.CENSUS_CHECK,
        status=ReturnRun.Status.RUNNING,
        started_at__lt=timezone.now() - LEASE,
    )
    given_up = 0
    for run in stalled:
        logger.warning("Census check %s was lost with its worker", run.pk)
        run.fail(LOST)
        given_up += 1
    if given_up and not renders_inline():
        _record_lost_jobs()
    return given_up


def _record_lost_jobs():
    """The queue's own record of the lost jobs, so that it no longer shows them as running."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        lost = (
            DBTaskResult.objects.running()
            .filter(task_path=census_check_job.module_path, started_at__lt=timezone.now() - LEASE)
            .select_for_update(skip_locked=True)
        )
        for job in lost:
            job.set_failed(WorkerLost(f"no result after {LEASE.total_seconds():.0f}s"))


def census_results(export, result):
    """What the check found, as the run's page shows it and as the run stores it: each rule
    broken for each child once, naming every item it found wrong in plain words, with the case
    or referral to fix it on. Codes, LAchildIDs and references only, never names."""
    return {
        "errors": _failures(export, result.errors),
        "queries": _failures(export, result.queries),
        "crashed_rules": [rule.rule_code for rule in result.crashed_rules],
    }


def _failures(export, failures):
    found = {}
    for failure in failures:
        key = (failure.rule_code, failure.la_child_id)
        if key in found:
            found[key]["items"].append(item_words(failure.field))
            continue
        found[key] = _failure(export, failure)
    for row in found.values():
        row["items"] = ", ".join(dict.fromkeys(item for item in row["items"] if item))
    return list(found.values())


def _failure(export, failure):
    case = export.cases.get(failure.la_child_id)
    referral = export.referrals.get(failure.la_child_id)
    return {
        "rule": failure.rule_code,
        "message": failure.message,
        "items": [item_words(failure.field)],
        "child": failure.la_child_id,
        "case": (
            {"id": case.pk, "reference": case.reference, "restricted": case.restricted}
            if case is not None
            else None
        ),
        "referral": (
            {
                "id": referral.pk,
                "received_on": referral.received_on.isoformat(),
                "team": referral.team.name,
            }
            if referral is not None
            else None
        ),
    }


def shown_failures(failures):
    """Stored failures ready for the page: a link to each case's coded page while the case is
    not restricted (as it is now, not as it was when checked), and the referral's date."""
    case_ids = {failure["case"]["id"] for failure in failures if failure["case"]}
    restricted = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "restricted"))
    shown = []
    for failure in failures:
        row = dict(failure)
        if row["case"]:
            row["case"] = dict(row["case"])
            row["case"]["restricted"] = restricted.get(row["case"]["id"], True)
            row["link"] = (
                ""
                if row["case"]["restricted"]
                else reverse("returns_coded_record", args=[row["case"]["id"]])
            )
        if row["referral"]:
            row["referral"] = dict(
                row["referral"],
                received_on=datetime.date.fromisoformat(row["referral"]["received_on"]),
            )
        shown.append(row)
    return shown
