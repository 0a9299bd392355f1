"""Card payments through Stripe Checkout: Stripe, not the seller, confirms the money.

Paid is recorded by the signed webhook (webhooks.py); a refund is a row (refunds.py)
asked of Stripe after commit, and recorded when Stripe accepts it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.accounts.models import User

from .. import stripe_gateway
from ..models import Method, Payment, PaymentStatus, RefundReason
from ..refunds import card_refund_open
from ..transitions import payment_transition
from .base import PaymentMethod

log = logging.getLogger(__name__)


class StripeCard(PaymentMethod):
    code = Method.STRIPE
    seller_confirms = False

    def is_available(self, *, sellers=()) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def cancel(self, *, payment: Payment, actor: User | None) -> None:
        """A card payment already made goes back to the card when the order is cancelled;
        a Checkout Session still open is closed at Stripe, so that nobody pays it now."""
        if payment.status == PaymentStatus.PAID:
            self.refund(payment=payment, actor=actor)
            return
        session_id = payment.stripe_session_id
        super().cancel(payment=payment, actor=actor)
        if session_id:
            transaction.on_commit(lambda: _session_close_quietly(session_id))

    def refund(self, *, payment: Payment, actor: User | None, note: str = "") -> Payment:
        """Mark the paid payment for refund; a refund row asks Stripe after commit.

        `note` (the seller's reason) goes to the order's history once Stripe accepts.
        """
        payment = payment_transition(payment=payment, to=PaymentStatus.REFUND_PENDING)
        card_refund_open(
            reason=RefundReason.ORDER,
            payment=payment,
            amount=payment.amount,
            payment_intent=payment.stripe_payment_intent,
            idempotency_key=f"refund-payment-{payment.pk}",
            requested_by=actor,
            note=note,
        )
        return payment

    def in_flight(self, *, payment: Payment) -> bool:
        """A session the buyer may be paying, or a payment Stripe is still processing."""
        return bool(payment.stripe_session_id or payment.stripe_payment_intent)

    def lapse(self, *, payment: Payment) -> bool:
        """Close the payment's open session at Stripe, so that its order may lapse.

        A payment Stripe is processing, a session already complete (paid: the webhook is
        on its way) or Stripe not answering keep the order; the next run asks again.
        """
        if payment.stripe_payment_intent:
            return False
        session_id = payment.stripe_session_id
        if not session_id:
            return True
        try:
            status = stripe_gateway.checkout_session_close(session_id=session_id)
        except stripe_gateway.StripeUnavailable as error:
            log.warning("Stripe session %s not closed (%s): its order waits", session_id, error)
            return False
        if status != "expired":
            return False
        Payment.objects.filter(
            pk=payment.pk, status=PaymentStatus.PENDING, stripe_session_id=session_id
        ).update(stripe_session_id="", stripe_attempt=F("stripe_attempt") + 1)
        return True

    def page_context(self, *, payment: Payment, seller, reference: str) -> dict:
        due = payment.status == PaymentStatus.PENDING and self.is_available()
        return {
            **super().page_context(payment=payment, seller=seller, reference=reference),
            "instructions": _("Pay by card on your order page (link below)."),
            "card_due": payment.amount if due else 0,
            "refund_label": _("Refund to the card"),
            # Every charge going back to the card, its state shown to buyer and seller.
            "card_refunds": list(payment.card_refunds.all()) if payment.pk else [],
        }


def _session_close_quietly(session_id: str) -> None:
    """Best effort: if Stripe does not answer, money paid on the session meanwhile
    reaches a voided payment and is refunded (webhooks._paid_one)."""
    try:
        stripe_gateway.checkout_session_close(session_id=session_id)
    except stripe_gateway.StripeUnavailable as error:
        log.warning("Stripe session %s of a cancelled order not closed: %s", session_id, error)
