"""The census check through the background queue, as on PostgreSQL in production: recorded as
waiting, its page says so and asks again, the worker runs it and stores what it found, and a
check that cannot run, or whose worker was lost, says why."""

import datetime
import stat

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cases.models import AccessLogEntry
from returns.models import ReturnRun
from returns.tasks import LOST, census_check_job
from tests.conftest import DATABASE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings, monkeypatch):
    """The real database queue, and census checks sent to it."""
    settings.TASKS = DATABASE_TASKS
    settings.BACKGROUND_RETURNS = True
    # The worker closes stale connections between jobs; in a test that would be the test's own.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def jobs():
    return DBTaskResult.objects.filter(task_path=census_check_job.module_path)


def run_worker():
    call_command("pdf_worker", once=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def result_page(client, run):
    return client.get(reverse("returns_census_check_result", args=[run.pk])).content.decode()


def test_the_check_is_queued_as_waiting_and_its_page_says_it_is_checking(client, devi, coded_case):
    client.force_login(devi)

    response = client.post(reverse("returns_census_check"))

    run = ReturnRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("returns_census_check_result", args=[run.pk])
    assert (run.status, run.run_by, run.year, run.results, run.finished_at) == (
        "waiting",
        devi,
        2027,
        None,
        None,
    )
    job = jobs().get()
    assert (job.status, job.queue_name, job.args_kwargs["args"]) == ("READY", "returns", [run.pk])
    page = result_page(client, run)
    assert '<p class="govuk-body" role="status">Checking the census…' in page
    assert "this page refreshes itself" in page
    assert "No errors" not in page
    assert client.get(
        reverse("returns_census_check_result", args=[run.pk]), {"check": 1}
    ).json() == {"finished": False, "waited_too_long": False}
    assert "Waiting to start" in client.get(reverse("returns")).content.decode()
    logged = AccessLogEntry.objects.get(action="checked the children in need census 2027")
    assert (logged.user, logged.allowed) == (devi, True)


def test_the_worker_runs_the_check_and_stores_what_it_found(
    client, devi, validator, coded_case, closed_without_reason
):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))

    run_worker()

    run = ReturnRun.objects.get()
    assert jobs().get().status == "SUCCESSFUL"
    assert (run.status, run.children, run.errors) == ("done", 2, 1)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert [failure["rule"] for failure in run.results["errors"]] == ["8805"]
    assert client.get(
        reverse("returns_census_check_result", args=[run.pk]), {"check": 1}
    ).json() == {"finished": True, "waited_too_long": False}
    page = result_page(client, run)
    assert "1 error to fix" in page
    assert "Checking the census" not in page
    assert reverse("returns_coded_record", args=[closed_without_reason.pk]) in page


def test_the_job_run_directly_stores_the_results_once(client, devi, validator, coded_case):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))
    run = ReturnRun.objects.get()

    first, second = census_check_job.call(run.pk), census_check_job.call(run.pk)

    assert (first, second) == ("done", "taken")
    run.refresh_from_db()
    assert (run.status, run.children, run.errors) == ("done", 1, 0)
    assert run.results["errors"] == []
    assert "No errors" in result_page(client, run)


def test_without_the_validator_the_run_fails_and_says_what_to_do(
    client, devi, coded_case, settings, tmp_path
):
    settings.CIN_VALIDATOR_PYTHON = str(tmp_path / "missing" / "python")
    client.force_login(devi)
    client.post(reverse("returns_census_check"))

    run_worker()

    run = ReturnRun.objects.get()
    assert run.status == "failed"
    assert "run make cin-validator" in run.failure
    page = result_page(client, run)
    assert "The census could not be checked" in page
    assert "run make cin-validator" in page


def test_a_validator_that_answers_nonsense_fails_the_run_plainly(
    client, devi, coded_case, settings, tmp_path
):
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'not the validator'\n")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    settings.CIN_VALIDATOR_PYTHON = str(broken)
    client.force_login(devi)
    client.post(reverse("returns_census_check"))

    run_worker()

    run = ReturnRun.objects.get()
    assert (run.status, run.results) == ("failed", None)
    page = result_page(client, run)
    assert "The census could not be checked" in page
    assert "The check stopped with an unexpected error" in page


def test_a_check_no_worker_has_taken_after_a_minute_says_so(client, devi):
    run = ReturnRun.objects.create(
        kind="census_check",
        year=2027,
        run_by=devi,
        status="waiting",
        run_at=timezone.now() - datetime.timedelta(minutes=2),
    )
    client.force_login(devi)

    page = result_page(client, run)

    assert "The check has not been started after a minute" in page
    warning = page.split("data-check-waited-too-long")[1].split(">")[0]
    assert "hidden" not in warning


def test_a_check_whose_worker_was_lost_is_recorded_as_failed(client, devi):
    run = ReturnRun.objects.create(
        kind="census_check",
        year=2027,
        run_by=devi,
        status="running",
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(devi)

    page = result_page(client, run)

    run.refresh_from_db()
    assert (run.status, run.failure) == ("failed", LOST)
    assert "The census could not be checked" in page
    assert "Check the census again" in page


def test_pressing_the_button_twice_queues_one_check(client, devi, coded_case):
    client.force_login(devi)

    first = client.post(reverse("returns_census_check"))
    second = client.post(reverse("returns_census_check"))

    run = ReturnRun.objects.get()
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("returns_census_check_result", args=[run.pk])
    assert jobs().count() == 1


def test_the_worker_lost_with_a_check_is_recorded_by_the_queue_too(client, devi, coded_case):
    client.force_login(devi)
    client.post(reverse("returns_census_check"))
    run = ReturnRun.objects.get()
    job = jobs().get()
    job.claim("a-worker-that-died")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    jobs().update(started_at=an_hour_ago)
    assert run.start()
    ReturnRun.objects.filter(pk=run.pk).update(started_at=an_hour_ago)

    client.get(reverse("returns"))

    run.refresh_from_db()
    assert (run.status, run.failure) == ("failed", LOST)
    assert jobs().get().status == "FAILED"
    assert "Could not be checked" in client.get(reverse("returns")).content.decode()


def test_a_check_made_before_results_were_kept_gives_its_counts(client, devi):
    run = ReturnRun.objects.create(
        kind="census_check", year=2027, run_by=devi, children=3, errors=2, queries=1
    )
    client.force_login(devi)

    page = result_page(client, run)

    assert "2 errors and 1 query in 3 children" in page
    assert "check the census again to see them" in page
