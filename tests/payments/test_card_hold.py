"""The expiry timer never cancels an order whose card payment succeeded or may still
succeed: an open Checkout Session is closed at Stripe first, a payment Stripe is
processing waits, and Stripe not answering keeps the order until the next run."""

import datetime as dt

import pytest

from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_order_transition, seller_orders_expire
from marketplace.payments.models import PaymentStatus, Refund
from tests.payments.conftest import session_for, signed_event
from tests.payments.test_stripe import post, start

pytestmark = pytest.mark.django_db
PAST_HOLD = dt.timedelta(hours=26)
COMPLETED = "checkout.session.completed"


def paying(client, order):
    """The buyer went to Stripe's page: a session is open for the payment."""
    start(client, order)
    payment = order.seller_orders.get().payment
    payment.refresh_from_db()
    return order.seller_orders.get(), payment


def test_an_open_session_is_closed_at_stripe_then_the_order_lapses(
    client, card_order, fake_stripe, clock
):
    so, payment = paying(client, card_order)
    clock.shift(PAST_HOLD)
    assert seller_orders_expire() == 1
    so.refresh_from_db()
    payment.refresh_from_db()
    assert so.status == OrderStatus.CANCELLED
    assert payment.status == PaymentStatus.VOIDED
    assert fake_stripe.sessions["cs_test_1"]["status"] == "expired"
    assert (payment.stripe_session_id, payment.stripe_attempt) == ("", 2)
    assert [c["path"] for c in fake_stripe.requests][-2:] == [
        "/v1/checkout/sessions/cs_test_1",
        "/v1/checkout/sessions/cs_test_1/expire",
    ]


def test_a_session_paid_at_stripe_whose_webhook_is_late_keeps_the_order(
    client, card_order, fake_stripe, clock
):
    so, payment = paying(client, card_order)
    fake_stripe.sessions[payment.stripe_session_id]["status"] = "complete"
    clock.shift(PAST_HOLD)
    assert seller_orders_expire() == 0
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING
    # The webhook arrives: the order is paid, not a cancelled order with money to return.
    event = signed_event(event_id="e-late", type=COMPLETED, session=session_for(payment))
    assert post(client, *event).content == b"paid"
    assert seller_orders_expire() == 0
    assert not Refund.objects.exists()


def test_a_payment_stripe_is_still_processing_is_not_given_up(
    client, card_order, fake_stripe, clock
):
    so, payment = paying(client, card_order)
    unpaid = session_for(payment, status="unpaid", intent="pi_slow")
    assert post(client, *signed_event(event_id="e1", type=COMPLETED, session=unpaid)).content == (
        b"waiting"
    )
    clock.shift(PAST_HOLD)
    asked = len(fake_stripe.requests)
    assert seller_orders_expire() == 0
    assert len(fake_stripe.requests) == asked  # not even asked: the intent says it all
    failed = signed_event(
        event_id="e2", type="checkout.session.async_payment_failed", session=unpaid
    )
    assert post(client, *failed).content == b"attempt over"
    assert seller_orders_expire() == 1  # the money will not come: the stock goes back


def test_stripe_not_answering_keeps_the_order_until_it_does(
    client, card_order, fake_stripe, clock, settings
):
    so, payment = paying(client, card_order)
    settings.STRIPE_TIMEOUT = 0.2
    fake_stripe.slow.set()
    clock.shift(PAST_HOLD)
    assert seller_orders_expire() == 0
    fake_stripe.slow.clear()
    assert seller_orders_expire() == 1


def test_a_payment_arriving_between_the_close_and_the_lock_keeps_the_order(
    client, card_order, fake_stripe, clock, monkeypatch
):
    """The check under the lock: the filter's answer may be stale by then."""
    so, payment = paying(client, card_order)
    clock.shift(PAST_HOLD)
    import marketplace.orders.states as order_states

    def paid_meanwhile(*, payment_id):
        event = signed_event(event_id="e-race", type=COMPLETED, session=session_for(payment))
        assert post(client, *event).content == b"paid"
        return True

    monkeypatch.setattr(order_states, "payment_let_lapse", paid_meanwhile)
    assert seller_orders_expire() == 0
    so.refresh_from_db()
    assert so.status == OrderStatus.PENDING


def test_cancelling_an_order_closes_its_open_session(
    client, card_order, fake_stripe, django_capture_on_commit_callbacks
):
    so, payment = paying(client, card_order)
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_transition(seller_order=so, to_status=OrderStatus.CANCELLED, actor=None)
    assert fake_stripe.sessions[payment.stripe_session_id]["status"] == "expired"
