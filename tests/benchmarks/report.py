"""One line per benchmark, the same for all, so that `make bench | grep '^BENCH'` is a table."""

import statistics
import time

from django.core.cache import cache
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product, ProductStatus


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


def time_get(
    client, url: str, runs: int, *, cold: bool = False, **params
) -> tuple[list[float], int, object]:
    """GET `url` once to warm up, once counting queries, then `runs` times on the clock;
    `cold` empties the site's cache before each of them (the first visit after a change)."""
    assert client.get(url, params).status_code == 200
    if cold:
        cache.clear()
    with counting_queries() as queries:
        response = client.get(url, params)
    count = len(queries)  # read now: later requests clear the connection's query log
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings, count, response


def shopper(product=None) -> Client:
    """A guest who put `product` (by default the first live one) in the cart as the
    product page's form does: a POST to `cart_add` with the site's Origin and no token
    (core/csrf.py), CSRF checks on. From then on they have a session, and every page
    shows their cart's count in the header: the site's kept pages are never theirs."""
    product = product or Product.objects.filter(status=ProductStatus.LIVE).order_by("pk").first()
    client = Client(enforce_csrf_checks=True)
    assert client.get(product.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": 1, "next": product.get_absolute_url()},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 302 and client.session.get("cart"), response
    return client


def shows_the_cart(response) -> bool:
    return 'class="cart-count">1<' in response.text


def floor_timings(client, runs: int) -> list[float]:
    """The floor (tests/benchmarks/floor.py) timed now, on this run's data and machine."""
    with override_settings(ROOT_URLCONF="tests.benchmarks.floor"):
        timings, _count, _response = time_get(client, "/floor/", runs)
    return timings


def beside_the_floor(client, page: str, url: str, runs: int) -> tuple[int, object]:
    """Print the page's BENCH lines beside the floor's, all measured in this run: as a
    visitor without a session meets it (the site's kept page, once warm), as a shopper
    with a cart meets it (always rendered, on the cached fragments), and cold (every
    cache emptied before each request, as the first visit after a change). Returns the
    shopper's query count and response."""
    floor = statistics.median(floor_timings(client, runs))
    visitor, _queries, _response = time_get(client, url, runs)
    cart = shopper()
    with_cart, queries, response = time_get(cart, url, runs)
    assert shows_the_cart(response), "the shopper's page must show their cart"
    cold, cold_queries, _response = time_get(client, url, runs, cold=True)
    label = "floor (24 products + count)"
    print(f"\nBENCH | {label:<44} | {connection.vendor:<10} | median {floor:7.1f} ms")
    for name, timings, count in (
        ("visitor", visitor, None),
        ("shopper with a cart", with_cart, queries),
        ("cold", cold, cold_queries),
    ):
        ratio = statistics.median(timings) / floor
        bench_line(f"{page}, {name} ({ratio:.1f}x floor)", timings, count)
    return queries, response
