"""bench/count_calls.py: each page's Python function calls, counted in one process."""

import io

import pytest
from django.core.management import CommandError, call_command

from assessments.models import MappingEntry
from bench.count_calls import day_table, table
from bench.management.commands.bench_load import MIX, Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_bench", cases=48, stdout=io.StringIO(), stderr=io.StringIO())


def counts(markdown):
    rows = [line.strip("|").split("|") for line in markdown.splitlines()[2:]]
    return {name.strip(): int(number.strip().replace(",", "")) for name, number in rows}


def test_it_counts_every_page_and_a_cached_page_costs_less(seeded, settings):
    settings.DEBUG = False

    calls = counts(table())

    assert list(calls) == [
        "a worker's home page",
        "a manager's home page",
        "the case page, cached",
        "the case page, not cached",
        "the case history, cached",
        "the case history, not cached",
        "search for the commonest surname",
    ]
    assert calls["the case page, cached"] < calls["the case page, not cached"] / 2
    assert calls["the case history, cached"] < calls["the case history, not cached"]
    assert min(calls.values()) > 1000


def test_it_counts_only_as_production_runs(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="DEBUG off"):
        table()


def test_it_counts_the_working_day_twice_and_writes_its_saves(seeded, settings):
    settings.DEBUG = False

    markdown = day_table(pages=100)

    rows = [line.strip("|").split("|") for line in markdown.splitlines()[2:]]
    means = {
        kind.strip(): (int(first.replace(",", "")), int(second.replace(",", "")))
        for kind, _, first, second in rows
    }
    assert list(means) == [*MIX, "the day"]
    assert all(first > 1000 and second > 1000 for first, second in means.values())
    # The second pass finds the case pages it read in the first one in the cache.
    assert means["case page"][1] < means["case page"][0]
    saved = MappingEntry.objects.filter(text__endswith="was calm and chatty at the home visit.")
    assert saved.count() == 16
    # Each save once in each pass, each a change in the entry's history.
    assert {entry.history.filter(history_type="~").count() for entry in saved} == {2}


def test_a_day_request_refused_stops_the_count(seeded, settings, monkeypatch):
    settings.DEBUG = False
    refused = Request("case page", "/cases/999999/", "bench-worker-1")
    monkeypatch.setattr(
        "bench.management.commands.bench_load.request_list", lambda *args, **kwargs: [refused]
    )

    with pytest.raises(CommandError, match="GET /cases/999999/ as bench-worker-1 gave 404"):
        day_table()
