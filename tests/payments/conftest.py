import json
import time

import pytest
import stripe

from tests.payments.fake_stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    with FakeStripe() as fake:
        settings.STRIPE_SECRET_KEY = "sk_test_fake"
        settings.STRIPE_API_BASE = fake.url
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        yield fake


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
    return {
        "id": session_id or payment.stripe_session_id or "cs_test_x",
        "object": "checkout.session",
        "payment_status": status,
        "amount_total": payment.amount if amount is None else amount,
        "currency": currency,
        "payment_intent": intent,
        "client_reference_id": str(payment.pk),
        "metadata": {"payment_id": str(payment.pk)},
    }
