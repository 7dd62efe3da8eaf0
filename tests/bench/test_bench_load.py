"""How `make bench` reports the mixed load: the median of its runs, with every run shown."""

from bench.management.commands.bench_load import Command, median_run


def wrk_run(requests_per_second, p95_ms):
    return {
        "requests_per_second": requests_per_second,
        "p50_ms": p95_ms * 0.8,
        "p95_ms": p95_ms,
        "p99_ms": p95_ms * 1.1,
        "socket_errors": 0,
        "unexpected_status": 0,
        "cpu_share": {"the app's workers": 80, "PostgreSQL, wrk and the rest": 20},
    }


def results_with(runs):
    trivial = wrk_run(1500.0, 1.0)
    return {
        "size": "S",
        "cases": 10,
        "history_rows": 100,
        "seconds_per_run": 5,
        "python": "3.11.2 at /usr/bin/python3.11",
        "pages": {"trivial view": {"queries": 1, "target": "", "runs": {"1": trivial}}},
        "mixed": median_run(runs),
        "mixed_runs": runs,
        "worker_peak_memory_mb": {"max": 150.0, "workers": {}},
    }


def test_the_median_run_is_the_middle_one_by_throughput():
    runs = [wrk_run(150.0, 140.0), wrk_run(210.0, 95.0), wrk_run(180.0, 110.0)]

    assert median_run(runs) is runs[2]


def test_with_an_even_number_of_runs_the_lower_middle_one_counts():
    runs = [wrk_run(210.0, 95.0), wrk_run(150.0, 140.0)]

    assert median_run(runs) is runs[1]


def test_the_report_gives_the_median_run_and_every_runs_throughput():
    runs = [wrk_run(150.0, 140.0), wrk_run(210.0, 95.0), wrk_run(180.0, 110.0)]

    report = Command.markdown(results_with(runs))

    assert "the median of 3 runs, which gave 150.0, 210.0, 180.0 req/s): 180.0 req/s" in report
    assert "p95 110.0 ms" in report


def test_an_error_in_any_run_shows_in_the_report():
    runs = [wrk_run(150.0, 140.0), wrk_run(210.0, 95.0), wrk_run(180.0, 110.0)]
    runs[0]["unexpected_status"] = 2

    report = Command.markdown(results_with(runs))

    assert "2 errors in all 3 runs" in report


def test_the_report_names_the_python_it_ran_on():
    report = Command.markdown(results_with([wrk_run(180.0, 110.0)]))

    assert "gunicorn in production mode on Python 3.11.2 at /usr/bin/python3.11;" in report
