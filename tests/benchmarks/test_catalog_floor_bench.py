"""`make bench`: the catalog beside the floor, warm and cold, at load scale.

Issue 18's method: the floor (tests/benchmarks/floor.py, the barest Django page of
the same data) and our pages are timed in one run, 200 requests over pages 1-50,
in-process with the test client, DEBUG off. Warm: the caches as buyers meet them in
steady state (a visitor without a session gets the kept page). Warm, session: a
visitor with a cart, for whom the view runs on the cached facets and fragments.
Cold: every cache emptied before each request, i.e. the first visit of a combination
of filters and page, or the first after a product change.
"""

import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from catalog.models import Category

from .report import counting_queries
from .test_catalog_bench import products_generate

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PAGES = 50


def _run(client, urls: list[str], *, cold: bool) -> dict:
    wall, queries = [], 0
    for url in urls:
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with counting_queries() as captured:
        if cold:
            cache.clear()
        client.get(urls[-1])
    queries = len(captured)
    wall.sort()
    return {
        "median": statistics.median(wall),
        "p95": wall[max(int(len(wall) * 0.95) - 1, 0)],
        "queries": queries,
        "kb": len(response.content) / 1024,
    }


def _urls(base: str, extra: str = "") -> list[str]:
    return [f"{base}?{extra}page={1 + n % PAGES}" for n in range(REQUESTS)]


def _line(label: str, figures: dict, floor: dict) -> str:
    return (
        f"BENCH-FLOOR | {label:<38} | {connection.vendor:<10} | median {figures['median']:6.1f} ms"
        f" ({figures['median'] / floor['median']:4.1f}x floor) | p95 {figures['p95']:6.1f} ms"
        f" | {figures['queries']:>2} queries | {figures['kb']:5.1f} KB"
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.benchmarks.floor")
def test_catalog_beside_the_floor(client):
    started = time.perf_counter()
    products_generate(PRODUCTS)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    top = Category.objects.filter(parent=None).order_by("position").first()
    category = f"category={top.slug}&"
    for url in ("/floor/", "/san-pham/", f"/san-pham/?{category}"):
        client.get(url)  # imports, templates, connections
    floor_urls = [f"/floor/?page={1 + n % PAGES}" for n in range(REQUESTS)]
    _run(client, floor_urls, cold=False)
    floor = _run(client, floor_urls, cold=False)
    rows = {}
    for label, urls in (
        ("catalog pages 1-50", _urls("/san-pham/")),
        (f"category '{top.slug}' pages 1-50", _urls("/san-pham/", category)),
    ):
        _run(client, urls, cold=False)
        rows[f"{label}, warm"] = _run(client, urls, cold=False)
        # A visitor with a session (a cart) is never served the kept page: the view
        # runs, on the cached facets, page ids and results HTML.
        client.cookies["sessionid"] = "bench-visitor-with-a-session"
        rows[f"{label}, warm, session"] = _run(client, urls, cold=False)
        del client.cookies["sessionid"]
        rows[f"{label}, cold"] = _run(client, urls, cold=True)
    print(
        f"\nBENCH-FLOOR | {PRODUCTS} products (generated in {generated:.0f} s), {REQUESTS}"
        f" requests each, load {os.getloadavg()[0]:.1f}"
    )
    print(_line("floor (24 products + count)", floor, floor))
    for label, figures in rows.items():
        print(_line(label, figures, floor))
    for label, figures in rows.items():
        assert figures["queries"] <= 8, label
