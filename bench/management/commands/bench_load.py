"""Load-test a running production-mode server seeded by seed_bench, and write the results.

Run by bench/run-load (`make bench`), which starts gunicorn against the benchmark database and
passes its port and process id. This command, in a separate process on the same database:

1. signs the benchmark users in over HTTP, password and security code, as a browser would:
   48 workers in 24 teams, 8 managers and a partner;
2. builds a council's working day of requests (`request_list`): random cases each user may
   open, in a working day's mix, with searches for the commonest surname, assessment
   saves that edit a draft's entries and write their history, and the partner's PDF;
3. counts the queries each page makes, in process, with the same sessions;
4. warms the workers up, drives each page alone with wrk at 1, 4 and 16 connections, then the
   mixed day at 16 connections three times, reporting the median run with each page's own
   latency in it, next to the trivial view (/healthz) mixed into the same run as the yardstick;
5. reads the gunicorn workers' peak memory; and writes JSON and Markdown to bench/results/.

With --profile it instead samples the gunicorn workers with py-spy during one mixed run and
writes the collapsed stacks (see bench/profile-summary.py).
"""

import http.client
import json
import os
import platform
import random
import re
import signal
import subprocess  # nosec B404: runs wrk and py-spy, nothing a user typed
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import MappingEntry
from assessments.views import slug_for
from bench.management.commands.seed_bench import BENCH_PASSWORD, bench_totp_key
from cases.models import Case, Person, User
from plans.models import SafetyPlan
from plans.pdf import cached_pdf

CONCURRENCY = [1, 4, 16]
# The same mixed load can differ by a sixth from one run to the next on a shared machine, so it
# runs this many times and the median run is the result.
MIXED_RUNS = 3
# A council's working day, in percent of the page requests.
MIX = {
    "case page": 29,
    "caseload": 20,
    "timeline": 15,
    "search": 15,
    "assessment save": 16,
    "plan PDF": 5,
}
TRIVIAL = "trivial view"
# /healthz requests mixed in per 100 page requests: the yardstick, measured in the same run and
# reported apart from the pages.
TRIVIAL_PER_100 = 2
# Page requests in the mixed list: each wrk thread cycles through its own share of them.
MIXED_PAGES = 1_000
# How often a worker opens one of their own cases rather than another in their team.
OWN_CASE_SHARE = 2 / 3
# Open cases of each worker that get a draft assessment whose entries the saves edit.
DRAFTS_PER_WORKER = 2
# The kinds as the wrk script tags them.
SLUGS = {**{name: name.replace(" ", "_") for name in MIX}, TRIVIAL: "trivial"}
LUA = Path(settings.BASE_DIR) / "bench" / "wrk-report.lua"
# Reported, never asserted: see the targets in bench/README.md.
TARGETS = {
    "caseload": "p95 ≤ 20 ms, a worker's ≤ 8 queries",
    "case page": "p95 ≤ 50 ms, ≤ 12 queries",
    "timeline": "p95 ≤ 30 ms",
    "search": "p95 ≤ 50 ms",
    "assessment save": "p95 ≤ 30 ms",
    "plan PDF": "",
    TRIVIAL: "",
}


def next_code(username):
    """The code the user's app shows, or the next one if this one was used already."""
    last_used = TOTPDevice.objects.get(user__username=username).last_t
    now = int(time.time()) // 30
    if last_used > now:  # both this and the next code are spent: wait for a fresh one
        time.sleep(30 - time.time() % 30 + 1)
        now += 1
    drift = max(0, last_used + 1 - now)
    return f"{totp(bytes.fromhex(bench_totp_key(username)), drift=drift):06d}"


