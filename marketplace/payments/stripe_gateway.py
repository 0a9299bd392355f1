"""Stripe Checkout through the official client. Used only when STRIPE_SECRET_KEY is set.

VND is a zero-decimal currency: amounts go to Stripe in whole dong, unchanged.
"""

from typing import NamedTuple

import stripe
from django.conf import settings

from marketplace.core.text import fold

from .models import Payment


class StripeUnavailable(Exception):
    pass


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


class CardLine(NamedTuple):
    """One seller order's share of a card checkout, as the buyer's statement shows it."""

    payment: Payment
    number: str  # the seller order's number
    seller: str  # the seller's name


def checkout_session_create(
    *,
    lines: list[CardLine],
    reference: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
):
    """One session for the card payments of one checkout: a line per seller order.

    The payment ids travel in the metadata so the webhook can split the money back.
    """
    ids = ",".join(str(line.payment.pk) for line in lines)
    try:
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": reference,
                "metadata": {
                    "payment_ids": ids,
                    "order_numbers": " ".join(line.number for line in lines)[:500],
                },
                "payment_intent_data": {"metadata": {"payment_ids": ids}},
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "vnd",
                            "unit_amount": line.payment.amount,
                            "product_data": {"name": f"{line.number} {fold(line.seller)}"},
                        },
                    }
                    for line in lines
                ],
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return {"id": session.id, "url": session.url}


def refund_create(*, payment_intent: str, amount: int, idempotency_key: str) -> str:
    try:
        refund = client().v1.refunds.create(
            params={"payment_intent": payment_intent, "amount": amount},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return refund.id
