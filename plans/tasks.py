"""Plan PDFs are rendered in the background, so a partner never waits on a busy web worker.

The web app queues a job (django-tasks, with its database backend on PostgreSQL) and the worker
(`manage.py pdf_worker`) renders it into the PlanPdf cache. On SQLite, with no worker, the
"immediate" backend renders inline instead, and the same code serves the PDF at once.

A worker that dies mid-render (killed, out of memory, a host that went away) leaves its job
marked as running. `requeue_stalled_jobs` finds jobs running for longer than
SOS_PDF_JOB_LEASE_SECONDS, records them as lost and queues them again; the worker calls it
before each batch. Rendering is idempotent, so a job run twice stores one PDF.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from cases.models import User
from plans.models import SafetyPlan
from plans.pdf import cached_pdf, stored_pdf

logger = logging.getLogger(__name__)

QUEUE = "pdfs"


class WorkerLost(Exception):
    """The worker running this job stopped before it finished."""


@task(queue_name=QUEUE)
def render_plan_pdf_job(plan_id, revision, requested_by_id):
    plan = SafetyPlan.objects.filter(pk=plan_id).first()
    if plan is None or plan.revision != revision:
        return "superseded"  # the plan changed since; the next request queues the new revision
    cached_pdf(plan, requested_by=User.objects.get(pk=requested_by_id))
    return "rendered"


def renders_inline():
    return isinstance(task_backends["default"], ImmediateBackend)


# How long a job may wait for a worker before the partner is told that something is wrong.
WAIT_BEFORE_WARNING = datetime.timedelta(minutes=1)


def pdf_or_queue(plan, *, requested_by):
    """The stored PDF of this version of the plan, or None once a job to render it is queued."""
    existing = stored_pdf(plan)
    if existing is not None:
        return existing
    queue_pdf(plan, requested_by=requested_by)
    return stored_pdf(plan)  # rendered already when the backend runs jobs inline


def queue_pdf(plan, *, requested_by):
    if not renders_inline() and _job_in_hand(plan):
        return
    render_plan_pdf_job.enqueue(plan.pk, plan.revision, requested_by.pk)


def _job_in_hand(plan):
    """Is a job for this revision waiting, or running and not yet given up on?"""
    from django_tasks_db.models import DBTaskResult

    in_hand = DBTaskResult.objects.filter(task_path=render_plan_pdf_job.module_path).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=_lease_start())
    )
    return _any_for(in_hand, plan)


def _any_for(jobs, plan):
    """Is one of these jobs for this version of the plan?"""
    # Few jobs are ever in hand at once; comparing their arguments here works on every database.
    return any(
        job.args_kwargs["args"][:2] == [plan.pk, plan.revision] for job in jobs.only("args_kwargs")
    )


def is_waiting_too_long(plan):
    """Has a job for this version of the plan waited over a minute with no worker to take it?"""
    if renders_inline():
        return False
    from django_tasks_db.models import DBTaskResult

    too_old = DBTaskResult.objects.ready().filter(
        task_path=render_plan_pdf_job.module_path,
        enqueued_at__lt=timezone.now() - WAIT_BEFORE_WARNING,
    )
    return _any_for(too_old, plan)


def _lease_start():
    return timezone.now() - datetime.timedelta(seconds=settings.SOS_PDF_JOB_LEASE_SECONDS)


def requeue_stalled_jobs():
    """Queue again every PDF job whose worker stopped mid-render. Returns how many."""
    if renders_inline():
        return 0
    from django_tasks_db.models import DBTaskResult

    requeued = 0
    with transaction.atomic():
        stalled = (
            DBTaskResult.objects.running()
            .filter(task_path=render_plan_pdf_job.module_path, started_at__lt=_lease_start())
            .select_for_update(skip_locked=True)
        )
        for job in stalled:
            job.set_failed(WorkerLost(f"no result after {settings.SOS_PDF_JOB_LEASE_SECONDS}s"))
            render_plan_pdf_job.enqueue(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
            logger.warning("PDF job %s was lost with its worker; queued again", job.pk)
            requeued += 1
    return requeued
