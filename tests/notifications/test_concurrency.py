"""What only PostgreSQL can prove: two workers, one message, one SMS."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from marketplace.notifications.models import DeliveryAttempt, Message, Status
from marketplace.notifications.services import message_deliver, send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(functions):
    barrier = threading.Barrier(len(functions))

    def call(fn):
        try:
            barrier.wait(timeout=30)
            return fn()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(functions)) as pool:
        return list(pool.map(call, functions))


def test_concurrent_sends_of_one_event_make_one_message(django_capture_on_commit_callbacks):
    def ask():
        return send(
            event="order_new",
            context={"number": "CS1-1", "total": 1000},
            idempotency_key="so:1:placed",
            phone="0912345678",
        ).pk

    with django_capture_on_commit_callbacks(execute=False):
        ids = _all_at_once([ask] * 8)
    assert len(set(ids)) == 1
    assert Message.objects.count() == 1


def test_concurrent_deliveries_of_one_message_send_it_once(
    esms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = send(
            event="order_new",
            context={"number": "CS1-1", "total": 1000},
            idempotency_key="so:2:placed",
            phone="0912345678",
        )
    _all_at_once([lambda: message_deliver(message_id=message.pk)] * 8)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert DeliveryAttempt.objects.count() == 1
    assert len(esms.requests) == 1
