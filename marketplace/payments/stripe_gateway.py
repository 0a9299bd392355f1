"""Stripe Checkout through the official client. Used only when STRIPE_SECRET_KEY is set.

VND is a zero-decimal currency: amounts go to Stripe in whole dong, unchanged.
"""

from typing import NamedTuple

import stripe
from django.conf import settings

from marketplace.core.text import fold

from .models import Payment


class StripeUnavailable(Exception):
    """Stripe did not do what was asked: down, too slow, or it refused (`code` says why)."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    # The client's own default waits 80 s per try: a refund asked from a webhook or the
    # expiry timer must give up sooner and be tried again later.
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        max_network_retries=2,
        http_client=stripe.new_default_http_client(timeout=settings.STRIPE_TIMEOUT),
    )


def _unavailable(error: stripe.StripeError) -> StripeUnavailable:
    return StripeUnavailable(str(error) or type(error).__name__, code=error.code or "")


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
        raise _unavailable(error) from error
    return {"id": session.id, "url": session.url}


def checkout_session_close(*, session_id: str) -> str:
    """Make sure nobody can pay the session any more; its status once that is so.

    "expired": closed now or before, nothing was paid. "complete": paid or being paid
    (the webhook says which). An open session is expired at Stripe first.
    """
    try:
        sessions = client().v1.checkout.sessions
        status = sessions.retrieve(session_id).status
        if status == "open":
            status = sessions.expire(session_id).status
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return status or ""


class RefundAccepted(NamedTuple):
    id: str
    status: str  # Stripe's: "succeeded" or "pending" for a card; "failed" later, by event


def refund_create(
    *, payment_intent: str, amount: int | None, idempotency_key: str
) -> RefundAccepted:
    """Ask for `amount` of the charge back (None: all that is left of it)."""
    params = {"payment_intent": payment_intent}
    if amount is not None:
        params["amount"] = amount
    try:
        refund = client().v1.refunds.create(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return RefundAccepted(id=refund.id, status=refund.status or "")
