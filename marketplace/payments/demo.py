"""What the demo's orders need of payments: card payments without Stripe, and the
moments of the payments of orders placed in the past."""

import hashlib
import hmac
import json
import time
from contextlib import contextmanager

from django.test import override_settings

from .models import Payment
from .webhooks import stripe_event_handle

# Keys no Stripe account has: card checkout is offered and a webhook verified while the
# demo places its orders, and nothing is ever sent to Stripe.
DEMO_STRIPE = {"STRIPE_SECRET_KEY": "sk_test_demo_offline", "STRIPE_WEBHOOK_SECRET": "whsec_demo"}


@contextmanager
def demo_card_payments():
    """Card payments may be opened (and paid, by `card_paid`) inside this block."""
    with override_settings(**DEMO_STRIPE):
        yield


def card_paid(*, payment: Payment) -> str:
    """The card payment paid, as Stripe's signed `checkout.session.completed` would tell
    it: through the webhook's own checks (signature, amount, idempotent event id)."""
    payload = json.dumps(
        {
            "id": f"evt_demo_{payment.pk}",
            "type": "checkout.session.completed",
            "data": {
                "object": {
                    "id": f"cs_demo_{payment.pk}",
                    "payment_intent": f"pi_demo_{payment.pk}",
                    "payment_status": "paid",
                    "amount_total": payment.amount,
                    "currency": payment.currency,
                    "metadata": {"payment_ids": str(payment.pk)},
                }
            },
        }
    ).encode()
    stamp = int(time.time())
    secret = DEMO_STRIPE["STRIPE_WEBHOOK_SECRET"].encode()
    digest = hmac.new(secret, f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return stripe_event_handle(payload=payload, signature=f"t={stamp},v1={digest}")


def payment_moments_set(*, payment_id: int, created_at, paid_at=None, refunded_at=None) -> None:
    """Date a demo payment as if its order was placed and settled in the past."""
    moments = {"created_at": created_at}
    if paid_at is not None:
        moments["paid_at"] = paid_at
    if refunded_at is not None:
        moments["refunded_at"] = refunded_at
    Payment.objects.filter(pk=payment_id).update(**moments)
