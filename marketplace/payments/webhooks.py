"""Stripe webhooks: verified, idempotent on the event id, in any order, any number of times."""

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.params import id_from

from .methods.card import stripe_refund_run
from .models import Method, Payment, PaymentStatus, StripeEvent
from .signals import payment_paid
from .stripe_gateway import StripeUnavailable, refund_create
from .transitions import payment_lock, payment_transition

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
        locked = [payment_lock(payment_id=pk) for pk in payment_ids]
        if event_type == ASYNC_SUCCEEDED or (
            event_type == COMPLETED and session.get("payment_status") == "paid"
        ):
            return _paid(locked, session)
        if event_type in (ASYNC_FAILED, EXPIRED):
            return _attempt_over(locked, session)
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


def _paid(payments: list[Payment], session: dict) -> str:
    """The session's money is split back per seller order, after checking it is all there."""
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
    outcomes = [_paid_one(payment, session) for payment in payments]
    return ", ".join(dict.fromkeys(outcomes))


def _paid_one(payment: Payment, session: dict) -> str:
    intent = session.get("payment_intent") or ""
    if payment.status in (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED):
        if intent and intent != payment.stripe_payment_intent:
            # This seller order was already paid by another session: that share goes back.
            transaction.on_commit(lambda: _refund_duplicate(intent, payment))
            return "duplicate payment refunded"
        return "already paid"
    stripe_fields = {
        "stripe_payment_intent": intent,
        "stripe_session_id": session.get("id", ""),
        "paid_at": timezone.now(),
    }
    if payment.status == PaymentStatus.VOIDED:
        # The money arrived after the order was cancelled (which voided it): send it back.
        payment = payment_transition(
            payment=payment, to=PaymentStatus.REFUND_PENDING, **stripe_fields
        )
        transaction.on_commit(lambda: stripe_refund_run(payment_id=payment.pk))
        return "refunding: order cancelled"
    payment = payment_transition(payment=payment, to=PaymentStatus.PAID, **stripe_fields)
    payment_paid.send(sender=Payment, payment=payment, actor=None)
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
