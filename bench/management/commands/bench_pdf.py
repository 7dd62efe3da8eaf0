"""Measure how long a realistic three-page plan takes to render as a PDF, and what stamping
each download with who printed it adds to serving the cached PDF.

Run by `make bench` against a throwaway SQLite database. The plan is rendered as production
renders it: its stylesheet and fonts read from static files collected with the manifest storage
(hashed names), and nothing from the source folders; a stylesheet that failed to load would
fail the render. Writes JSON and Markdown to bench/results/.
"""

import json
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from assessments.models import ThreeHouses
from cases.models import Case, Person, PracticeContext, SafetyNetworkMember, Team, User
from plans import stamp as stamping
from plans.models import PlanRule, SafetyPlan
from plans.pdf import cached_pdf, printed_copy, render_plan_pdf

RULE = (
    "When Daniel wants to see Leo and Ava, he asks Sandra first, and the visit happens at "
    "Sandra's house between 4pm and 6pm, only when he has not been drinking that day."
)
HOW = "Sandra writes down each visit and tells Sam on Friday; Leo says visits at Nanny's are calm."


@contextmanager
def as_in_production(static_root):
    """Static files as production serves them: collected into `static_root` with hashed names
    (which {% static %} gives only when DEBUG is off), and no finders to fall back on the source
    folders."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        with override_settings(STATICFILES_FINDERS=[], DEBUG=False):
            yield


class Command(BaseCommand):
    help = "Render a realistic three-page plan repeatedly and report milliseconds per page."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results"))

    def handle(self, *args, runs, output, **options):
        if not settings.DEBUG:
            raise CommandError(
                "bench_pdf adds made-up records, so it only runs when DJANGO_DEBUG=true."
            )
        with tempfile.TemporaryDirectory() as static_root, as_in_production(static_root):
            timings, pages, unstamped, stamped, first = self.measure(runs)
        self.report(runs, output, timings, pages, unstamped, stamped, first)

    def measure(self, runs):
        with transaction.atomic():
            plan, worker = self.make_plan()
            render_plan_pdf(plan)  # warm up fonts and templates
            timings, pages = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                _pdf, pages = render_plan_pdf(plan)
                timings.append((time.perf_counter() - started) * 1000)
            record = cached_pdf(plan, requested_by=worker)
            try:
                unstamped, stamped, first = self.time_downloads(record, worker, runs * 4)
            finally:
                record.file.delete(save=False)
            transaction.set_rollback(True)  # leave nothing behind
        return timings, pages, unstamped, stamped, first

    def report(self, runs, output, timings, pages, unstamped, stamped, first):
        timings.sort()
        result = {
            "benchmark": "plan PDF render",
            "runs": runs,
            "pages": pages,
            "median_ms_per_plan": round(statistics.median(timings), 1),
            "p95_ms_per_plan": p95(timings),
            "median_ms_per_page": round(statistics.median(timings) / pages, 1),
            "target_ms_per_plan": 300,
            "static_files": "collected, manifest storage, as in production",
            "cached_download_p95_ms_unstamped": p95(unstamped),
            "cached_download_p95_ms_stamped": p95(stamped),
            "stamp_added_p95_ms": round(p95(stamped) - p95(unstamped), 1),
            "first_stamp_in_process_ms": first,
            "target_stamp_added_ms": 20,
        }
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan-pdf.json").write_text(json.dumps(result, indent=2) + "\n")
        (folder / "plan-pdf.md").write_text(
            "| benchmark | pages | median ms per plan | p95 ms per plan | median ms per page "
            "| target |\n"
            "|---|---|---|---|---|---|\n"
            f"| plan PDF render | {pages} | {result['median_ms_per_plan']} | "
            f"{result['p95_ms_per_plan']} | {result['median_ms_per_page']} | ≤ 300 ms per plan |\n"
            "\n| cached download | p95 ms without the stamp | p95 ms with the stamp | added "
            "| target |\n"
            "|---|---|---|---|---|\n"
            f"| {pages}-page plan | {result['cached_download_p95_ms_unstamped']} | "
            f"{result['cached_download_p95_ms_stamped']} | {result['stamp_added_p95_ms']} | "
            "≤ 20 ms added |\n"
            f"\nThe first stamp in a worker process takes {first} ms: it loads the stamp's "
            "fonts and subsets them; every later download reuses them. The plan was rendered "
            "with its stylesheet and fonts from static files collected with the manifest "
            "storage, as in production.\n"
        )
        self.stdout.write(json.dumps(result, indent=2))

    def time_downloads(self, record, worker, runs):
        """Serving the cached PDF: reading the stored file, and reading it then stamping it
        with who printed it. Returns the milliseconds of each, sorted, and of the first stamp
        in the process, which also loads the stamp's fonts."""

        def read():
            with record.file.open("rb") as file:
                return file.read()

        def stamp():
            # Each stamp reads the cached file's pages afresh, as for a revision this process
            # has not stamped lately: the worst case, not that of the pages it keeps.
            stamping._layout.cache_clear()
            return printed_copy(record, printed_by=worker)

        started = time.perf_counter()
        stamp()
        first = (time.perf_counter() - started) * 1000
        timings = {read: [], stamp: []}
        for _ in range(runs):
            for serve, times in timings.items():
                started = time.perf_counter()
                serve()
                times.append((time.perf_counter() - started) * 1000)
        return *(sorted(times) for times in timings.values()), round(first, 1)

    def make_plan(self):
        team = Team.objects.create(name="Benchmark team")
        worker = User.objects.create(username="bench-worker", role=User.Role.MANAGER, team=team)
        children = [
            Person.objects.create(first_name=name, last_name="Reid", date_of_birth=date(2020, 1, 1))
            for name in ["Leo", "Ava"]
        ]
        case = Case.open_new(
            practice_context=PracticeContext.CHILD_PROTECTION,
            team=team,
            allocated_worker=worker,
            opened_on=date(2026, 10, 6),
            children=children,
            by=worker,
        )
        for number in range(6):
            SafetyNetworkMember.objects.create(
                case=case,
                person=Person.objects.create(first_name=f"Helper{number}", last_name="Shah"),
                relationship="Neighbour",
                agreed_to_do="Checks in with Chloe every evening and calls Sam if she is worried.",
                joined_on=date(2026, 10, 6),
                phone="07700 900 456",
            )
        for child in children:
            ThreeHouses.objects.create(
                case=case,
                child=child,
                house_of_worries="When Daddy shouts and the plate broke. When Mummy cries.",
                house_of_good_things="Nanny Sandra's house. My scooter. Baby Ava laughing.",
                house_of_dreams="Daddy comes to the park and is nice. A dog called Biscuit.",
                recorded_on=date(2026, 11, 17),
                recorded_by=worker,
            )
        plan = SafetyPlan.start(case=case, by=worker)
        plan.worry_signs = "Daniel rings Chloe late at night, or comes to the house. " * 4
        plan.who_to_call = "Sandra Reid on 07700 900 111, then Sam Okafor on 01632 960 500. " * 3
        plan.what_each_person_will_do = "Chloe takes the children to Sandra's straight away. " * 5
        plan.review_date = date(2027, 3, 1)
        plan.save()
        for _ in range(9):
            PlanRule.objects.create(
                plan=plan, what_will_happen=RULE, professional="Sam Okafor", how_we_will_know=HOW
            )
        plan.submit(by=worker)
        # Nobody approves their own plan: a second manager of the team does.
        approver = User.objects.create(
            username="bench-approver", role=User.Role.MANAGER, team=worker.team
        )
        plan.approve(by=approver)
        return plan, worker


def p95(sorted_timings):
    return round(sorted_timings[max(0, round(0.95 * len(sorted_timings)) - 1)], 1)
