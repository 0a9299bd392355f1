"""Stripe webhooks: verified, idempotent on the event id, in any order, any number of times."""

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.params import id_from
from marketplace.orders.models import OrderStatus

from .models import Method, Payment, PaymentStatus, StripeEvent
from .services import _locked, stripe_refund_run
from .stripe_gateway import StripeUnavailable, refund_create

log = logging.getLogger(__name__)

COMPLETED = "checkout.session.completed"
ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded"
ASYNC_FAILED = "checkout.session.async_payment_failed"
EXPIRED = "checkout.session.expired"
HANDLED = {COMPLETED, ASYNC_SUCCEEDED, ASYNC_FAILED, EXPIRED}


class BadSignature(Exception):
    pass


def stripe_event_handle(*, payload: bytes, signature: str) -> str:
    """Verify and apply one delivery. Returns what happened, for the log and the tests.

    The event id is recorded in the same transaction as its effect: a delivery that
    fails leaves no trace and Stripe's retry applies it; a repeat finds the id and stops.
    """
    try:
        stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
        event = json.loads(payload)
        event_id, event_type = event["id"], event["type"]
        session = event["data"]["object"]
    except (ValueError, KeyError, TypeError, stripe.SignatureVerificationError) as error:
        raise BadSignature(str(error)) from error
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(event_id=event_id, type=event_type[:100])
        except IntegrityError:
            return "duplicate"
        if event_type not in HANDLED:
            return "ignored"
        payment_ids = _payment_ids(session)
        known = Payment.objects.filter(pk__in=payment_ids, method=Method.STRIPE).count()
        if not payment_ids or known != len(payment_ids):
            log.warning("Stripe event %s names no payment of ours", event_id)
            return "unknown payment"
        # Seller order then payment, payment by payment in id order: no deadlock with a
        # transition that locks one seller order.
        locked = [_locked(pk) for pk in payment_ids]
        if event_type == ASYNC_SUCCEEDED or (
            event_type == COMPLETED and session.get("payment_status") == "paid"
        ):
            return _paid(locked, session)
        if event_type in (ASYNC_FAILED, EXPIRED):
            return _attempt_over([payment for payment, _ in locked], session)
        return "waiting"


def _payment_ids(session: dict) -> list[int]:
    """The payments a session pays: `payment_ids` (one session per checkout), or the
    single `payment_id` of sessions made before checkouts were paid at once."""
    metadata = session.get("metadata") or {}
    raw = metadata.get("payment_ids") or metadata.get("payment_id")
    if raw is None:
        raw = session.get("client_reference_id") or ""
    ids = [id_from(part) for part in str(raw).split(",")]
    if not ids or None in ids:
        return []
    return sorted(set(ids))


def _paid(locked: list[tuple[Payment, object]], session: dict) -> str:
    """The session's money is split back per seller order, after checking it is all there."""
    payments = [payment for payment, _ in locked]
    if session.get("amount_total") != sum(p.amount for p in payments) or any(
        str(session.get("currency", "")).lower() != p.currency for p in payments
    ):
        log.error(
            "Stripe session %s: amount or currency differs from payments %s",
            session.get("id"),
            [p.pk for p in payments],
        )
        for payment in payments:
            payment.note = f"Stripe {session.get('id')}: amount/currency mismatch"[:250]
            payment.save(update_fields=["note"])
        return "amount mismatch"
    outcomes = [_paid_one(payment, seller_order, session) for payment, seller_order in locked]
    return ", ".join(dict.fromkeys(outcomes))


def _paid_one(payment: Payment, seller_order, session: dict) -> str:
    intent = session.get("payment_intent") or ""
    if payment.status in (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED):
        if intent and intent != payment.stripe_payment_intent:
            # This seller order was already paid by another session: that share goes back.
            transaction.on_commit(lambda: _refund_duplicate(intent, payment))
            return "duplicate payment refunded"
        return "already paid"
    payment.stripe_payment_intent = intent
    payment.stripe_session_id = session.get("id", "")
    payment.paid_at = timezone.now()
    if seller_order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        # The money arrived after the order was cancelled: send it back.
        payment.status = PaymentStatus.REFUND_PENDING
        payment.save(
            update_fields=["status", "stripe_payment_intent", "stripe_session_id", "paid_at"]
        )
        transaction.on_commit(lambda: stripe_refund_run(payment_id=payment.pk))
        return "refunding: order cancelled"
    payment.status = PaymentStatus.PAID
    payment.save(update_fields=["status", "stripe_payment_intent", "stripe_session_id", "paid_at"])
    return "paid"


def _attempt_over(payments: list[Payment], session: dict) -> str:
    """The session expired or its payment failed: the buyer may start a new attempt."""
    over = [
        p
        for p in payments
        if p.status == PaymentStatus.PENDING and session.get("id") == p.stripe_session_id
    ]
    for payment in over:
        payment.stripe_attempt += 1
        payment.stripe_session_id = ""
        payment.save(update_fields=["stripe_attempt", "stripe_session_id"])
    return "attempt over" if over else "stale"


def _refund_duplicate(intent: str, payment: Payment) -> None:
    try:
        refund_create(
            payment_intent=intent,
            amount=payment.amount,
            idempotency_key=f"refund-dup-{intent}-{payment.pk}",
        )
    except StripeUnavailable:
        log.exception(
            "Refund of duplicate Stripe payment %s (payment %s) failed", intent, payment.pk
        )