def data_queries(queries):
    """The statements that read or write data: not BEGIN, COMMIT or savepoints."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [query for query in queries.captured_queries if not query["sql"].startswith(control)]


def interpreter():
    """This Python's version and the binary the environment was made from: an optimised build
    serves the same pages noticeably faster than a plain one."""
    return f"{platform.python_version()} at {os.path.realpath(sys.executable)}"


# Who sends a request, as its queries are reported, in the order they are reported.
SENDERS = ("worker", "manager", "partner", "anyone")


def sender(request):
    """A worker, a manager, the partner, or anyone for a request made without signing in."""
    signed_in = SENDERS[:-1]
    return next(
        (role for role in signed_in if request.username.startswith(f"bench-{role}")), "anyone"
    )


def first_of_each_sender(requests):
    """The first request of each kind of sender, in SENDERS' order, so that S and L count the
    same requests whoever comes first in their shuffled lists."""
    firsts = {}
    for request in requests:
        firsts.setdefault(sender(request), request)
    return {role: firsts[role] for role in SENDERS if role in firsts}


def queries_shown(page):
    """A page's queries, and those of a second look if the cache saves some; by who asked,
    where a worker's and a manager's differ."""

    def shown(cold, warm):
        return f"{cold} ({warm} cached)" if warm != cold else str(cold)

    counts = page["queries"]
    if len(set(map(tuple, counts.values()))) == 1:
        return shown(*next(iter(counts.values())))
    return ", ".join(f"a {role}'s {shown(*count)}" for role, count in counts.items())


def median_run(runs):
    """The run with the median throughput (the lower middle one of an even number)."""
    by_throughput = sorted(runs, key=lambda run: run["requests_per_second"])
    return by_throughput[(len(by_throughput) - 1) // 2]


# What to request ---------------------------------------------------------------------------


@dataclass
class Request:
    """One request of the benchmark, sent by the benchmark user `username`."""

    kind: str  # a key of MIX, or TRIVIAL
    path: str
    username: str = ""
    method: str = "GET"
    body: str = ""  # an assessment save's form, without its revision
    expected: int = 200
    entry_pk: int | None = None  # an assessment save edits this mapping entry

    def body_at(self, revision):
        """The body to send: a save carries the revision the entry was last saved at."""
        return f"{self.body}&revision={revision}" if self.entry_pk else self.body


def bench_users():
    """The benchmark's workers, managers and partner, as seed_bench made them."""
    users = User.objects.select_related("team").order_by("pk")
    return (
        list(users.filter(username__startswith="bench-worker-", role=User.Role.SOCIAL_WORKER)),
        list(users.filter(username__startswith="bench-manager-", role=User.Role.MANAGER)),
        users.get(username="bench-partner"),
    )


def commonest_surname():
    return (
        Person.objects.values("last_name")
        .annotate(people=Count("pk"))
        .order_by("-people", "last_name")
        .first()["last_name"]
    )


def entries_to_edit(workers, rng, count):
    """`count` different mapping entries, each with the worker whose draft assessment it is in,
    spread across the workers in turn. A worker with no draft on a case gets one, started from
    the signed-off assessment as the service does; later runs edit the same drafts."""
    by_worker = {}
    for worker in workers:
        cases = list(Case.objects.filter(allocated_worker=worker, status=Case.Status.OPEN))
        rng.shuffle(cases)
        entries = []
        for case in cases[:DRAFTS_PER_WORKER]:
            draft = case.assessments.drafts().first()
            if draft is None:
                try:
                    draft = case.assessments.latest("number").start_new_version(by=worker)
                except ValidationError:  # one waits for a decision: leave that case be
                    continue
            entries += [
                entry
                for entry in draft.entries.order_by("pk")
                if slug_for(entry.category) is not None  # not the referrer's own words
            ]
        rng.shuffle(entries)
        by_worker[worker] = entries
    picked = []
    for worker in cycle(workers):
        if len(picked) == count or not any(by_worker.values()):
            return picked
        if by_worker[worker]:
            picked.append((worker, by_worker[worker].pop()))


def save_request(worker, entry, csrf_token):
    """An edit of a mapping entry in a draft assessment, as the entry's form posts it."""
    assessment = entry.assessment
    child = assessment.case.children.first()
    form = {
        "text": f"{child.first_name} was calm and chatty at the home visit.",
        "source": "Social worker",
        "noted_on_0": entry.noted_on.day,
        "noted_on_1": entry.noted_on.month,
        "noted_on_2": entry.noted_on.year,
        "csrfmiddlewaretoken": csrf_token,
    }
    return Request(
        "assessment save",
        f"/assessments/{assessment.pk}/{slug_for(entry.category)}/{entry.pk}/edit/",
        worker.username,
        method="POST",
        body=urllib.parse.urlencode(form),
        expected=302,
        entry_pk=entry.pk,
    )


