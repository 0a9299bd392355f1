"""`make bench`: the catalog with three filters, 10,000 products (100,000 with BENCH_FULL=1).

Prints median and p95 of the whole page in-process (Django test client, templates
included) and its query count, three ways: cold (every cache emptied before each
request: the first request of this filter combination, or the first after a product
change), a visitor without a session in steady state (the site's kept page), and a
shopper with a cart in steady state (never the kept page: the view runs on the cached
facets and fragments). Runs on SQLite, or on PostgreSQL when DATABASE_URL is set.
Query times printed are the database's (SQLite's include no fetching: its rows are
computed as they are read).
"""

import os
import re
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

from .report import shopper, shows_the_cart

DEFAULT_PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "10000"))
SIZES = [
    DEFAULT_PRODUCTS,
    pytest.param(100_000, marks=pytest.mark.bench_full("the catalog at 100,000 products")),
]
RUNS = 40
URL = "/san-pham/"
PARAMS = {"q": "keo dua", "category": "thuc-pham", "stars": "3"}


def products_generate(count: int, *, seed: int = 7) -> None:
    """`count` live products over 40 sellers in 20 communes, by the load-scale generator."""
    communes = [CommuneFactory() for _ in range(20)]
    sellers = [make_household_seller(commune=communes[i % 20]) for i in range(40)]
    loadscale.products_generate(count, sellers=sellers, verifier=OfficerFactory(), seed=seed)


def matches_shown(response) -> int:
    """The result count the page shows ("1.234 sản phẩm"), as the person reads it."""
    shown = re.search(r'class="muted result-count">([\d.,]+)', response.text)
    assert shown, "the page shows how many products match"
    return int(re.sub(r"\D", "", shown[1]))


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


def _queries(client) -> tuple[list[dict], object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, PARAMS)
    assert response.status_code == 200
    return list(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize("products", SIZES)
def test_catalog_with_three_filters(client, products):
    started = time.perf_counter()
    products_generate(products)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    client.get(URL, {"q": "bưởi"})  # imports, templates and connections warmed, not this search
    cold = _timed(client, RUNS // 2, cold=True)
    cache.clear()
    cold_queries, response = _queries(client)
    matches = matches_shown(response)
    visitor = _timed(client, RUNS, cold=False)
    visitor_queries, response = _queries(client)
    assert matches_shown(response) == matches  # the kept page is the same page
    cart = shopper()
    cart.get(URL, PARAMS)  # the message "added to your cart" shown and gone
    shopper_timings = _timed(cart, RUNS, cold=False)
    shopper_queries, response = _queries(cart)
    assert shows_the_cart(response) and matches_shown(response) == matches
    print(
        f"\ncatalog bench [{connection.vendor}] {products} products, load"
        f" {os.getloadavg()[0]:.1f} (generated in {generated:.0f} s), filters {PARAMS}:"
        f" {matches} matches\n"
        f"  cold (caches empty): {_summary(cold)}, {len(cold_queries)} queries\n"
        f"  visitor (kept page): {_summary(visitor)}, {len(visitor_queries)} queries\n"
        f"  shopper with a cart: {_summary(shopper_timings)}, {len(shopper_queries)} queries"
    )
    for label, queries in (("cold", cold_queries), ("shopper", shopper_queries)):
        for query in queries:
            print(f"  {label} {float(query['time']) * 1000:7.1f} ms  {query['sql'][:100]}")
    assert matches > 0
    assert len(cold_queries) <= 12
    assert len(shopper_queries) <= len(cold_queries)
