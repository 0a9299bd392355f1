import pytest

from catalog.services import product_create
from tests.catalog.factories import ProductFactory
from tests.orders.factories import make_product as order_product
from tests.traceability.factories import make_product as trace_product

pytestmark = pytest.mark.django_db


def test_products_from_every_helper_and_the_service_never_share_a_slug():
    made = [ProductFactory(), order_product(), trace_product(), order_product(), trace_product()]
    seller = made[2].seller  # one with a login
    created = product_create(
        actor=seller.household.user,
        seller=seller,
        name="Sản phẩm 1",
        category=made[0].category,
        price=10_000,
        unit="kg",
        stock=1,
    )
    slugs = [p.slug for p in made] + [created.slug]
    assert len(set(slugs)) == len(slugs)
