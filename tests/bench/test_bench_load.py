"""How `make bench` reports the mixed load: the median of its runs, with every run shown, and
each page's own latency inside it next to the trivial view's."""

from bench.management.commands.bench_load import Command, Request, first_of_each_sender, median_run


def latencies(requests, p95_ms, errors=0):
    return {
        "requests": requests,
        "requests_per_second": requests / 10,
        "errors": errors,
        "p50_ms": p95_ms * 0.8,
        "p95_ms": p95_ms,
        "p99_ms": p95_ms * 1.1,
    }


def wrk_run(requests_per_second, p95_ms):
    return {
        "requests_per_second": requests_per_second,
        "p50_ms": p95_ms * 0.8,
        "p95_ms": p95_ms,
        "p99_ms": p95_ms * 1.1,
        "socket_errors": 0,
        "unexpected_status": 0,
        "cpu_share": {"the app's workers": 80, "PostgreSQL, wrk and the rest": 20},
        "pages": latencies(2000, p95_ms),
        "kinds": {
            "case page": latencies(580, p95_ms * 1.2),
            "search": latencies(300, p95_ms * 0.9),
            "trivial view": latencies(40, 5.0),
        },
    }


def results_with(runs):
    trivial = wrk_run(1500.0, 1.0)
    return {
        "size": "S",
        "cases": 10,
        "history_rows": 100,
        "seconds_per_run": 5,
        "python": "3.11.2 at /usr/bin/python3.11",
        "pages": {
            "caseload": {
                "queries": {"worker": (8, 7), "manager": (17, 16)},
                "target": "",
                "runs": {"1": wrk_run(300.0, 20.0)},
            },
            "case page": {
                "queries": {"worker": (12, 3), "manager": (12, 3)},
                "target": "",
                "runs": {"1": wrk_run(120.0, 16.0)},
            },
            "trivial view": {"queries": {"anyone": (1, 1)}, "target": "", "runs": {"1": trivial}},
        },
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

    assert (
        "The median of 3 runs, which gave 150.0, 210.0, 180.0 req/s in all: **180.0 req/s**"
        in report
    )
    assert "p95 110.0 ms" in report


def test_an_error_in_any_run_shows_in_the_report():
    runs = [wrk_run(150.0, 140.0), wrk_run(210.0, 95.0), wrk_run(180.0, 110.0)]
    runs[0]["unexpected_status"] = 2

    report = Command.markdown(results_with(runs))

    assert "2 errors in all 3 runs" in report


def test_the_report_names_the_python_it_ran_on():
    report = Command.markdown(results_with([wrk_run(180.0, 110.0)]))

    assert "gunicorn in production mode on Python 3.11.2 at /usr/bin/python3.11;" in report


def test_each_page_of_the_mixed_run_is_reported_next_to_the_trivial_view_in_it():
    runs = [wrk_run(150.0, 140.0), wrk_run(210.0, 95.0), wrk_run(180.0, 110.0)]
    runs[2]["kinds"]["search"]["errors"] = 3

    report = Command.markdown(results_with(runs))

    # The median run's case pages: p95 132 ms, against the trivial view's 5 ms in the same run.
    assert "| case page | 580 | 58.0 | 105.6 | 132.0 | 145.2 | 26.4 | 26.4 | 0 |" in report
    assert "| search | 300 | 30.0 | 79.2 | 99.0 | 108.9 | 19.8 | 19.8 | 3 |" in report
    assert "| trivial view | 40 | 4.0 | 4.0 | 5.0 | 5.5 | 1.0 | 1.0 | 0 |" in report


def test_queries_are_shown_by_sender_only_where_a_workers_and_a_managers_differ():
    report = Command.markdown(results_with([wrk_run(180.0, 110.0)]))

    assert "| caseload | a worker's 8 (7 cached), a manager's 17 (16 cached) | 1 |" in report
    assert "| case page | 12 (3 cached) | 1 |" in report
    assert "| trivial view | 1 | 1 |" in report


def test_queries_are_counted_on_the_first_request_of_each_kind_of_sender():
    requests = [
        Request("caseload", "/", "bench-manager-3"),
        Request("caseload", "/", "bench-worker-7"),
        Request("caseload", "/", "bench-manager-1"),
        Request("caseload", "/", "bench-worker-2"),
    ]

    firsts = first_of_each_sender(requests)

    assert firsts == {"worker": requests[1], "manager": requests[0]}
    assert list(firsts) == ["worker", "manager"]
