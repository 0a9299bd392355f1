"""A courier option from checkout to the buyer's door, against the local GHN: the quote
priced at checkout, the booking from the seller's page, the delivered webhook."""

import pytest
from django.urls import reverse

from marketplace.delivery.models import DeliveryOption
from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition
from tests.accounts.factories import UserFactory
from tests.delivery.fake_ghn import CREATE, DETAIL, FEE, ok
from tests.orders.factories import make_product, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def courier(seller):
    return DeliveryOption.objects.create(
        seller=seller, kind="courier", name="Giao Hàng Nhanh", carrier="ghn", fee=50_000
    )


def test_ghn_prices_checkout_the_seller_books_and_the_delivered_report_closes_it(
    client, ghn, seller, buyer_commune, courier
):
    product = make_product(seller=seller, price=150_000)
    so = place({product: 1}, commune=buyer_commune).seller_orders.get()
    # GHN's fee and date, not the seller's own fee: 36.300 ₫, 17 June.
    assert (so.delivery_fee, so.total) == (36_300, 186_300)
    assert so.shipment.carrier == "ghn" and str(so.shipment.expected_date) == "2026-06-17"
    fee_request = next(r for r in ghn.requests if r["path"].endswith(FEE))
    assert fee_request["json"]["to_ward_code"] == "T0002"

    owner = UserFactory(role="household")
    seller.household.user = owner
    seller.household.save()
    client.force_login(owner)
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=owner)
    url = reverse("portal:order_detail", args=[seller.slug, so.number])
    assert "Đặt Giao Hàng Nhanh đến lấy hàng" in client.get(url).content.decode()
    client.post(url, {"action": "book"})
    so.refresh_from_db()
    assert so.status == OrderStatus.SHIPPED and so.shipment.tracking_number == "GHNTEST1"
    booking = next(r for r in ghn.requests if r["path"].endswith(CREATE))["json"]
    assert booking["client_order_code"] == so.number
    assert booking["cod_amount"] == 186_300  # cash on delivery: goods and delivery
    assert booking["items"][0]["name"] == product.name

    ghn.answer(DETAIL, ok({"order_code": "GHNTEST1", "status": "delivered"}))
    client.logout()
    hook = reverse("delivery:ghn_webhook", kwargs={"secret": "hook-secret-1"})
    body = {"OrderCode": "GHNTEST1", "Status": "delivered", "Type": "switch_status"}
    assert client.post(hook, body, content_type="application/json").status_code == 200
    so.refresh_from_db()
    assert so.status == OrderStatus.DELIVERED
    page = client.get(reverse("orders:order_detail", args=[so.order.token])).content.decode()
    assert "GHNTEST1" in page and "donhang.ghn.vn" in page


def test_a_ghn_timeout_at_checkout_charges_the_sellers_own_fee(ghn, seller, buyer_commune, courier):
    ghn.timeout(FEE, seconds=1.0)
    so = place({make_product(seller=seller, price=150_000): 1}, commune=buyer_commune)
    so = so.seller_orders.get()
    assert so.delivery_fee == 50_000  # the seller's fee: the page never waited past 0,3 s