def request_list(csrf_tokens, *, rng, pages=MIXED_PAGES):
    """A council's working day: `pages` page requests in the proportions of MIX, and
    TRIVIAL_PER_100 of /healthz for each 100 of them, in random order.

    The workers and managers take turns, so every one of them is in it. Each opens random cases
    they may open: a worker mostly their own caseload, else their team's; a manager their team's,
    and only managers read a case's timeline. Half the searches are for the commonest surname in
    the data, half for a child on a case the searcher may open. Each save edits a different
    entry of a draft assessment on the worker's own case. csrf_tokens gives each user's token
    for the saves' forms."""
    workers, managers, partner = bench_users()
    readable = {
        user: list(Case.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))
        for user in workers + managers
    }
    own = {
        worker: list(
            Case.objects.visible_to(worker)
            .filter(allocated_worker=worker)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for worker in workers
    }
    viewers = [user for user in workers + managers if readable[user]]
    rng.shuffle(viewers)
    viewers = cycle(viewers)
    counts = {kind: pages * share // 100 for kind, share in MIX.items()}

    def a_case(user):
        if own.get(user) and rng.random() < OWN_CASE_SHARE:
            return rng.choice(own[user])
        return rng.choice(readable[user])

    requests = []
    for _ in range(counts["case page"]):
        user = next(viewers)
        requests.append(Request("case page", f"/cases/{a_case(user)}/", user.username))
    for _ in range(counts["caseload"]):
        requests.append(Request("caseload", "/", next(viewers).username))
    team_cases = {manager: readable[manager] for manager in managers}
    readers = cycle([manager for manager in managers if team_cases[manager]])
    for _ in range(counts["timeline"]):
        manager = next(readers)
        case = rng.choice(team_cases[manager])
        requests.append(Request("timeline", f"/cases/{case}/history/", manager.username))
    surname = commonest_surname()
    for number in range(counts["search"]):
        user = next(viewers)
        if number % 2:
            child = Case.objects.get(pk=a_case(user)).children.first()
            query = child.full_name
        else:
            query = surname
        path = f"/search/?{urllib.parse.urlencode({'q': query})}"
        requests.append(Request("search", path, user.username))
    for worker, entry in entries_to_edit(workers, rng, counts["assessment save"]):
        requests.append(save_request(worker, entry, csrf_tokens[worker.username]))
    plan = SafetyPlan.objects.get(case__partner_grants__partner=partner)
    path = f"/plans/{plan.pk}/pdf/"
    requests += [Request("plan PDF", path, partner.username)] * counts["plan PDF"]
    requests += [Request(TRIVIAL, "/healthz")] * (pages * TRIVIAL_PER_100 // 100)
    rng.shuffle(requests)
    return requests


class Server:
    """Just enough HTTP to sign in through the real pages, with the proxy's HTTPS header."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, form=None):
        body = urllib.parse.urlencode(form) if form else None
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": self.origin + path,
            "Cookie": self.cookie_header(),
        }
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        conn.close()
        return response.status, response.getheader("Location")

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def csrf(self):
        return next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))

    def session(self):
        return next(v for k, v in self.cookies.items() if k.endswith("session"))

    def sign_in(self, username):
        self.request("GET", "/login/")
        status, location = self.request(
            "POST",
            "/login/",
            {"username": username, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        if status != 302 or "security-code" not in (location or ""):
            raise CommandError(f"{username} could not sign in with the password ({status}).")
        code = next_code(username)
        status, _ = self.request(
            "POST", "/login/security-code/", {"code": code, "csrfmiddlewaretoken": self.csrf()}
        )
        if status != 302:
            raise CommandError(f"{username}'s security code was refused ({status}).")
        return self


class Command(BaseCommand):
    help = "Load-test a server seeded by seed_bench; write bench/results/load-<size>.{json,md}."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--gunicorn-pid", type=int, required=True)
        parser.add_argument("--size", default="S")
        parser.add_argument("--seconds", type=int, default=5)
        parser.add_argument("--max-requests", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results"))
        parser.add_argument(
            "--profile",
            help="Instead of the benchmark, sample the workers with py-spy during one mixed run "
            "and write their collapsed stacks to this file.",
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Count each page's queries and run the mixed load three times, printing the "
            "figures without writing results: for comparing two versions of the code in turn.",
        )

    def handle(self, *args, port, gunicorn_pid, size, seconds, max_requests, seed, output, **opts):
        self.port, self.seconds, self.max_requests = port, seconds, max_requests
        self.servers = self.sign_in()
        csrf_tokens = {name: server.csrf() for name, server in self.servers.items()}
        mixed = request_list(csrf_tokens, rng=random.Random(seed))  # noqa: S311  # nosec B311
        plan = SafetyPlan.objects.get(case__partner_grants__partner__username="bench-partner")
        cached_pdf(plan, requested_by=plan.decided_by)  # partners get the stored PDF
        # Every gunicorn worker loads its templates and code on its first requests; measure the
        # steady state a server in use is in, not the first few seconds after it starts.
        self.stderr.write("warming up")
        self.wrk(mixed, 4, seconds=2)
        if opts["profile"]:
            return self.profile(mixed, gunicorn_pid, Path(opts["profile"]))
        if opts["quick"]:
            return self.quick(mixed, gunicorn_pid)
        results = {
            "size": size,
            "cases": Case.objects.count(),
            "history_rows": self.history_rows(),
            "seconds_per_run": seconds,
            # gunicorn runs from the same environment, so on the same interpreter.
            "python": interpreter(),
            "mix": self.mix_of(mixed),
            "pages": {},
        }
        for name in [*MIX, TRIVIAL]:
            lines = [request for request in mixed if request.kind == name]
            self.stderr.write(f"{name}: queries and load")
            results["pages"][name] = {
                "queries": self.queries_by_sender(lines),
                "target": TARGETS.get(name, ""),
                "runs": {str(c): self.wrk(lines, c) for c in CONCURRENCY},
            }
        runs = []
        for number in range(1, MIXED_RUNS + 1):
            self.stderr.write(f"mixed load, run {number} of {MIXED_RUNS}")
            before = self.cpu_seconds(gunicorn_pid)
            run = self.wrk(mixed, 16, seconds=seconds * 2)
            after = self.cpu_seconds(gunicorn_pid)
            app, machine = (after[key] - before[key] for key in ("app", "machine"))
            run["cpu_share"] = {
                "the app's workers": round(100 * app / machine),
                "PostgreSQL, wrk and the rest": round(100 * (machine - app) / machine),
            }
            runs.append(run)
        results["mixed"] = median_run(runs)
        results["mixed_runs"] = runs
        results["worker_peak_memory_mb"] = self.peak_memory(gunicorn_pid)
        pdf = Path(output) / "plan-pdf.json"
        if pdf.exists():
            results["plan_pdf_render"] = json.loads(pdf.read_text())
        Path(output).mkdir(parents=True, exist_ok=True)
        (Path(output) / f"load-{size}.json").write_text(json.dumps(results, indent=2) + "\n")
        (Path(output) / f"load-{size}.md").write_text(self.markdown(results))
        self.stdout.write(self.markdown(results))

    def sign_in(self):
        """Every benchmark user, signed in over HTTP, three at a time (one per gunicorn worker:
        the password hash is most of the time)."""
        workers, managers, partner = bench_users()
        names = [user.username for user in [*workers, *managers, partner]]

        def sign_in(username):
            try:
                return Server(self.port).sign_in(username)
            finally:
                connections.close_all()  # this thread's own connection

        self.stderr.write(f"signing in {len(names)} users")
        with ThreadPoolExecutor(max_workers=3) as pool:
            return dict(zip(names, pool.map(sign_in, names), strict=True))

    @staticmethod
    def mix_of(requests):
        """How many of the mixed list's requests are of each kind, and how many users sent them."""
        return {
            "requests": {name: sum(r.kind == name for r in requests) for name in [*MIX, TRIVIAL]},
            "users": len({r.username for r in requests if r.username}),
        }

    # Measuring -------------------------------------------------------------------------------

    def queries_by_sender(self, requests):
        """Queries of the first request of each kind of sender, uncached and cached."""
        return {
            role: self.queries(request) for role, request in first_of_each_sender(requests).items()
        }

    def queries(self, request):
        """Queries one request makes, counted in this process with the same session: with
        nothing cached, then the same request again, which may read the case page's cache."""
        cache.clear()
        first = self.count_queries(request)
        if request.method != "GET":  # a save is made once: again, it would be a conflict
            return first, first
        return first, self.count_queries(request)

    def count_queries(self, request):
        client = Client(SERVER_NAME="127.0.0.1")
        if request.username:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.servers[request.username].session()
        with CaptureQueriesContext(connection) as queries:
            if request.method == "GET":
                response = client.get(request.path)
            else:
                body = request.body_at(self.revisions([request])[request.entry_pk])
                response = client.post(
                    request.path, body, content_type="application/x-www-form-urlencoded"
                )
        if response.status_code != request.expected:
            raise CommandError(
                f"{request.method} {request.path} gave {response.status_code}, "
                f"not {request.expected}."
            )
        return len(data_queries(queries))

    @staticmethod
    def revisions(requests):
        """Each edited entry's revision now, which its next save must carry."""
        entries = [request.entry_pk for request in requests if request.entry_pk]
        return dict(MappingEntry.objects.filter(pk__in=entries).values_list("pk", "revision"))

    def wrk(self, requests, concurrency, *, seconds=None):
        """Drive the server with these requests, one connection per wrk thread (see
        wrk-report.lua), and return wrk's figures with each kind's."""
        if any(request.entry_pk for request in requests):
            # A save still queued from the last run may land after it ended: let it.
            time.sleep(1)
        revisions = self.revisions(requests)
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
            for request in requests:
                cookie = self.servers[request.username].cookie_header() if request.username else ""
                revision = revisions.get(request.entry_pk, 0)
                file.write(
                    f"{SLUGS[request.kind]}\t{request.method}\t{request.path}\t{cookie}\t"
                    f"{request.body}\t{request.expected}\t{revision}\n"
                )
        command = [
            "wrk",
            f"-t{concurrency}",
            f"-c{concurrency}",
            f"-d{seconds or self.seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{self.port}",
            "--",
            file.name,
            f"https://127.0.0.1:{self.port}",
            str(max(1, self.max_requests // concurrency)),
            str(concurrency),
        ]
        # wrk, with arguments built here from numbers and paths this command made.
        output = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, check=True
        ).stdout
        Path(file.name).unlink()
        result = json.loads(re.findall(r"^\{.*\}$", output, re.MULTILINE)[-1])
        seconds_taken = result["duration_us"] / 1_000_000
        result["requests_per_second"] = round(result["requests"] / seconds_taken, 1)
        names = {slug: name for name, slug in SLUGS.items()}
        result["kinds"] = {names[slug]: kind for slug, kind in result["kinds"].items()}
        for kind in [result["pages"], *result["kinds"].values()]:
            kind["requests_per_second"] = round(kind["requests"] / seconds_taken, 1)
        return result

    def profile(self, mixed, gunicorn_pid, output):
        """Sample every gunicorn worker with py-spy through one mixed run at 16 connections:
        Python frames only, waiting included (--idle) so that time spent waiting for
        PostgreSQL shows, as raw collapsed stacks."""
        output.parent.mkdir(parents=True, exist_ok=True)
        seconds = self.seconds * 2
        spy = Path(sys.executable).parent / "py-spy"
        command = [str(spy), "record", "--pid", str(gunicorn_pid), "--subprocesses", "--idle"]
        command += ["--rate", "200", "--format", "raw", "--output", str(output)]
        self.stderr.write(f"profiling one mixed run of {seconds} s with py-spy")
        # py-spy, with arguments built here from a number and a path.
        spy = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
        time.sleep(2)  # py-spy finds the workers and starts sampling
        run = self.wrk(mixed, 16, seconds=seconds)
        spy.send_signal(signal.SIGINT)
        log = spy.communicate(timeout=120)[0].decode(errors="replace")
        if not output.exists():
            raise CommandError(f"py-spy wrote nothing:\n{log}")
        (output.with_suffix(".json")).write_text(json.dumps(run, indent=2) + "\n")
        self.stdout.write(
            f"{output}: {run['requests_per_second']} req/s, pages p50 {run['pages']['p50_ms']} "
            f"ms, p95 {run['pages']['p95_ms']} ms, {run['unexpected_status']} errors, while "
            "sampled\n" + log[-500:]
        )

    def quick(self, mixed, gunicorn_pid):
        """Each page's queries, and three mixed runs with each kind's latency in them."""
        for name in [*MIX, TRIVIAL]:
            lines = [request for request in mixed if request.kind == name]
            queries = queries_shown({"queries": self.queries_by_sender(lines)})
            alone = self.wrk(lines, 1, seconds=3)
            self.stdout.write(
                f"{name}: {queries} queries; one user p50 {alone['p50_ms']} "
                f"p95 {alone['p95_ms']} ms"
            )
        for _ in range(MIXED_RUNS):
            before = self.cpu_seconds(gunicorn_pid)
            run = self.wrk(mixed, 16, seconds=self.seconds * 2)
            app = self.cpu_seconds(gunicorn_pid)["app"] - before["app"]
            kinds = run["kinds"]
            self.stdout.write(
                f"mixed: {run['requests_per_second']} req/s, "
                f"{1000 * app / run['requests']:.1f} ms of the workers' CPU a request, "
                f"pages p50 {run['pages']['p50_ms']} "
                f"p95 {run['pages']['p95_ms']} ms, {run['unexpected_status']} errors; "
                + ", ".join(
                    f"{name} p50 {kinds[name]['p50_ms']} p95 {kinds[name]['p95_ms']}"
                    for name in [*MIX, TRIVIAL]
                    if name in kinds
                )
            )

    @staticmethod
    def cpu_seconds(master_pid):
        """CPU seconds used so far by the gunicorn workers, and by the whole machine."""
        ticks = os.sysconf("SC_CLK_TCK")
        app = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                app += int(fields[11]) + int(fields[12])  # utime + stime
        busy = Path("/proc/stat").read_text().split("\n")[0].split()[1:]
        idle = int(busy[3]) + int(busy[4])  # idle + iowait
        return {"app": app / ticks, "machine": (sum(map(int, busy)) - idle) / ticks}

    @staticmethod
    def peak_memory(master_pid):
        """The highest resident memory each gunicorn worker reached, in MB (VmHWM)."""
        peaks = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master_pid}$", text, re.MULTILINE):
                peak = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
                peaks[status.parent.name] = round(int(peak.group(1)) / 1024, 1)
        return {"max": max(peaks.values(), default=0), "workers": peaks}

    @staticmethod
    def history_rows():
        from django.apps import apps

        return sum(
            model.objects.count()
            for model in apps.get_models()
            if model.__name__.startswith("Historical")
        )

    # Reporting -------------------------------------------------------------------------------

    @staticmethod
    def markdown(results):
        trivial = results["pages"]["trivial view"]["runs"]
        lines = [
            f"# Load benchmark, data set {results['size']}",
            "",
            f"{results['cases']:,} cases and {results['history_rows']:,} history rows on "
            f"PostgreSQL; gunicorn in production mode on Python {results['python']}; wrk on "
            f"loopback, {results['seconds_per_run']} s per run. Latencies in ms. Queries are the "
            "statements that read or write data, counting the session, user and second-factor "
            "lookups every signed-in page makes, but not BEGIN and COMMIT.",
            "",
            "## Each page alone, at 1, 4 and 16 connections",
            "",
            "| page | queries | c | p50 | p95 | p99 | req/s | p50 ÷ trivial | errors | target |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, page in results["pages"].items():
            for c, run in page["runs"].items():
                ratio = run["p50_ms"] / max(trivial[c]["p50_ms"], 0.01)
                errors = run["socket_errors"] + run["unexpected_status"]
                lines.append(
                    f"| {name} | {queries_shown(page)} | {c} | {run['p50_ms']:.1f} | "
                    f"{run['p95_ms']:.1f} | {run['p99_ms']:.1f} | {run['requests_per_second']} | "
                    f"{ratio:.1f} | {errors} | {page['target'] if c == '1' else ''} |"
                )
        mixed = results["mixed"]
        runs = results["mixed_runs"]
        throughputs = ", ".join(str(run["requests_per_second"]) for run in runs)
        errors = sum(run["socket_errors"] + run["unexpected_status"] for run in runs)
        pages, kinds = mixed["pages"], mixed["kinds"]
        yardstick = kinds.get(TRIVIAL, {"p50_ms": 0, "p95_ms": 0})
        mix = results.get("mix", {"requests": {}, "users": 0})
        listed = sum(mix["requests"].values())
        lines += [
            "",
            "## Mixed load: a council's working day, 16 connections",
            "",
            f"{listed:,} requests from {mix['users']} users, cycled in random order: "
            + ", ".join(f"{mix['requests'].get(name, 0)} {name}" for name in [*MIX, TRIVIAL])
            + ". The trivial view is mixed in as the yardstick and left out of the pages' "
            f"figures. The median of {len(runs)} runs, which gave {throughputs} req/s in all: "
            f"**{mixed['requests_per_second']} req/s**, the pages "
            f"{pages['requests_per_second']} req/s at p50 {pages['p50_ms']:.1f} ms, "
            f"p95 {pages['p95_ms']:.1f} ms, p99 {pages['p99_ms']:.1f} ms, "
            f"{pages['p50_ms'] / max(yardstick['p50_ms'], 0.01):.1f} times the trivial view's "
            f"p50; {errors} errors in all {len(runs)} runs "
            "(target ≥ 200 req/s at p95 ≤ 100 ms, no errors). Where the CPU went: "
            + ", ".join(f"{name} {share}%" for name, share in mixed.get("cpu_share", {}).items())
            + ".",
            "",
            "| in the mixed run | requests | req/s | p50 | p95 | p99 | p50 ÷ trivial "
            "| p95 ÷ trivial | errors |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name in [*MIX, TRIVIAL]:
            if name not in kinds:
                continue
            kind = kinds[name]
            p50_ratio = kind["p50_ms"] / max(yardstick["p50_ms"], 0.01)
            p95_ratio = kind["p95_ms"] / max(yardstick["p95_ms"], 0.01)
            lines.append(
                f"| {name} | {kind['requests']} | {kind['requests_per_second']} | "
                f"{kind['p50_ms']:.1f} | {kind['p95_ms']:.1f} | {kind['p99_ms']:.1f} | "
                f"{p50_ratio:.1f} | {p95_ratio:.1f} | {kind['errors']} |"
            )
        failures = {}
        for run in [
            *runs,
            *(r for page in results["pages"].values() for r in page["runs"].values()),
        ]:
            for failure, count in run.get("failures", {}).items():
                failures[failure] = failures.get(failure, 0) + count
        if failures:
            lines += [
                "",
                "Unexpected responses, by kind, status and path, in all runs: "
                + ", ".join(f"{failure} ({count})" for failure, count in sorted(failures.items()))
                + ".",
            ]
        lines += [
            "",
            f"**Peak worker memory:** {results['worker_peak_memory_mb']['max']} MB.",
        ]
        if "plan_pdf_render" in results:
            pdf = results["plan_pdf_render"]
            lines.append(
                f"**Plan PDF render:** {pdf.get('pages')} pages, median "
                f"{pdf.get('median_ms_per_plan')} ms per plan, "
                f"{pdf.get('median_ms_per_page')} ms per page "
                "(target ≤ 300 ms per plan)."
            )
        return "\n".join(lines) + "\n"
