"""Load-test a running production-mode server seeded by seed_bench, and write the results.

Run by bench/run-load (`make bench`), which starts gunicorn against the benchmark database and
passes its port and process id. This command, in a separate process on the same database:

1. signs the benchmark users in over HTTP, password and security code, as a browser would;
2. counts the queries each page makes, in process, with the same sessions;
3. warms the workers up with two seconds of every page, then drives each page with wrk at 1,
   4 and 16 concurrent connections, bounded in time and in count, next to a trivial view
   (/healthz) measured in the same run, then a mixed load three times, reporting the median;
4. reads the gunicorn workers' peak memory; and writes JSON and Markdown to bench/results/.
"""

import http.client
import json
import os
import platform
import re
import subprocess  # nosec B404: runs wrk, nothing a user typed
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.management.commands.seed_bench import BENCH_PASSWORD, bench_totp_key
from cases.models import Case, User
from plans.models import SafetyPlan
from plans.pdf import cached_pdf

CONCURRENCY = [1, 4, 16]
# The same mixed load can differ by a sixth from one run to the next on a shared machine, so it
# runs this many times and the median run is the result.
MIXED_RUNS = 3
WORKERS = [f"bench-worker-{n}" for n in range(1, 17)]
LUA = Path(settings.BASE_DIR) / "bench" / "wrk-report.lua"
# Reported, never asserted: see the targets in bench/README.md.
TARGETS = {
    "caseload": "p95 ≤ 20 ms, ≤ 6 queries",
    "case page": "p95 ≤ 50 ms, ≤ 12 queries",
    "timeline": "p95 ≤ 30 ms",
    "search": "p95 ≤ 50 ms",
    "assessment save": "p95 ≤ 30 ms",
    "plan PDF (cached)": "",
    "trivial view": "",
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


def median_run(runs):
    """The run with the median throughput (the lower middle one of an even number)."""
    by_throughput = sorted(runs, key=lambda run: run["requests_per_second"])
    return by_throughput[(len(by_throughput) - 1) // 2]


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
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" / "results"))

    def handle(self, *args, port, gunicorn_pid, size, seconds, max_requests, output, **options):
        self.port, self.seconds, self.max_requests = port, seconds, max_requests
        pages = self.pages()
        results = {
            "size": size,
            "cases": Case.objects.count(),
            "history_rows": self.history_rows(),
            "seconds_per_run": seconds,
            # gunicorn runs from the same environment, so on the same interpreter.
            "python": interpreter(),
            "pages": {},
        }
        mixed = [line for name, lines in pages.items() if name != "trivial view" for line in lines]
        # Every gunicorn worker loads its templates and code on its first requests; measure the
        # steady state a server in use is in, not the first few seconds after it starts.
        self.stderr.write("warming up")
        self.wrk(mixed, 4, seconds=2)
        for name, lines in pages.items():
            self.stderr.write(f"{name}: queries and load")
            results["pages"][name] = {
                "queries": self.queries(lines[0]),
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

    # What to request -------------------------------------------------------------------------

    def pages(self):
        workers = [(name, Server(self.port).sign_in(name)) for name in WORKERS]
        manager = Server(self.port).sign_in("bench-manager")
        partner = Server(self.port).sign_in("bench-partner")
        plan = SafetyPlan.objects.get(case__partner_grants__partner__username="bench-partner")
        cached_pdf(plan, requested_by=plan.decided_by)  # partners get the stored PDF
        pages = {
            "caseload": [],
            "case page": [],
            "timeline": [],
            "search": [],
            "assessment save": [],
        }
        for username, server in workers:
            user = User.objects.get(username=username)
            case = Case.objects.filter(allocated_worker=user, status=Case.Status.OPEN).first()
            draft = case.assessments.drafts().first() or case.assessments.latest(
                "number"
            ).start_new_version(by=user)
            cookie = server.cookie_header()
            child = case.children.first()
            pages["caseload"].append(("GET", "/", cookie, "", 200, server))
            pages["case page"].append(("GET", f"/cases/{case.pk}/", cookie, "", 200, server))
            query = urllib.parse.urlencode({"q": child.full_name})
            pages["search"].append(("GET", f"/search/?{query}", cookie, "", 200, server))
            form = urllib.parse.urlencode(
                {
                    "text": f"{child.first_name} was calm and chatty at the home visit.",
                    "source": "Social worker",
                    "noted_on_0": "20",
                    "noted_on_1": "11",
                    "noted_on_2": "2026",
                    "csrfmiddlewaretoken": server.csrf(),
                }
            )
            pages["assessment save"].append(
                ("POST", f"/assessments/{draft.pk}/strengths/add/", cookie, form, 302, server)
            )
        manager_cookie = manager.cookie_header()
        team_cases = Case.objects.filter(team=User.objects.get(username="bench-manager").team)
        for case in team_cases.order_by("pk")[:16]:
            pages["timeline"].append(
                ("GET", f"/cases/{case.pk}/history/", manager_cookie, "", 200, manager)
            )
        partner_cookie = partner.cookie_header()
        pages["plan PDF (cached)"] = [
            ("GET", f"/plans/{plan.pk}/pdf/", partner_cookie, "", 200, partner)
        ]
        pages["trivial view"] = [("GET", "/healthz", "", "", 200, None)]
        return pages

    # Measuring -------------------------------------------------------------------------------

    def queries(self, line):
        """Queries one request makes, counted in this process with the same session."""
        method, path, _cookie, body, expected, server = line
        client = Client(SERVER_NAME="127.0.0.1")
        if server is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = server.session()
        with CaptureQueriesContext(connection) as queries:
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, body, content_type="application/x-www-form-urlencoded")
        if response.status_code != expected:
            raise CommandError(f"{method} {path} gave {response.status_code}, not {expected}.")
        return len(data_queries(queries))

    def wrk(self, lines, concurrency, *, seconds=None):
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
            for method, path, cookie, body, expected, _server in lines:
                file.write(f"{method}\t{path}\t{cookie}\t{body}\t{expected}\n")
        threads = min(concurrency, 2)
        command = [
            "wrk",
            f"-t{threads}",
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
            str(self.max_requests // threads),
        ]
        # wrk, with arguments built here from numbers and paths this command made.
        output = subprocess.run(  # noqa: S603  # nosec B603
            command, capture_output=True, text=True, check=True
        ).stdout
        Path(file.name).unlink()
        result = json.loads(re.findall(r"^\{.*\}$", output, re.MULTILINE)[-1])
        result["requests_per_second"] = round(
            result["requests"] / (result["duration_us"] / 1_000_000), 1
        )
        return result

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
            "| page | queries | c | p50 | p95 | p99 | req/s | p50 ÷ trivial | errors | target |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, page in results["pages"].items():
            for c, run in page["runs"].items():
                ratio = run["p50_ms"] / max(trivial[c]["p50_ms"], 0.01)
                errors = run["socket_errors"] + run["unexpected_status"]
                lines.append(
                    f"| {name} | {page['queries']} | {c} | {run['p50_ms']:.1f} | "
                    f"{run['p95_ms']:.1f} | {run['p99_ms']:.1f} | {run['requests_per_second']} | "
                    f"{ratio:.1f} | {errors} | {page['target'] if c == '1' else ''} |"
                )
        mixed = results["mixed"]
        runs = results["mixed_runs"]
        throughputs = ", ".join(str(run["requests_per_second"]) for run in runs)
        errors = sum(run["socket_errors"] + run["unexpected_status"] for run in runs)
        lines += [
            "",
            f"**Mixed load** (every page above but the trivial view, 16 connections; the median "
            f"of {len(runs)} runs, which gave {throughputs} req/s): "
            f"{mixed['requests_per_second']} req/s, p50 {mixed['p50_ms']:.1f} ms, "
            f"p95 {mixed['p95_ms']:.1f} ms, p99 {mixed['p99_ms']:.1f} ms, "
            f"{errors} errors in all {len(runs)} runs "
            f"(target ≥ 200 req/s at p95 ≤ 100 ms, no errors). Where the CPU went: "
            + ", ".join(f"{name} {share}%" for name, share in mixed.get("cpu_share", {}).items())
            + ".",
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
