"""Plan PDFs through the background queue: queued once, rendered by the worker, served from the
cache, and never lost when a worker dies mid-render."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plans.models import PlanPdf
from plans.tasks import render_plan_pdf_job, requeue_stalled_jobs
from tests.conftest import DATABASE_TASKS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings, monkeypatch):
    """The real database queue, as on PostgreSQL in production."""
    settings.TASKS = DATABASE_TASKS
    settings.SOS_PDF_JOB_LEASE_SECONDS = 300
    # The worker closes stale connections between jobs; in a test that would be the test's own.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def jobs():
    return DBTaskResult.objects.filter(task_path=render_plan_pdf_job.module_path)


def run_worker():
    call_command("pdf_worker", once=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_without_a_pdf_the_partner_sees_being_prepared_and_one_job_is_queued(
    client, pat, pat_grant, approved_plan
):
    jobs().delete()  # approval queued one already; start from nothing
    client.force_login(pat)
    url = reverse("plan_pdf", args=[approved_plan.pk])

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 202
    assert "Your safety plan is being prepared" in first.content.decode()
    assert jobs().count() == 1
    job = jobs().get()
    assert job.status == "READY"
    assert job.args_kwargs["args"] == [approved_plan.pk, approved_plan.revision, pat.pk]
    assert client.get(url, {"check": 1}).json() == {"ready": False, "waited_too_long": False}


def test_the_worker_renders_it_and_the_partner_then_gets_the_pdf(
    client, pat, pat_grant, approved_plan
):
    client.force_login(pat)
    url = reverse("plan_pdf", args=[approved_plan.pk])
    client.get(url)

    run_worker()

    assert set(jobs().values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert PlanPdf.objects.filter(plan=approved_plan, plan_revision=approved_plan.revision).exists()
    assert client.get(url, {"check": 1}).json() == {"ready": True, "waited_too_long": False}
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_approving_a_plan_queues_its_pdf_so_the_first_partner_does_not_wait(
    client, sam, morgan, pat, pat_grant, plan, rule
):
    plan.submit(by=sam)
    client.force_login(morgan)
    client.post(reverse("plan_approve", args=[plan.pk]))
    plan.refresh_from_db()
    assert jobs().get().args_kwargs["args"] == [plan.pk, plan.revision, morgan.pk]

    run_worker()
    client.force_login(pat)
    response = client.get(reverse("plan_pdf", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_job_lost_with_its_worker_is_queued_again_and_rendered(pat, approved_plan):
    jobs().delete()
    render_plan_pdf_job.enqueue(approved_plan.pk, approved_plan.revision, pat.pk)
    # What a worker killed mid-render leaves behind: the job claimed, running, never finished.
    lost = jobs().get()
    lost.claim("pdf-worker-that-was-killed")
    jobs().filter(pk=lost.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=6))

    run_worker()

    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert lost.exception_class_path == "plans.tasks.WorkerLost"
    retried = jobs().exclude(pk=lost.pk).get()
    assert retried.status == "SUCCESSFUL"
    assert retried.args_kwargs == lost.args_kwargs
    assert (
        PlanPdf.objects.filter(plan=approved_plan, plan_revision=approved_plan.revision).count()
        == 1
    )


def test_a_job_still_inside_its_lease_is_left_to_its_worker(client, pat, pat_grant, approved_plan):
    jobs().delete()
    render_plan_pdf_job.enqueue(approved_plan.pk, approved_plan.revision, pat.pk)
    jobs().get().claim("pdf-worker-still-busy")

    assert requeue_stalled_jobs() == 0
    client.force_login(pat)
    assert client.get(reverse("plan_pdf", args=[approved_plan.pk])).status_code == 202
    assert jobs().count() == 1


def test_a_job_for_a_revision_that_has_moved_on_renders_nothing(sam, plan, rule):
    jobs().delete()
    # Queued for the revision before the last edit.
    render_plan_pdf_job.enqueue(plan.pk, plan.revision - 1, sam.pk)

    run_worker()

    assert jobs().get().return_value == "superseded"
    assert not PlanPdf.objects.filter(plan=plan).exists()


def test_with_pdfs_inline_the_worker_has_nothing_to_do(settings, capsys):
    from tests.conftest import IMMEDIATE_TASKS

    settings.TASKS = IMMEDIATE_TASKS

    call_command("pdf_worker", once=True)

    assert "render inline" in capsys.readouterr().out
