"""`seed_demo`: a believable province, loaded once for the module (twice, to prove it
idempotent), inside a transaction rolled back at the end."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from catalog.facets import facet_counts_rebuild
from catalog.models import CertificateStatus, FacetCount, OcopCertificate, Product, ProductStatus
from cms.models import StorefrontPage
from marketplace.accounts.models import User
from marketplace.dashboard.funnel import households_with_funnel
from marketplace.dashboard.selectors import dashboard_figures
from marketplace.delivery.models import DeliveryOption
from marketplace.orders.models import Order, OrderEvent, OrderStatus, SellerOrder
from marketplace.payments.models import Method, Payment, PaymentStatus
from marketplace.sellers.models import Household, Seller
from marketplace.training.models import Attendance
from tests.conftest import FIXED_NOW
from traceability.models import Lot, TraceEvent

pytestmark = pytest.mark.django_db
TABLES = (User, Household, Seller, Product, OcopCertificate, Lot, TraceEvent, Order)
TABLES += (SellerOrder, OrderEvent, Payment, DeliveryOption, Attendance, StorefrontPage)


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded an hour before the suite's clock, twice; what each run printed and
    the rows counted after each."""
    with django_db_blocker.unblock(), time_machine.travel(FIXED_NOW - dt.timedelta(hours=1)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first, second = StringIO(), StringIO()
            call_command("seed_demo", stdout=first)
            after_first = _counts()
            call_command("seed_demo", stdout=second)
            yield {"output": second.getvalue(), "first": after_first, "second": _counts()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_a_second_seed_changes_nothing_and_prints_a_login_per_role(demo):
    assert demo["second"] == demo["first"]
    for role in ("admin", "officer", "household", "coop_manager", "buyer"):
        assert role in demo["output"]
    assert "0900 000 004" in demo["output"] and "demo12345" in demo["output"]


def test_one_province_six_communes_twenty_shops(demo):
    sellers = list(Seller.objects.all())
    assert len(sellers) == 20
    assert sum(s.kind == Seller.Kind.COOPERATIVE for s in sellers) == 3
    assert len({s.commune.pk for s in sellers}) == 6
    assert {s.commune.province.name for s in sellers} == {"Tỉnh Vĩnh Long"}
    for seller in sellers:
        if seller.cooperative_id:
            assert seller.cooperative.cooperativemembership_set.count() >= 3


def test_products_have_photos_stock_and_ocop_in_every_state(demo):
    live = Product.objects.filter(status=ProductStatus.LIVE)
    assert live.count() >= 60
    assert not live.filter(images=None).exists()
    assert live.filter(stock=0).count() >= 3 and live.filter(stock__range=(1, 5)).count() >= 3
    assert all(p.price % 1000 == 0 and p.weight_grams > 0 for p in live)
    assert {p.ocop_best_stars for p in live} >= {0, 3, 4, 5}
    certificates = OcopCertificate.objects.all()
    assert certificates.filter(status=CertificateStatus.PENDING).count() >= 3
    assert certificates.filter(expires_on__lt=timezone.localdate()).count() == 1


def test_facet_counts_kept_by_the_seed_are_what_a_rebuild_counts(demo):
    def rows():
        return sorted(FacetCount.objects.values_list("category", "commune", "stars", "products"))

    kept = rows()
    facet_counts_rebuild()
    assert rows() == kept


def test_most_products_have_a_lot_with_its_farm_diary(demo):
    lots = Lot.objects.filter(parent=None)
    assert lots.values("product").distinct().count() >= 40
    kinds = set(TraceEvent.objects.values_list("kind", flat=True))
    assert {"planting", "input", "harvest", "processing", "inspection", "packing"} <= kinds
    assert Lot.objects.exclude(parent=None).count() == 2
    assert Lot.objects.filter(recalled_at__isnull=False).count() == 1
    assert not TraceEvent.objects.filter(occurred_at__gt=timezone.now()).exists()


def test_orders_in_every_state_by_several_buyers_paid_every_way(demo):
    seller_orders = SellerOrder.objects.all()
    states = {state: seller_orders.filter(status=state).count() for state in OrderStatus.values}
    assert all(states.values()), states
    assert Order.objects.values("buyer").distinct().count() >= 5
    assert Order.objects.filter(buyer=None).exists()
    paid = Payment.objects.filter(status=PaymentStatus.PAID)
    assert set(paid.values_list("method", flat=True)) == set(Method.values)
    assert Payment.objects.filter(status=PaymentStatus.REFUNDED).exists()


def test_orders_look_recent_and_no_moment_is_ahead_of_now(demo):
    now = timezone.now()
    placed = Order.objects.values_list("created_at", flat=True)
    assert min(placed) > now - dt.timedelta(days=80)
    assert len({moment.date() for moment in placed}) > 20  # spread over the weeks
    assert not OrderEvent.objects.filter(created_at__gt=now).exists()
    assert not Payment.objects.filter(paid_at__gt=now).exists()
    pending = SellerOrder.objects.filter(status=OrderStatus.PENDING)
    assert not pending.filter(hold_until__lt=now).exists()  # nothing to expire yet
    for seller_order in SellerOrder.objects.exclude(status=OrderStatus.PENDING):
        events = list(seller_order.events.order_by("pk").values_list("created_at", flat=True))
        assert events == sorted(events) and events[0] == seller_order.created_at


def test_delivery_options_of_every_kind_and_shops_without(demo):
    options = DeliveryOption.objects.all()
    assert set(options.values_list("kind", flat=True)) == {"pickup", "own", "courier"}
    assert options.filter(kind="courier", is_active=False).exists()
    assert Seller.objects.filter(delivery_options=None).count() >= 1


def test_dashboard_figures_agree_with_the_live_funnel(demo):
    officer = User.objects.get(phone="+84900000002")
    total = dashboard_figures(user=officer).total
    households = households_with_funnel(Household.objects.all())
    assert total.roster == households.count() > 600
    assert total.counts["registered"] == households.filter(user__isnull=False).count()
    assert total.counts["trained"] == households.filter(trained_on__isnull=False).count()
    assert total.counts["onboarded"] == households.filter(onboarded_at__isnull=False).count()
    assert total.counts["selling"] == households.filter(selling_since__isnull=False).count() > 5


def test_the_catalog_has_pages_and_a_storefront_its_products(demo, client):
    response = client.get("/san-pham/", {"page": 2})
    page = response.context["page"]
    assert response.status_code == 200 and page.paginator.num_pages == 3
    assert len(page.object_list) == 24
    assert page.object_list[0].name in response.content.decode()
    storefronts = StorefrontPage.objects.live()
    assert storefronts.count() == 20
    coop = storefronts.get(title="HTX Dừa Chợ Lách")
    html = client.get(coop.url).content.decode()
    assert "Sầu riêng Ri6 Chợ Lách" in html and "Bưởi da xanh hữu cơ" in html
