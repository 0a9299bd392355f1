"""Writes of payments. Paid means the server itself confirmed it: never a browser redirect.

Every state change goes through transitions.payment_transition; what differs by method
lives in methods/. Payments knows nothing of order states: the layer above (orders)
hears of money received or returned through signals.py.
"""

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User

from . import stripe_gateway
from .errors import PaymentError
from .methods import method_get
from .models import Method, Payment, PaymentStatus
from .signals import payment_paid
from .stripe_gateway import CardLine
from .transitions import payment_lock, payment_transition

P = PaymentStatus


def payment_confirm_received(*, payment: Payment, actor: User) -> Payment:
    """The seller records the cash (COD) or the transfer (VietQR) as received.

    Under the lock (seller order, then payment): a payment is still pending only while
    its order is not cancelled, so a concurrent cancellation and confirmation leave
    exactly one winner.
    """
    if not method_get(payment.method).seller_confirms:
        raise PaymentError(_("This payment is confirmed by the card processor, not by hand."))
    with transaction.atomic():
        payment = payment_lock(payment_id=payment.pk)
        if payment.status in (P.VOIDED, P.REFUND_PENDING, P.REFUNDED):
            raise PaymentError(_("This order was cancelled: no payment can be recorded."))
        if payment.status != P.PENDING:
            raise PaymentError(_("This payment was already recorded."))
        payment = payment_transition(payment=payment, to=P.PAID, actor=actor)
        payment_paid.send(sender=Payment, payment=payment, actor=actor)
    return payment


def payment_refund(*, payment: Payment, actor: User | None, note: str = "") -> Payment:
    """Return a paid payment's money; the seller order becomes refunded (by signal).

    Cash and transfers are returned by the seller, who records it here. Card payments
    are refunded through Stripe after commit (idempotency key per payment), and the
    order becomes refunded when Stripe accepts the refund.
    """
    with transaction.atomic():
        payment = payment_lock(payment_id=payment.pk)
        if payment.status != P.PAID:
            raise PaymentError(_("Only money that was paid can be refunded."))
        return method_get(payment.method).refund(payment=payment, actor=actor, note=note)


def payment_let_lapse(*, payment_id: int) -> bool:
    """Make sure nobody can pay this pending payment any more, so that its order may be
    cancelled for want of payment; False when money may still come (its order waits).

    For a card the open Checkout Session is expired at Stripe first; a payment Stripe
    is processing or a session already complete keeps the order. Calls the provider:
    run it outside any transaction, then check `payment_may_lapse` under the lock.
    """
    payment = Payment.objects.get(pk=payment_id)
    return payment.status == P.PENDING and method_get(payment.method).lapse(payment=payment)


def payment_may_lapse(*, payment: Payment) -> bool:
    """Under the payment's lock: still unpaid, and no money on its way at a provider."""
    return payment.status == P.PENDING and not method_get(payment.method).in_flight(payment=payment)


def stripe_checkout_start(
    *, lines: list[CardLine], reference: str, success_url: str, cancel_url: str
) -> str:
    """Create (or get back) one Checkout Session for every open card payment of a checkout.

    The buyer pays once however many sellers the cart had; the webhook splits the money
    back per seller order. The idempotency key names each payment and its attempt, so a
    second click gets the same session, and a new attempt or a cancelled seller order
    gets a new one. The orders and payments exist before the buyer leaves for Stripe.
    A payment is pending only while its order is open (cancelling voids it).
    """
    payable = sorted(
        (
            line
            for line in lines
            if line.payment.method == Method.STRIPE and line.payment.status == P.PENDING
        ),
        key=lambda line: line.payment.pk,
    )
    if not payable:
        raise PaymentError(_("This order cannot be paid by card now."))
    key = "checkout-" + "-".join(f"{x.payment.pk}.{x.payment.stripe_attempt}" for x in payable)
    if len(key) > 200:  # Stripe takes keys up to 255 characters
        key = "checkout-" + hashlib.sha256(key.encode()).hexdigest()
    session = stripe_gateway.checkout_session_create(
        lines=payable,
        reference=reference,
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=key,
    )
    Payment.objects.filter(pk__in=[x.payment.pk for x in payable], status=P.PENDING).update(
        stripe_session_id=session["id"]
    )
    return session["url"]
