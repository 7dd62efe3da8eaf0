"""Count the Python function calls each page costs, in this process, on a database seeded by
seed_bench: a measure of the app's own work that, unlike time, does not move with the machine's
load. `BENCH_CALLS=1 bench/run-load` runs it with the production settings, as
`python -m bench.count_calls`: a production server does not install the bench app, so this is a
script rather than a command.

Each page is asked for as a benchmark user signed in with both factors, three times to warm
it (and the cache, for a "cached" page), then once under cProfile; an "uncached" page has the
cache emptied before that last request. Two commits are compared by running this in each.

`BENCH_CALLS=day` counts the mixed run's working day instead (bench_load.request_list, with the
same seed): every request in turn, its saves written, twice over from an empty cache. The first
pass is the day's cold start; the second, with the cases read once already, is what the mixed
run's later runs measure. It prints the mean calls per request of each kind, and of the day.
"""

import cProfile
import os
import pstats
import random
import sys
from collections import Counter

import django
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

WARM_UP = 3


def signed_in(username):
    """A test client signed in as the user, their authenticator confirmed for the session."""
    from accounts.second_factor import confirmed_authenticator
    from cases.models import User

    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"No user {username}: seed the database with seed_bench.") from None
    client = Client(SERVER_NAME="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user, backend="accounts.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_authenticator(user).persistent_id
    session.save()
    return client


def pages():
    """(name, username, path, cached) for each page measured."""
    from bench.management.commands.bench_load import commonest_surname
    from cases.models import Case

    worker, manager = "bench-worker-1", "bench-manager-1"
    case = Case.objects.filter(allocated_worker__username=worker, status=Case.Status.OPEN)
    case = case.order_by("pk").first()
    if case is None:
        raise CommandError(f"{worker} has no open case: seed the database with seed_bench.")
    search = f"{reverse('search')}?q={commonest_surname()}"
    history = reverse("case_history", args=[case.pk])
    return [
        ("a worker's home page", worker, reverse("home"), True),
        ("a manager's home page", manager, reverse("home"), True),
        ("the case page, cached", worker, case.get_absolute_url(), True),
        ("the case page, not cached", worker, case.get_absolute_url(), False),
        ("the case history, cached", manager, history, True),
        ("the case history, not cached", manager, history, False),
        ("search for the commonest surname", worker, search, True),
    ]


def counted(send):
    """The response to send(), and the Python function calls (builtins included) it made."""
    profile = cProfile.Profile()
    profile.enable()
    response = send()
    profile.disable()
    return response, sum(count for _, count, *_ in pstats.Stats(profile).stats.values())


def calls(client, path, *, cached):
    """Python function calls made serving one request for `path`."""
    for _ in range(WARM_UP):
        client.get(path)
    if not cached:
        cache.clear()
    response, made = counted(lambda: client.get(path))
    if response.status_code != 200:
        raise CommandError(f"{path} gave {response.status_code}, not 200.")
    return made


def table():
    """The Markdown table of each page's calls."""
    if settings.DEBUG:
        raise CommandError("Count with DEBUG off, as production runs: bench/run-load does.")
    clients = {}
    lines = ["| page | Python function calls |", "|---|---|"]
    for name, username, path, cached in pages():
        if username not in clients:
            clients[username] = signed_in(username)
        client = clients[username]
        lines.append(f"| {name} | {calls(client, path, cached=cached):,} |")
    return "\n".join(lines)


def day_table(seed=2026, pages=None):
    """The Markdown table of the working day's mean calls per request, by kind, in two passes:
    the list bench_load makes with the same seed (and `pages` page requests, if given)."""
    from bench.management.commands.bench_load import MIX, MIXED_PAGES, TRIVIAL, request_list
    from cases.models import User
    from plans import stamp as stamping

    if settings.DEBUG:
        raise CommandError("Count with DEBUG off, as production runs: bench/run-load does.")
    usernames = User.objects.filter(username__startswith="bench-").values_list("username")
    # The test client does not check CSRF tokens, so the saves' forms need no real one.
    tokens = dict.fromkeys((name for (name,) in usernames), "unchecked")
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    day = request_list(tokens, rng=rng, pages=pages or MIXED_PAGES)
    day = [request for request in day if request.kind != TRIVIAL]
    clients = {name: signed_in(name) for name in {request.username for request in day}}
    # A plan not yet rendered answers 202 while it renders: inline, as bench/run-load sets
    # SOS_BACKGROUND_PDFS off for this count. The count starts once each plan is there, with
    # the stamp's fonts loaded as in a worker that has served one, and no plan's pages kept.
    plans = {request.path: request for request in day if request.kind == "plan PDF"}
    for request in plans.values():
        clients[request.username].get(request.path)
    stamping._layout.cache_clear()
    cache.clear()
    passes = []
    for _ in range(2):
        made = Counter()
        for request in day:
            made[request.kind] += day_request(clients[request.username], request)
        passes.append(made)
    asked = Counter(request.kind for request in day)
    lines = [
        "| requests | number | mean calls, first pass | mean calls, second pass |",
        "|---|---|---|---|",
    ]
    for kind in filter(asked.get, MIX):  # a short day may have none of a kind
        first, second = (round(made[kind] / asked[kind]) for made in passes)
        lines.append(f"| {kind} | {asked[kind]:,} | {first:,} | {second:,} |")
    first, second = (round(made.total() / len(day)) for made in passes)
    lines.append(f"| the day | {len(day):,} | {first:,} | {second:,} |")
    return "\n".join(lines)


def day_request(client, request):
    """The calls one request of the day made; a save carries its entry's current revision."""
    from assessments.models import MappingEntry

    if request.entry_pk:
        revision = MappingEntry.objects.values_list("revision", flat=True).get(pk=request.entry_pk)
        body = request.body_at(revision)
        form = "application/x-www-form-urlencoded"
        response, made = counted(lambda: client.post(request.path, body, content_type=form))
    else:
        response, made = counted(lambda: client.get(request.path))
    if response.status_code != request.expected:
        raise CommandError(
            f"{request.method} {request.path} as {request.username} gave "
            f"{response.status_code}, not {request.expected}."
        )
    return made


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sos_site.settings")
    django.setup()
    try:
        print(day_table() if sys.argv[1:] == ["day"] else table())
    except CommandError as error:
        sys.exit(str(error))
