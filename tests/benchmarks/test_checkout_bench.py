"""Checkout timings: `make bench` (add DATABASE_URL=postgres://... for PostgreSQL).

Prints median and p95 of order_place and of the whole checkout POST, with query counts.
"""

import re
import time

import pytest
from django.urls import reverse

from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

from .report import bench_line, counting_queries

pytestmark = pytest.mark.django_db
RUNS = 200


def summary(name, timings, queries):
    return bench_line(name, [t * 1000 for t in timings], queries)


def cart_of_two_sellers():
    a, b = make_household_seller(), make_household_seller()
    return {
        make_product(seller=a, stock=10_000): 1,
        make_product(seller=a, stock=10_000): 2,
        make_product(seller=b, stock=10_000): 1,
    }


def test_order_place_speed_and_queries():
    items, commune = cart_of_two_sellers(), CommuneFactory()
    with counting_queries() as queries:
        place(items, commune=commune)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        place(items, commune=commune)
        timings.append(time.perf_counter() - start)
    median, _ = summary("order_place (3 lines, 2 sellers)", timings, len(queries))
    assert len(queries) <= 25
    assert median < 100


def test_checkout_post_speed_and_queries(client):
    items, commune = cart_of_two_sellers(), CommuneFactory()
    data = {
        "name": "Lê Thị Mai",
        "phone": "0987654321",
        "address": "5 ấp Tân Thành",
        "province": commune.province_id,
        "commune": commune.pk,
        "payment_method": "cod",
    }
    timings, counts = [], []
    for _ in range(RUNS // 2):
        for product, quantity in items.items():
            client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": quantity})
        page = client.get(reverse("orders:checkout")).content.decode()
        data["cart_state"] = re.search(r'name="cart_state" value="([^"]*)"', page).group(1)
        with counting_queries() as queries:
            start = time.perf_counter()
            response = client.post(reverse("orders:checkout"), data)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 302
        counts.append(len(queries))
    summary("checkout POST (view + order_place)", timings, max(counts))
    assert max(counts) <= 40
