"""Count the Python function calls each page costs, in this process, on a database seeded by
seed_bench: a measure of the app's own work that, unlike time, does not move with the machine's
load. `BENCH_CALLS=1 bench/run-load` runs it with the production settings, as
`python -m bench.count_calls`: a production server does not install the bench app, so this is a
script rather than a command.

Each page is asked for as a benchmark user signed in with both factors, three times to warm
it (and the cache, for a "cached" page), then once under cProfile; an "uncached" page has the
cache emptied before that last request. Two commits are compared by running this in each.
"""

import cProfile
import os
import pstats
import sys

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


def calls(client, path, *, cached):
    """Python function calls (builtins included) made serving one request for `path`."""
    for _ in range(WARM_UP):
        client.get(path)
    if not cached:
        cache.clear()
    profile = cProfile.Profile()
    profile.enable()
    response = client.get(path)
    profile.disable()
    if response.status_code != 200:
        raise CommandError(f"{path} gave {response.status_code}, not 200.")
    return sum(count for _, count, *_ in pstats.Stats(profile).stats.values())


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


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sos_site.settings")
    django.setup()
    try:
        print(table())
    except CommandError as error:
        sys.exit(str(error))
