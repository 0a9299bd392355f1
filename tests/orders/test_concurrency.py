"""What only PostgreSQL's row locks can prove: no overselling and one winner per race."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from catalog.models import Product
from marketplace.core.errors import DomainError
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.states import seller_order_transition
from marketplace.payments.models import PaymentStatus, StripeEvent
from marketplace.payments.services import payment_confirm_received
from marketplace.payments.webhooks import stripe_event_handle
from tests.accounts.factories import UserFactory
from tests.orders.factories import make_product, place
from tests.regions.factories import CommuneFactory

# serialized_rollback: the flush after each test would also remove what migrations
# made (Wagtail's root page and locale), which seller storefronts need.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_concurrently(functions, workers=40):
    """Start all at once (barrier); each call on its own connection, closed afterwards."""
    barrier = threading.Barrier(min(workers, len(functions)))

    def call(fn):
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            return fn()
        except DomainError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, functions))


def test_200_concurrent_checkouts_for_the_last_10_units():
    product = make_product(stock=10)
    commune = CommuneFactory()
    results = run_concurrently([lambda: place({product: 1}, commune=commune)] * 200)
    product.refresh_from_db()
    assert product.stock == 0
    assert Order.objects.count() == 10
    assert sum(isinstance(r, Order) for r in results) == 10
    assert all(isinstance(r, (Order, OrderError)) for r in results)


def test_concurrent_paid_and_cancel_leave_exactly_one_winner():
    actor = UserFactory()
    for _ in range(10):
        so = place({make_product(stock=3): 1}).seller_orders.get()
        results = run_concurrently(
            [
                lambda so=so: payment_confirm_received(payment=so.payment, actor=actor),
                lambda so=so: seller_order_transition(
                    seller_order=so, to_status=OrderStatus.CANCELLED, actor=actor
                ),
            ],
            workers=2,
        )
        winners = [r for r in results if not isinstance(r, DomainError)]
        assert len(winners) == 1
        so.refresh_from_db()
        so.payment.refresh_from_db()
        paid = so.payment.status == PaymentStatus.PAID
        cancelled = so.status == OrderStatus.CANCELLED
        assert paid != cancelled
        stock = Product.objects.get(pk=so.lines.get().product_id).stock
        assert stock == (3 if cancelled else 2)


def test_same_stripe_event_five_times_concurrently(settings):
    from tests.payments.conftest import WEBHOOK_SECRET, session_for, signed_event

    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    payment = place({make_product(): 1}, method="stripe").seller_orders.get().payment
    payload, header = signed_event(
        event_id="evt_same", type="checkout.session.completed", session=session_for(payment)
    )
    outcomes = run_concurrently(
        [lambda: stripe_event_handle(payload=payload.encode(), signature=header)] * 5, workers=5
    )
    assert sorted(outcomes) == ["duplicate"] * 4 + ["paid"]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert StripeEvent.objects.count() == 1
