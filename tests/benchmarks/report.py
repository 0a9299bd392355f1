"""One line per benchmark, the same for all, so that `make bench | grep '^BENCH'` is a table."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def bench_line(
    page: str, timings_ms: list[float], queries: int | None, *, peak_mb: float | None = None
) -> tuple[float, float]:
    """Print `BENCH | page | db | median | p95 | queries` and return (median, p95) in ms.

    `peak_mb`, for work that costs memory rather than queries, adds `| peak +N MB`.
    """
    timings = sorted(timings_ms)
    median = statistics.median(timings)
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    count = "-" if queries is None else str(queries)
    memory = "" if peak_mb is None else f" | peak +{peak_mb:4.0f} MB"
    print(
        f"\nBENCH | {page:<44} | {connection.vendor:<10} | median {median:7.1f} ms"
        f" | p95 {p95:7.1f} ms | {count:>3} queries{memory}"
    )
    return median, p95


def counting_queries() -> CaptureQueriesContext:
    """CaptureQueriesContext that survives a request: each request empties the
    connection's query log, which would leave the context counting from a stale index."""
    reset_queries()
    return CaptureQueriesContext(connection)


def time_get(client, url: str, runs: int, **params) -> tuple[list[float], int, object]:
    """GET `url` once to warm up, once counting queries, then `runs` times on the clock."""
    assert client.get(url, params).status_code == 200
    with counting_queries() as queries:
        response = client.get(url, params)
    count = len(queries)  # read now: later requests clear the connection's query log
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings, count, response


def floor_timings(client, runs: int) -> list[float]:
    """The floor (tests/benchmarks/floor.py) timed now, on this run's data and machine."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="tests.benchmarks.floor"):
        timings, _count, _response = time_get(client, "/floor/", runs)
    return timings


def beside_the_floor(client, page: str, url: str, runs: int) -> tuple[float, float, int, object]:
    """Print the page's BENCH lines beside the floor's, measured in the same run: as a
    visitor meets it (the site's cache, once warm) and rendered anew (a visitor with
    a session, or the first visit after a change). Returns the ratios to the floor's
    median (shared, rendered), the rendered page's query count and the response."""
    floor = statistics.median(floor_timings(client, runs))
    shared, _queries, response = time_get(client, url, runs)
    client.cookies["sessionid"] = "bench-visitor-with-a-session"
    rendered, queries, response = time_get(client, url, runs)
    del client.cookies["sessionid"]
    ratios = (statistics.median(shared) / floor, statistics.median(rendered) / floor)
    label = "floor (24 products + count)"
    print(f"\nBENCH | {label:<44} | {connection.vendor:<10} | median {floor:7.1f} ms")
    bench_line(f"{page}, shared ({ratios[0]:.1f}x floor)", shared, None)
    bench_line(f"{page}, rendered ({ratios[1]:.1f}x floor)", rendered, queries)
    return ratios[0], ratios[1], queries, response
