"""Where the time goes in a py-spy profile of the benchmark's gunicorn workers.

    python bench/profile-summary.py var/bench-profile-S.txt

Reads the raw collapsed stacks that `BENCH_PROFILE=1 bench/run-load` records (one stack a line,
root first, frames `function (file:line)` joined by `;`, then the number of samples), and
prints Markdown: the samples by area of the service, each split into building queries in the
ORM, waiting on PostgreSQL and its driver, and the rest; and the ten functions that themselves
took the most samples. Samples of a worker waiting for a request, and of the gunicorn master,
are counted apart: the percentages are of the time the workers spent serving requests.
"""

import ast
import re
import sys
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
IDLE = "waiting for a request (gunicorn)"
MASTER = "the gunicorn master"
# Frames that only pass the request on to what they wrap (middleware, view decorators): they
# are in nearly every stack, so they say nothing about where the time went.
WRAPPERS = {"__call__", "middleware", "inner", "_view_wrapper", "_wrapper_view", "wrapper"}
# Areas of the service a sample belongs to whatever layer it reached: the first of these that
# any working frame of a stack matches names it, so the ORM and the database inside a history
# write count as the history write.
FEATURES = [
    (
        "history writes (django-simple-history)",
        lambda f, fn: (
            "simple_history/models.py" in f
            and fn in {"post_save", "create_historical_record", "pre_delete", "post_delete"}
        ),
    ),
    (
        "access-log writes",
        lambda f, fn: (
            (f.endswith("cases/access.py") and fn.startswith("log_"))
            or f.endswith("cases/middleware.py")
        ),
    ),
    ("session loading and saving", lambda f, fn: "django/contrib/sessions/" in f),
    (
        "user and second-factor loading",
        lambda f, fn: (
            "django/contrib/auth/" in f
            or "django_otp/" in f
            or (
                f.endswith("accounts/middleware.py")
                and fn in {"_with_second_factor", "_is_verified"}
            )
        ),
    ),
    ("form rendering (crispy)", lambda f, fn: "crispy_forms" in f),
    ("forms: fields, validation and widgets", lambda f, fn: "django/forms/" in f),
    ("template rendering", lambda f, fn: "django/template/" in f or "django/templatetags/" in f),
]


def short(function):
    """A function's own name: py-spy names methods with their class, `SyncWorker.wait`."""
    return function.rsplit(".", 1)[-1]


def parse(line):
    """The frames of one collapsed stack, root first, as (function, file, line), and its count."""
    stack, _, count = line.rstrip("\n").rpartition(" ")
    frames = []
    for text in stack.split(";"):
        match = FRAME.match(text)
        if match:
            frames.append((match["function"], match["file"], int(match["line"] or 0)))
        else:  # "process 123:..." or a thread's name
            frames.append((text, "", 0))
    return frames, int(count)


