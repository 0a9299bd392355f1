"""`manage.py loadscale`: consistent data at a small scale, searchable and served."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Sum

from catalog.models import CertificateStatus, OcopCertificate, Product
from cms.models import StorefrontPage
from marketplace.dashboard.models import DashboardRollup
from marketplace.orders.models import Order, OrderStatus, SellerOrder
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.regions.demo import DEMO_COMMUNES
from marketplace.sellers.models import Household, Seller
from tests.accounts.factories import OfficerFactory
from tests.regions.factories import CommuneFactory

pytestmark = pytest.mark.django_db
SMALL = {"products": 240, "households": 12, "orders": 60, "seed": 3}


@pytest.fixture
def demo_places():
    """The demo's first commune, its province, and a few more communes there."""
    CommuneFactory(code=DEMO_COMMUNES["mo_cay"])
    for _ in range(5):
        CommuneFactory()
    return OfficerFactory()


def _generate(**options) -> str:
    out = StringIO()
    call_command("loadscale", **{**SMALL, **options}, stdout=out)
    return out.getvalue()


def _snapshot() -> tuple[list, list]:
    products = list(
        Product.objects.filter(slug__startswith="tai3-")
        .order_by("slug")
        .values_list("slug", "name", "price", "stock", "category__slug", "ocop_best_stars")
    )
    # By creation, not number: PostgreSQL does not roll its sequences back.
    orders = list(SellerOrder.objects.order_by("pk").values_list("status", "goods_total"))
    return products, orders


def test_loadscale_makes_consistent_rows(demo_places):
    output = _generate()
    assert "Load-scale data ready" in output and "products" in output
    made = Product.objects.filter(slug__startswith="tai3-")
    assert made.count() == 240
    assert Household.objects.count() == 12 and Seller.objects.count() == 3
    assert StorefrontPage.objects.live().filter(seller__in=Seller.objects.all()).count() == 3
    # One in eight rated, by a verified certificate whose stars the product shows.
    certificates = OcopCertificate.objects.filter(product__in=made)
    assert certificates.count() == 30
    assert not certificates.exclude(status=CertificateStatus.VERIFIED).exists()
    assert not certificates.filter(last_decision=None).exists()
    assert not certificates.exclude(stars=F("product__ocop_best_stars")).exists()
    assert made.filter(ocop_best_stars__gt=0).count() == 30
    for product in made.select_related("category__parent", "seller", "origin_commune__province"):
        assert product.search_folded == product.search_text()
    assert Order.objects.count() == 60
    lines_total = Sum(F("lines__unit_price") * F("lines__quantity"))
    for seller_order in SellerOrder.objects.annotate(lines_total=lines_total):
        assert seller_order.goods_total == seller_order.lines_total == seller_order.total
        assert seller_order.payment.amount == seller_order.total
        assert seller_order.shipment is not None
        assert seller_order.events.last().to_status == seller_order.status
    paid = Payment.objects.filter(status=PaymentStatus.PAID)
    delivered = SellerOrder.objects.filter(status=OrderStatus.DELIVERED)
    assert paid.count() == delivered.count() > 0
    assert DashboardRollup.objects.exists()


def test_generated_products_are_searched_and_served(demo_places, client):
    _generate()
    expected = Product.objects.filter(slug__startswith="tai3-", name__startswith="Kẹo dừa")
    response = client.get("/san-pham/", {"q": "keo dua"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected.count() > 0
    assert client.get("/san-pham/").status_code == 200
    assert client.get("/san-pham/", {"page": 2}).status_code == 200
    assert client.get(StorefrontPage.objects.live().first().url).status_code == 200
    assert client.get(expected.first().get_absolute_url()).status_code == 200


def test_same_seed_same_data(demo_places):
    with transaction.atomic():
        _generate()
        first = _snapshot()
        transaction.set_rollback(True)
    _generate()
    assert _snapshot() == first
    assert first[0] and first[1]


def test_a_seed_runs_once(demo_places):
    _generate(orders=0)
    with pytest.raises(CommandError, match="--seed"):
        _generate(orders=0)
