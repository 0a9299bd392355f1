"""A seller cancels an order paid by card while Stripe refuses refunds: both the seller
and the buyer see that the money is on its way back and when it is asked for again."""

import pytest

from marketplace.orders.models import Order
from marketplace.payments.models import Refund, RefundStatus
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import login, screenshot
from tests.orders.factories import make_product, place
from tests.payments.conftest import session_for, signed_event
from tests.sellers.factories import make_household_seller

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_card_refund_stripe_refuses_is_shown_waiting_to_seller_and_buyer(phone_page, fake_stripe):
    owner = UserFactory(phone="+84912000111")
    seller = make_household_seller(user=owner)
    order = place({make_product(seller=seller, price=125_000, stock=5): 2}, method="stripe")
    page = phone_page
    payment = order.seller_orders.get().payment
    payload, header = signed_event(
        event_id="evt_paid", type="checkout.session.completed", session=session_for(payment)
    )
    paid = page.request.post(
        "/stripe/webhook/",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )
    assert paid.text() == "paid"

    fake_stripe.refunds_fail = "busy"
    login(page, "0912 000 111")
    so = Order.objects.get().seller_orders.get()
    page.goto(f"/cua-hang-cua-toi/{seller.slug}/don-hang/{so.number}/")
    page.get_by_text("Hủy đơn…").click()
    page.get_by_label("Lý do").fill("Hết hàng, xin lỗi chị")
    page.get_by_role("button", name="Đúng, hủy đơn này").click()
    page.wait_for_load_state()
    waiting = page.locator(".card-refund")
    assert "Hoàn 250.000 ₫ vào thẻ: Stripe chưa nhận lệnh hoàn" in waiting.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "card-refund-waiting-seller-360")

    page.context.clear_cookies()
    page.goto(f"/don-hang/{order.token}/")
    assert "hệ thống sẽ gửi lại lúc" in page.locator(".card-refund").inner_text()
    screenshot(page, "card-refund-waiting-buyer-360")

    Refund.objects.update(status=RefundStatus.NEEDS_PERSON)
    page.reload()
    assert "đội ngũ Chợ Số đang xử lý" in page.locator(".card-refund").inner_text()
    screenshot(page, "card-refund-needs-person-buyer-360")
