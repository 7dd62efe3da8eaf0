"""Benchmark seeding, load driving and PDF timing: development tooling, not part of the service.

Settings install this app only outside production mode, so that a production server neither
lists nor runs these commands.
"""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
