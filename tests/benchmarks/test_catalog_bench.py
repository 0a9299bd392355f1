"""`make bench`: the catalog with three filters over 100,000 products.

Prints median and p95 of the whole page in-process (Django test client, templates
included) and its query count, twice: cold (the first request of this filter
combination, every cache empty) and warm (facet counts and place choices cached, as
buyers meet the page in steady state). Runs on SQLite, or on PostgreSQL when
DATABASE_URL is set. Query times printed are the database's (SQLite's include no
fetching: its rows are computed as they are read).
"""

import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import loadscale
from tests.accounts.factories import OfficerFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
RUNS = 40
URL = "/san-pham/"
PARAMS = {"q": "keo dua", "category": "thuc-pham", "stars": "3"}


def products_generate(count: int, *, seed: int = 7) -> None:
    """`count` live products over 40 sellers in 20 communes, by the load-scale generator."""
    communes = [CommuneFactory() for _ in range(20)]
    sellers = [make_household_seller(commune=communes[i % 20]) for i in range(40)]
    loadscale.products_generate(count, sellers=sellers, verifier=OfficerFactory(), seed=seed)


def _timed(client, runs: int, *, cold: bool) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per request; CPU excludes waiting for a core or the database."""
    wall, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(URL, PARAMS)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        assert response.status_code == 200
    return sorted(wall), sorted(cpu)


def _summary(timings: tuple[list[float], list[float]]) -> str:
    wall, cpu = timings
    return (
        f"median {statistics.median(wall):.1f} ms, p95 {_p95(wall):.1f} ms"
        f" (this process's CPU: median {statistics.median(cpu):.1f} ms, p95 {_p95(cpu):.1f} ms)"
    )


def _p95(timings: list[float]) -> float:
    return timings[max(int(len(timings) * 0.95) - 1, 0)]


def _queries(client) -> list[dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, PARAMS)
    assert response.status_code == 200
    return list(queries)


@pytest.mark.django_db
def test_catalog_with_three_filters(client):
    started = time.perf_counter()
    products_generate(PRODUCTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    client.get(URL, {"q": "bưởi"})  # imports, templates and connections warmed, not this search
    # Cold: the first request of this filter combination, every cache empty.
    cold = _timed(client, RUNS // 2, cold=True)
    cache.clear()
    cold_queries = _queries(client)
    # Warm: what buyers meet in steady state, the facets and places cached.
    warm = _timed(client, RUNS, cold=False)
    warm_queries = _queries(client)
    matches = client.get(URL, PARAMS).context["page"].paginator.count
    print(
        f"\ncatalog bench [{connection.vendor}] {PRODUCTS} products, load {os.getloadavg()[0]:.1f}"
        f" (generated in {generated:.0f} s), filters {PARAMS}: {matches} matches\n"
        f"  cold (caches empty): {_summary(cold)}, {len(cold_queries)} queries\n"
        f"  warm (steady state): {_summary(warm)}, {len(warm_queries)} queries"
    )
    for label, queries in (("cold", cold_queries), ("warm", warm_queries)):
        for query in queries:
            print(f"  {label} {float(query['time']) * 1000:7.1f} ms  {query['sql'][:100]}")
    assert len(cold_queries) <= 12
    assert len(warm_queries) <= len(cold_queries)
