"""What only PostgreSQL's row locks can prove: the expiry timer and a card payment
arriving at the same moment never leave a paid order cancelled."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from marketplace.orders.models import OrderStatus
from marketplace.orders.states import seller_orders_expire
from marketplace.payments.models import PaymentStatus, Refund
from marketplace.payments.transitions import payment_lock, payment_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_payment_committed_while_the_timer_waits_for_the_lock_keeps_the_order(card_order, clock):
    so = card_order.seller_orders.get()
    payment = so.payment
    clock.shift(dt.timedelta(hours=26))
    locked, expire_started = threading.Event(), threading.Event()

    def webhook_paying():
        try:
            with transaction.atomic():
                payment_lock(payment_id=payment.pk)
                locked.set()
                expire_started.wait(timeout=10)
                # Let the timer reach the lock and wait there.
                threading.Event().wait(0.5)
                payment_transition(payment=payment, to=PaymentStatus.PAID)
        finally:
            connection.close()

    thread = threading.Thread(target=webhook_paying)
    thread.start()
    assert locked.wait(timeout=10)
    expire_started.set()
    cancelled = seller_orders_expire()  # its filter still sees the payment pending
    thread.join()

    so.refresh_from_db()
    payment.refresh_from_db()
    assert cancelled == 0
    assert (so.status, payment.status) == (OrderStatus.PENDING, PaymentStatus.PAID)
    assert not Refund.objects.exists()
