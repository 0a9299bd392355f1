"""Card payments through Stripe Checkout: Stripe, not the seller, confirms the money.

Paid is recorded by the signed webhook (webhooks.py); a refund is asked of Stripe after
commit, and recorded when Stripe accepts it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User

from .. import stripe_gateway
from ..models import Method, Payment, PaymentStatus
from ..signals import payment_refunded
from ..transitions import payment_lock, payment_transition
from .base import PaymentMethod

log = logging.getLogger(__name__)


class StripeCard(PaymentMethod):
    code = Method.STRIPE
    seller_confirms = False

    def is_available(self, *, sellers=()) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def cancel(self, *, payment: Payment, actor: User | None) -> None:
        """A card payment already made goes back to the card when the order is cancelled."""
        if payment.status == PaymentStatus.PAID:
            self.refund(payment=payment, actor=actor)
            return
        super().cancel(payment=payment, actor=actor)

    def refund(self, *, payment: Payment, actor: User | None, note: str = "") -> Payment:
        """Mark the paid payment for refund; Stripe is called after commit.

        `note` (the seller's reason) goes to the order's history once Stripe accepts.
        """
        payment = payment_transition(payment=payment, to=PaymentStatus.REFUND_PENDING)
        transaction.on_commit(
            lambda: stripe_refund_run(payment_id=payment.pk, actor=actor, note=note)
        )
        return payment

    def page_context(self, *, payment: Payment, seller, reference: str) -> dict:
        due = payment.status == PaymentStatus.PENDING and self.is_available()
        return {
            **super().page_context(payment=payment, seller=seller, reference=reference),
            "instructions": _("Pay by card on your order page (link below)."),
            "card_due": payment.amount if due else 0,
            "refund_label": _("Refund to the card"),
        }


def stripe_refund_run(*, payment_id: int, actor: User | None = None, note: str = "") -> None:
    """Ask Stripe for the refund; on success record it. Safe to run again: same key."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.REFUND_PENDING:
        return
    try:
        refund_id = stripe_gateway.refund_create(
            payment_intent=payment.stripe_payment_intent,
            amount=payment.amount,
            idempotency_key=f"refund-payment-{payment.pk}",
        )
    except stripe_gateway.StripeUnavailable:
        log.exception("Stripe refund for payment %s failed; it stays refund_pending", payment_id)
        return
    with transaction.atomic():
        payment = payment_lock(payment_id=payment_id)
        if payment.status != PaymentStatus.REFUND_PENDING:
            return
        payment = payment_transition(
            payment=payment, to=PaymentStatus.REFUNDED, stripe_refund_id=refund_id
        )
        payment_refunded.send(sender=Payment, payment=payment, actor=actor, note=note)
