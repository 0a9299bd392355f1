"""Stripe Checkout through the official client. Used only when STRIPE_SECRET_KEY is set.

VND is a zero-decimal currency: amounts go to Stripe in whole dong, unchanged.
"""

import stripe
from django.conf import settings

from marketplace.core.text import fold


class StripeUnavailable(Exception):
    pass


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def checkout_session_create(
    *, payments: list, success_url: str, cancel_url: str, idempotency_key: str
):
    """One session for the card payments of one checkout: a line per seller order.

    The payment ids travel in the metadata so the webhook can split the money back.
    """
    ids = ",".join(str(p.pk) for p in payments)
    order = payments[0].seller_order.order
    try:
        session = client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "client_reference_id": f"order-{order.pk}",
                "metadata": {
                    "payment_ids": ids,
                    "order_numbers": " ".join(p.seller_order.number for p in payments)[:500],
                },
                "payment_intent_data": {"metadata": {"payment_ids": ids}},
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "vnd",
                            "unit_amount": p.amount,
                            "product_data": {
                                "name": _line_name(p.seller_order),
                            },
                        },
                    }
                    for p in payments
                ],
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return {"id": session.id, "url": session.url}


def _line_name(seller_order) -> str:
    return f"{seller_order.number} {fold(seller_order.seller.name)}"


def refund_create(*, payment_intent: str, amount: int, idempotency_key: str) -> str:
    try:
        refund = client().v1.refunds.create(
            params={"payment_intent": payment_intent, "amount": amount},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise StripeUnavailable(str(error)) from error
    return refund.id
