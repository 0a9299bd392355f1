"""A guest pays two shops by card: one Stripe Checkout (the fake one), one webhook."""

import pytest

from marketplace.core.text import fold
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentStatus
from tests.e2e.conftest import screenshot
from tests.e2e.test_orders import add_to_cart
from tests.e2e.test_orders_vietqr import checkout
from tests.orders.factories import make_product
from tests.payments.conftest import session_for, signed_event
from tests.regions.factories import CommuneFactory
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_shops_are_paid_in_one_card_checkout(phone_page, fake_stripe):
    candy = make_product(seller=make_household_seller(), name="Kẹo dừa Mỏ Cày", price=45_000)
    pomelo = make_product(seller=make_household_seller(), name="Bưởi da xanh", price=60_000)
    commune = CommuneFactory(name="Xã Mỏ Cày")
    page = phone_page
    page.goto("/dang-nhap/")
    add_to_cart(page, candy)
    add_to_cart(page, pomelo)
    checkout(page, commune, "Thẻ (Stripe)")
    order_url = page.url
    # One button for both shops, none per shop any more.
    assert page.locator(".order-card").get_by_role("button", name="bằng thẻ").count() == 0
    page.get_by_role("button", name="Thanh toán 105.000 ₫ bằng thẻ").click()

    # On the (fake) Stripe page: one session, a line per shop, the whole amount.
    page.wait_for_url(f"{fake_stripe.url}/pay/*")
    assert len(fake_stripe.calls("/v1/checkout/sessions")) == 1
    first, second = Order.objects.get().seller_orders.order_by("pk")
    assert page.locator("li").all_inner_texts() == [
        f"{first.number} {fold(first.seller.name)}: 45000",
        f"{second.number} {fold(second.seller.name)}: 60000",
    ]
    assert page.locator("#total").inner_text() == "105000 vnd"
    page.get_by_role("link", name="Pay").click()
    page.wait_for_url("**/don-hang/*/?paid=1")
    assert page.get_by_text("Đang chờ cổng thanh toán thẻ xác nhận").is_visible()

    # Stripe's signed webhook arrives: each shop's order is paid.
    payments = [first.payment, second.payment]
    for payment in payments:
        payment.refresh_from_db()
    payload, header = signed_event(
        event_id="evt_e2e", type="checkout.session.completed", session=session_for(payments)
    )
    response = page.request.post(
        "/stripe/webhook/",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert response.text() == "paid"
    page.goto(order_url)
    assert page.locator(f".pay-{PaymentStatus.PAID}").count() == 2
    assert page.get_by_role("button", name="Thanh toán").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "orders-card-paid-360")
