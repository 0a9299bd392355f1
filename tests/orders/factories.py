import factory

from catalog.models import Category
from marketplace.orders.placing import order_place
from tests.catalog.factories import ProductFactory
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller


def make_product(*, seller=None, price=50_000, stock=10, status="live", name=None):
    seller = seller or make_household_seller()
    return ProductFactory(
        seller=seller,
        category=Category.objects.get_or_create(slug="trai-cay", defaults={"name": "Trái cây"})[0],
        name=name or factory.Sequence(lambda n: f"Bưởi da xanh {n}"),
        price=price,
        stock=stock,
        status=status,
        unit="kg",
        origin_commune=seller.commune,
    )


def place(items, *, buyer=None, method="cod", email="khach@example.com", commune=None):
    """Place an order for {product: quantity}."""
    return order_place(
        buyer=buyer,
        items={p.pk: q for p, q in items.items()},
        name="Nguyễn Thị Lan",
        phone="0912 345 678",
        email=email,
        address="12 ấp Phú Lợi",
        commune=commune or CommuneFactory(),
        payment_method=method,
    )
