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


def test_checkout_post_with_delivery_quoted_by_the_local_courier(client, settings, tmp_path):
    """The same cart, both sellers offering pickup, their own round and GHN: every POST
    asks the local GHN for a fresh quote (the quote cache is emptied each time)."""
    from django.core.cache import cache

    from marketplace.delivery.carriers import ghn_codes
    from marketplace.delivery.models import DeliveryOption
    from tests.delivery.fake_ghn import FakeGhn

    items, commune = cart_of_two_sellers(), CommuneFactory()
    sellers = {product.seller for product in items}
    settings.GHN_WARDS_CSV = str(tmp_path / "ghn.csv")
    table = {commune.code: ghn_codes.GhnWard(9002, "T0002", commune.name)}
    for n, seller in enumerate(sellers):
        table[seller.commune.code] = ghn_codes.GhnWard(9100 + n, f"S{n}", seller.commune.name)
        DeliveryOption.objects.create(seller=seller, kind="pickup", address="Chợ xã")
        own = DeliveryOption.objects.create(seller=seller, kind="own", fee=40_000)
        own.provinces.add(commune.province)
        DeliveryOption.objects.create(seller=seller, kind="courier", carrier="ghn", fee=50_000)
    ghn_codes._tables[settings.GHN_WARDS_CSV] = table
    data = {
        "name": "Lê Thị Mai",
        "phone": "0987654321",
        "address": "5 ấp Tân Thành",
        "province": commune.province_id,
        "commune": commune.pk,
        "payment_method": "cod",
    }
    timings, counts = [], []
    with FakeGhn() as fake:
        settings.GHN_TOKEN, settings.GHN_SHOP_ID, settings.GHN_BASE_URL = "t", "1", fake.url
        for _ in range(RUNS // 4):
            for product in items:
                client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
            page = client.get(reverse("orders:checkout"), {"commune": commune.pk})
            for name in ("cart_state", "delivery_state"):
                data[name] = re.search(rf'name="{name}" value="([^"]*)"', page.content.decode())[1]
            data.update(
                {
                    f"delivery-{s.pk}": str(s.delivery_options.get(kind="courier").pk)
                    for s in sellers
                }
            )
            cache.clear()
            with counting_queries() as queries:
                start = time.perf_counter()
                response = client.post(reverse("orders:checkout"), data)
                timings.append(time.perf_counter() - start)
            assert response.status_code == 302
            counts.append(len(queries))
        quotes = sum(1 for r in fake.requests if r["path"].endswith("/fee"))
    summary("checkout POST, 2 sellers, GHN quoted (local)", timings, max(counts))
    print(f"BENCH-NOTE | {quotes} GHN fee requests for {len(timings)} checkouts")
    ghn_codes._tables.pop(settings.GHN_WARDS_CSV, None)
