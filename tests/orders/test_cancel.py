"""Cancelling and refunding take a confirm step and a reason; the buyer may cancel while pending."""

import pytest
from django.urls import reverse

from catalog.models import Product
from marketplace.orders.errors import TransitionRefused
from marketplace.orders.models import OrderEvent, OrderStatus
from marketplace.orders.states import seller_order_buyer_cancel, seller_order_transition
from marketplace.payments.models import PaymentStatus
from marketplace.payments.services import payment_confirm_received
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.sellers.factories import make_household_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold():
    owner = UserFactory()
    product = make_product(seller=make_household_seller(user=owner), stock=10)
    order = place({product: 3})
    return owner, product, order, order.seller_orders.get()


def test_seller_cancel_without_a_reason_changes_nothing(client, sold):
    owner, product, _order, so = sold
    client.force_login(owner)
    url = reverse("portal:order_detail", args=[so.seller.slug, so.number])
    page = client.post(
        url, {"action": "cancel", "expected_status": "pending", "reason": "  "}, follow=True
    )
    assert "Hãy ghi lý do cho người mua trước" in page.content.decode()
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING
    assert Product.objects.get(pk=product.pk).stock == 7


def test_seller_cancel_page_asks_to_confirm_before_the_real_button(client, sold):
    owner, _product, _order, so = sold
    client.force_login(owner)
    page = client.get(
        reverse("portal:order_detail", args=[so.seller.slug, so.number])
    ).content.decode()
    step = page.split('<details class="confirm-step">')[1].split("</details>")[0]
    assert 'name="reason"' in step and "required" in step
    assert 'value="cancel"' in step


def test_seller_cancels_with_a_reason_the_buyer_reads_it(client, sold):
    owner, product, order, so = sold
    client.force_login(owner)
    client.post(
        reverse("portal:order_detail", args=[so.seller.slug, so.number]),
        {"action": "cancel", "expected_status": "pending", "reason": "Bưởi bị  sâu, hết hàng"},
    )
    so.refresh_from_db()
    event = so.events.last()
    assert so.status == OrderStatus.CANCELLED
    assert (event.note, event.actor, event.by_buyer) == ("Bưởi bị sâu, hết hàng", owner, False)
    assert Product.objects.get(pk=product.pk).stock == 10
    client.logout()
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    assert "Người bán đã hủy đơn này." in page and "Bưởi bị sâu, hết hàng" in page


def test_seller_refund_needs_a_reason_and_keeps_it(client, sold):
    owner, _product, order, so = sold
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=owner)
    payment_confirm_received(payment=so.payment, actor=owner)
    client.force_login(owner)
    url = reverse("portal:order_detail", args=[so.seller.slug, so.number])
    client.post(url, {"action": "refund"})
    so.payment.refresh_from_db()
    assert so.payment.status == PaymentStatus.PAID
    client.post(url, {"action": "refund", "reason": "Khách trả hàng"})
    so.refresh_from_db()
    assert so.status == OrderStatus.REFUNDED
    assert so.events.last().note == "Khách trả hàng"
    page = client.get(reverse("orders:order_detail", args=[order.token])).content.decode()
    assert "Người bán đã hoàn tiền đơn này." in page and "Khách trả hàng" in page


def test_guest_with_the_link_cancels_a_pending_order(client, sold):
    owner, product, order, so = sold
    response = client.post(
        reverse("orders:buyer_cancel", args=[order.token, so.number]), {"reason": "Đặt nhầm"}
    )
    assert response.status_code == 302
    so.refresh_from_db()
    event = so.events.last()
    assert so.status == OrderStatus.CANCELLED
    assert (event.by_buyer, event.actor, event.note) == (True, None, "Đặt nhầm")
    assert event.created_at is not None
    assert Product.objects.get(pk=product.pk).stock == 10
    so.payment.refresh_from_db()
    assert so.payment.status == PaymentStatus.VOIDED
    client.force_login(owner)
    page = client.get(
        reverse("portal:order_detail", args=[so.seller.slug, so.number])
    ).content.decode()
    assert "người mua" in page and "Đặt nhầm" in page


def test_signed_in_buyer_cancel_records_who_without_a_reason(client):
    buyer = UserFactory()
    order = place({make_product(): 1}, buyer=buyer)
    so = order.seller_orders.get()
    client.force_login(buyer)
    client.post(reverse("orders:buyer_cancel", args=[order.token, so.number]), {"reason": ""})
    event = so.events.last()
    assert (event.to_status, event.actor, event.by_buyer, event.note) == (
        OrderStatus.CANCELLED,
        buyer,
        True,
        "",
    )


def test_buyer_cannot_cancel_once_the_seller_confirmed(client, sold):
    owner, _product, order, so = sold
    seller_order_transition(seller_order=so, to_status=OrderStatus.CONFIRMED, actor=owner)
    events = OrderEvent.objects.count()
    page = client.post(
        reverse("orders:buyer_cancel", args=[order.token, so.number]), {"reason": ""}, follow=True
    ).content.decode()
    assert "Người bán đã xử lý đơn này" in page
    so.refresh_from_db()
    assert so.status == OrderStatus.CONFIRMED and OrderEvent.objects.count() == events
    assert "Hủy đơn này…" not in page


def test_buyer_cannot_cancel_a_paid_cash_order(sold):
    owner, _product, _order, so = sold
    payment_confirm_received(payment=so.payment, actor=owner)
    so.refresh_from_db()
    with pytest.raises(TransitionRefused):
        seller_order_buyer_cancel(seller_order=so, actor=None, reason="")
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING


def test_buyer_cancel_of_another_orders_number_is_not_found(client, sold):
    _owner, _product, order, _so = sold
    other = place({make_product(): 1}).seller_orders.get()
    url = reverse("orders:buyer_cancel", args=[order.token, other.number])
    assert client.post(url, {"reason": ""}).status_code == 404
    other.refresh_from_db()
    assert other.status == OrderStatus.PENDING


def test_overlong_reason_changes_nothing(client, sold):
    _owner, _product, order, so = sold
    client.post(
        reverse("orders:buyer_cancel", args=[order.token, so.number]), {"reason": "x" * 300}
    )
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING
