"""PostgreSQL: concurrent checkouts with delivery fees still never oversell."""

import pytest

from catalog.models import Product
from marketplace.delivery.models import DeliveryOption, Shipment
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, SellerOrder
from tests.orders.factories import make_product, place
from tests.orders.test_concurrency import run_concurrently
from tests.regions.factories import CommuneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_100_concurrent_checkouts_with_delivery_for_the_last_8_units():
    product = make_product(stock=8, price=50_000)
    own = DeliveryOption.objects.create(seller=product.seller, kind="own", fee=20_000)
    own.provinces.add(product.seller.commune.province)
    commune = CommuneFactory()
    results = run_concurrently([lambda: place({product: 1}, commune=commune)] * 100)
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == 8
    assert all(isinstance(r, (Order, OrderError)) for r in results)
    assert set(SellerOrder.objects.values_list("delivery_fee", "total")) == {(20_000, 70_000)}
    assert Shipment.objects.filter(fee=20_000).count() == 8
