"""The seller's reason for a card refund reaches the order's history once Stripe accepts."""

import pytest

from marketplace.orders.models import OrderStatus
from marketplace.payments.models import PaymentStatus
from marketplace.payments.services import payment_refund
from tests.payments.test_stripe import paid_and_confirmed

pytestmark = pytest.mark.django_db


def test_card_refund_keeps_the_sellers_reason(
    client,
    card_order,
    fake_stripe,
    django_capture_on_commit_callbacks,
):
    so, payment = paid_and_confirmed(client, card_order, event_id="e-reason")
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, actor=None, note="Hàng giao bị dập")
    payment.refresh_from_db()
    so.refresh_from_db()
    assert (payment.status, so.status) == (PaymentStatus.REFUNDED, OrderStatus.REFUNDED)
    assert so.events.last().note == "Hàng giao bị dập"
