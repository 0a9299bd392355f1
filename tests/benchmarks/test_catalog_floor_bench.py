"""`make bench`: the catalog beside the floor, warm and cold, page by page.

Issue 18's method: the floor (tests/benchmarks/floor.py, the barest Django page of
the same data, paged like the catalog) and our pages are timed in one run, the same
BENCH_REQUESTS requests over pages 1-50 for each, in-process with the test client,
DEBUG off; 10,000 products (100,000 with BENCH_FULL=1). Visitor: the caches as
buyers meet them in steady state (a visitor without a session gets the kept page).
Shopper: a guest with a product in the cart (added through `cart_add`), for whom the
view runs on the cached facets and fragments. Cold: every cache emptied before each
request, i.e. the first visit of a combination of filters and page, or the first
after a product change.
"""

import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from catalog.models import Category

from .report import counting_queries, shopper, shows_the_cart
from .test_catalog_bench import SIZES, products_generate

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
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
        "response": response,
        "median": statistics.median(wall),
        "p95": wall[max(int(len(wall) * 0.95) - 1, 0)],
        "queries": queries,
        "kb": len(response.content) / 1024,
    }


def _urls(base: str, extra: str = "") -> list[str]:
    return [f"{base}?{extra}page={1 + n % PAGES}" for n in range(REQUESTS)]


def _line(label: str, figures: dict, floor: dict) -> str:
    return (
        f"BENCH-FLOOR | {label:<52} | {connection.vendor:<10} | median {figures['median']:6.1f} ms"
        f" ({figures['median'] / floor['median']:4.1f}x floor) | p95 {figures['p95']:6.1f} ms"
        f" | {figures['queries']:>2} queries | {figures['kb']:5.1f} KB"
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.benchmarks.floor")
@pytest.mark.parametrize("products", SIZES)
def test_catalog_beside_the_floor(client, products):
    started = time.perf_counter()
    products_generate(products)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    top = Category.objects.filter(parent=None).order_by("position").first()
    category = f"category={top.slug}&"
    for url in ("/floor/", "/san-pham/", f"/san-pham/?{category}"):
        client.get(url)  # imports, templates, connections
    cart = shopper()
    floor_urls = [f"/floor/?page={1 + n % PAGES}" for n in range(REQUESTS)]
    _run(client, floor_urls, cold=False)
    floor = _run(client, floor_urls, cold=False)
    rows = {}
    for label, urls in (
        ("catalog pages 1-50", _urls("/san-pham/")),
        (f"category '{top.slug}' pages 1-50", _urls("/san-pham/", category)),
    ):
        _run(client, urls, cold=False)
        rows[f"{label}, visitor"] = _run(client, urls, cold=False)
        # A shopper (a session, a cart) is never served the kept page: the view runs,
        # on the cached facets, page ids and results HTML.
        _run(cart, urls, cold=False)
        rows[f"{label}, shopper with a cart"] = _run(cart, urls, cold=False)
        assert shows_the_cart(rows[f"{label}, shopper with a cart"]["response"])
        rows[f"{label}, cold"] = _run(client, urls, cold=True)
    print(
        f"\nBENCH-FLOOR | {products} products (generated in {generated:.0f} s), {REQUESTS}"
        f" requests each, load {os.getloadavg()[0]:.1f}"
    )
    print(_line("floor (24 products + count)", floor, floor))
    for label, figures in rows.items():
        print(_line(label, figures, floor))
    for label, figures in rows.items():
        assert figures["queries"] <= 8, label
