"""Writes of payments. Paid means the server itself confirmed it: never a browser redirect."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.orders import services as order_services
from marketplace.orders.errors import OrderError
from marketplace.orders.models import OrderStatus, SellerOrder

from . import stripe_gateway
from .methods import method_get
from .models import Method, Payment, PaymentStatus

log = logging.getLogger(__name__)

# A seller order in one of these states takes no more money.
CLOSED = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


class PaymentError(OrderError):
    pass


def payment_open(*, seller_order: SellerOrder, method: str) -> Payment:
    return Payment.objects.create(
        seller_order=seller_order, method=method, amount=seller_order.total
    )


def payment_void(*, payment: Payment) -> None:
    """The order was cancelled before any money came: nothing is owed any more."""
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        status=PaymentStatus.VOIDED
    )


def _locked(payment_id: int) -> tuple[Payment, SellerOrder]:
    """Lock the seller order first, then its payment: the same order as every transition."""
    seller_order_id = Payment.objects.filter(pk=payment_id).values_list("seller_order_id")[0][0]
    seller_order = SellerOrder.objects.select_for_update().get(pk=seller_order_id)
    return Payment.objects.select_for_update().get(pk=payment_id), seller_order


def payment_confirm_received(*, payment: Payment, actor: User) -> Payment:
    """The seller records the cash (COD) or the transfer (VietQR) as received.

    Compare-and-set against the payment still pending and the order not cancelled:
    a concurrent cancellation and confirmation leave exactly one winner.
    """
    if not method_get(payment.method).seller_confirms:
        raise PaymentError(_("This payment is confirmed by the card processor, not by hand."))
    with transaction.atomic():
        payment, seller_order = _locked(payment.pk)
        if seller_order.status in CLOSED:
            raise PaymentError(_("This order was cancelled: no payment can be recorded."))
        if payment.status != PaymentStatus.PENDING:
            raise PaymentError(_("This payment was already recorded."))
        payment.status = PaymentStatus.PAID
        payment.paid_at = timezone.now()
        payment.confirmed_by = actor
        payment.save(update_fields=["status", "paid_at", "confirmed_by"])
    return payment


def payment_refund(*, payment: Payment, actor: User | None, note: str = "") -> Payment:
    """Return a paid payment's money and mark the seller order refunded.

    Cash and transfers are returned by the seller, who records it here. Card payments
    are refunded through Stripe after commit (idempotency key per payment), and the
    order becomes refunded when Stripe accepts the refund.
    """
    with transaction.atomic():
        payment, seller_order = _locked(payment.pk)
        if payment.status != PaymentStatus.PAID:
            raise PaymentError(_("Only money that was paid can be refunded."))
        if payment.method == Method.STRIPE:
            stripe_refund_begin(payment=payment, actor=actor, note=note)
            return payment
        payment.status = PaymentStatus.REFUNDED
        payment.refunded_at = timezone.now()
        payment.save(update_fields=["status", "refunded_at"])
        order_services.seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.REFUNDED, actor=actor, note=note
        )
    return payment


def stripe_refund_begin(*, payment: Payment, actor: User | None, note: str = "") -> None:
    """Mark a locked, paid card payment for refund; Stripe is called after commit.

    `note` (the seller's reason) goes to the order's history once Stripe accepts.
    """
    payment.status = PaymentStatus.REFUND_PENDING
    payment.save(update_fields=["status"])
    transaction.on_commit(lambda: stripe_refund_run(payment_id=payment.pk, actor=actor, note=note))


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
        payment, seller_order = _locked(payment_id)
        if payment.status != PaymentStatus.REFUND_PENDING:
            return
        payment.status = PaymentStatus.REFUNDED
        payment.stripe_refund_id = refund_id
        payment.refunded_at = timezone.now()
        payment.save(update_fields=["status", "stripe_refund_id", "refunded_at"])
        if seller_order.status != OrderStatus.REFUNDED:
            order_services.seller_order_transition(
                seller_order=seller_order, to_status=OrderStatus.REFUNDED, actor=actor, note=note
            )


def stripe_checkout_start(*, payment: Payment, success_url: str, cancel_url: str) -> str:
    """Create (or get back, same idempotency key) the Checkout Session of this attempt.

    The order and its payment exist before the buyer leaves for Stripe.
    """
    if payment.method != Method.STRIPE or payment.status != PaymentStatus.PENDING:
        raise PaymentError(_("This order cannot be paid by card now."))
    if payment.seller_order.status in CLOSED:
        raise PaymentError(_("This order was cancelled: no payment can be recorded."))
    session = stripe_gateway.checkout_session_create(
        payment=payment,
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=f"checkout-payment-{payment.pk}-{payment.stripe_attempt}",
    )
    Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
        stripe_session_id=session["id"]
    )
    return session["url"]
