import json
import time

import pytest
import stripe

from tests.orders.factories import make_product, place
from tests.payments.fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    with FakeStripe() as fake:
        settings.STRIPE_SECRET_KEY = "sk_test_fake"
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        yield fake


@pytest.fixture
def card_order(fake_stripe):
    product = make_product(price=125_000, stock=5)
    return place({product: 2}, method="stripe")


@pytest.fixture
def two_seller_card_order(fake_stripe):
    candy = make_product(price=45_000, stock=5, name="Kẹo dừa")
    pomelo = make_product(price=60_000, stock=5, name="Bưởi da xanh")
    return place({candy: 2, pomelo: 1}, method="stripe")


def signed_event(
    *, event_id, type, session, secret=WEBHOOK_SECRET, timestamp=None
) -> tuple[str, str]:
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": type,
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "data": {"object": session},
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
    return payload, header


def session_for(
    payment, *, session_id=None, amount=None, currency="vnd", status="paid", intent="pi_test_1"
):
    """The Checkout Session object of a webhook event paying `payment` (or a list of them,
    one session for a whole checkout), as Stripe sends it."""
    payments = payment if isinstance(payment, list) else [payment]
    return {
        "id": session_id or payments[0].stripe_session_id or "cs_test_x",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "payment_status": status,
        "amount_total": sum(p.amount for p in payments) if amount is None else amount,
        "currency": currency,
        "payment_intent": intent,
        "client_reference_id": f"order-{payments[0].seller_order.order_id}",
        "metadata": {"payment_ids": ",".join(str(p.pk) for p in payments)},
    }