@cache
def enclosing_definition(file, line):
    """The name of the top-level function or class around `line` of a file py-spy named by its
    package path: function-style middleware all run as closures called `middleware`."""
    found = [Path(root) / file for root in [BASE_DIR, *sys.path] if (Path(root) / file).is_file()]
    if not line or not found:
        return None
    for node in ast.parse(found[0].read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and (
            node.lineno <= line <= node.end_lineno
        ):
            return node.name
    return None


def is_middleware(file):
    return "middleware" in file and "simple_history/middleware.py" not in file


def middleware_name(frames):
    """The innermost middleware in the stack, by its module and definition."""
    for function, file, line in reversed(frames):
        if is_middleware(file):
            definition = enclosing_definition(file, line) or function
            return f"{file.removesuffix('.py').replace('/', '.')}.{definition}"
    return None


def area(frames):
    files = [file for _, file, _ in frames]
    # With --subprocesses each stack starts with the master's process, then the worker's.
    processes = [function for function, file, _ in frames if function.startswith("process ")]
    if len(processes) == 1:
        return MASTER
    if not any("django/" in file for file in files):
        leaf_function, leaf_file, _ = frames[-1]
        if short(leaf_function) in {"wait", "select", "accept", "sleep"} or (
            "selectors.py" in leaf_file
        ):
            return IDLE
        return "gunicorn: reading requests and writing responses"
    working = [
        (short(function), file)
        for function, file, _ in frames
        if short(function) not in WRAPPERS and not file.endswith("decorators.py")
    ]
    for name, matches in FEATURES:
        if any(matches(file, function) for function, file in working):
            return name
    view = next(
        (
            index
            for index, (function, file, _) in enumerate(frames)
            if file.endswith("django/core/handlers/base.py") and short(function) == "_get_response"
        ),
        None,
    )
    if view is not None and len(frames) > view + 1 and is_middleware(frames[view + 1][1]):
        return f"middleware: {middleware_name(frames[: view + 2])}"
    if view is not None:
        own = [file for _, file, _ in frames[view + 1 :] if "/" in file and not is_library(file)]
        return f"views: {own[0]}" if own else "views: Django's generic code"
    name = middleware_name(frames)
    if name:
        return f"middleware: {name}"
    return "Django request handling (URLs, requests, responses)"


def is_library(file):
    return file.split("/")[0] in {
        "django",
        "psycopg",
        "simple_history",
        "crispy_forms",
        "crispy_forms_gds",
        "gunicorn",
        "whitenoise",
        "csp",
        "axes",
        "django_otp",
    } or file.startswith("<")


def layer(frames):
    leaf_file = frames[-1][1]
    if "psycopg/" in leaf_file:
        return "database"
    if any("django/db/" in file for _, file, _ in frames):
        return "orm"
    return "rest"


def summarise(lines):
    by_area = defaultdict(Counter)
    hottest = Counter()
    idle = Counter()
    for text in lines:
        if not text.strip():
            continue
        frames, count = parse(text)
        name = area(frames)
        if name in {IDLE, MASTER}:
            idle[name] += count
            continue
        by_area[name][layer(frames)] += count
        function, file, _ = frames[-1]
        hottest[f"`{function}` ({file})"] += count
    return by_area, hottest, idle


def markdown(by_area, hottest, idle, *, small=0.5):
    busy = sum(sum(counts.values()) for counts in by_area.values())
    if not busy:
        return "No samples of a worker serving a request.\n"

    def share(count):
        return f"{100 * count / busy:.1f}%"

    lines = [
        f"{busy:,} samples of the workers serving requests; "
        + ", ".join(f"{count:,} of {name}" for name, count in idle.items())
        + " are left out.",
        "",
        "| area | share | ORM: building queries, making instances "
        "| PostgreSQL and its driver, psycopg | the rest |",
        "|---|---|---|---|---|",
    ]
    rows = sorted(by_area.items(), key=lambda item: -sum(item[1].values()))
    other = Counter()
    for name, counts in rows:
        if 100 * sum(counts.values()) / busy < small:
            other += counts
            continue
        lines.append(
            f"| {name} | {share(sum(counts.values()))} | {share(counts['orm'])} | "
            f"{share(counts['database'])} | {share(counts['rest'])} |"
        )
    if other:
        lines.append(
            f"| other areas, each under {small}% | {share(sum(other.values()))} | "
            f"{share(other['orm'])} | {share(other['database'])} | {share(other['rest'])} |"
        )
    total = Counter()
    for counts in by_area.values():
        total += counts
    lines += [
        f"| **all** | 100% | {share(total['orm'])} | {share(total['database'])} | "
        f"{share(total['rest'])} |",
        "",
        "| the ten functions with the most samples of their own | share |",
        "|---|---|",
    ]
    lines += [f"| {name} | {share(count)} |" for name, count in hottest.most_common(10)]
    return "\n".join(lines) + "\n"


def main(path):
    with open(path) as file:
        sys.stdout.write(markdown(*summarise(file)))


if __name__ == "__main__":
    main(sys.argv[1])
