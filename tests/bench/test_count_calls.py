"""bench/count_calls.py: each page's Python function calls, counted in one process."""

import io

import pytest
from django.core.management import CommandError, call_command

from bench.count_calls import table

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
