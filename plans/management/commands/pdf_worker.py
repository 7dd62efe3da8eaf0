"""Render queued plan PDFs, and run every other queued job (the census check, returns/tasks.py):
`python manage.py pdf_worker`. Run one or more next to the web app."""

import time
import uuid

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker

from plans.tasks import renders_inline, requeue_stalled_jobs


class Command(BaseCommand):
    help = (
        "Render plan PDFs queued by the web app, and queue again any a lost worker left; "
        "run the other queued jobs too, such as census checks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Render what is queued now, then stop."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at the queue."
        )

    def handle(self, *args, once, interval, **options):
        if renders_inline():
            self.stdout.write(
                "PDFs render inline and census checks run in the request with this "
                "configuration: no worker needed."
            )
            return
        worker_id = f"pdf-{uuid.uuid4().hex[:12]}"
        self.stdout.write(f"PDF worker {worker_id} waiting for jobs")
        while True:
            requeue_stalled_jobs()
            Worker(
                # Every queue: plan PDFs, and the jobs of the apps above (census checks).
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
            if once:
                return
            time.sleep(interval)
