"""Stripe webhooks: verified, idempotent on the event id, in any order, any number of times."""

import json
import logging
import time

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.params import id_from

from .models import Method, Payment, PaymentStatus, RefundReason, StripeEvent
from .refunds import card_refund_open
from .signals import payment_paid
from .transitions import payment_lock, payment_transition

log = logging.getLogger(__name__)

COMPLETED = "checkout.session.completed"
ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded"
ASYNC_FAILED = "checkout.session.async_payment_failed"
EXPIRED = "checkout.session.expired"
HANDLED = {COMPLETED, ASYNC_SUCCEEDED, ASYNC_FAILED, EXPIRED}


# Stripe's own tolerance only refuses signatures older than this; one dated further
# ahead than this is refused too (a clock set wrong, or a header made to be replayed later).
TOLERANCE_SECONDS = 300
# Ids and strings Stripe sends are short; these are the columns they are stored in.
MAX_ID_LENGTH = 255


class BadEvent(Exception):
    """A delivery that is not a well-formed event signed by Stripe a moment ago."""


def stripe_event_handle(*, payload: bytes, signature: str) -> str:
    """Verify and apply one delivery. Returns what happened, for the log and the tests.

    The event id is recorded in the same transaction as its effect: a delivery that
    fails leaves no trace and Stripe's retry applies it; a repeat finds the id and stops.
    A delivery that is signed but not shaped like an event raises BadEvent and changes
    nothing.
    """
    try:
        # Only the signature: building Stripe's event object would crash on a body of
        # the wrong shape, which _event_parts refuses with a 400 instead.
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE_SECONDS
        )
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise BadEvent(str(error)) from error
    _check_not_in_future(signature)
    event_id, event_type, session = _event_parts(payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(event_id=event_id, type=event_type[:100])
        except IntegrityError:
            return "duplicate"
        if event_type not in HANDLED:
            return "ignored"
        return _apply(event_id, event_type, session)


def _apply(event_id: str, event_type: str, session: dict) -> str:
    paid = event_type == ASYNC_SUCCEEDED or (
        event_type == COMPLETED and session.get("payment_status") == "paid"
    )
    payment_ids = _payment_ids(session)
    known = Payment.objects.filter(pk__in=payment_ids, method=Method.STRIPE).count()
    if not payment_ids or known != len(payment_ids):
        log.warning("Stripe event %s names no payment of ours", event_id)
        if paid and payment_ids:
            _refund_unknown(event_id, session)
        return "unknown payment"
    # Seller order then payment, payment by payment in id order: no deadlock with a
    # transition that locks one seller order.
    locked = [payment_lock(payment_id=pk) for pk in payment_ids]
    if paid:
        return _paid(locked, session, event_id=event_id)
    if event_type in (ASYNC_FAILED, EXPIRED):
        return _attempt_over(locked, session)
    return _processing(locked, session)


def _check_not_in_future(signature: str) -> None:
    """The header's `t=` is when Stripe signed; construct_event checked only the past."""
    stamps = [item.partition("=")[2] for item in signature.split(",") if item.startswith("t=")]
    if len(stamps) != 1 or not stamps[0].isascii() or not stamps[0].isdigit():
        raise BadEvent("no single timestamp in the signature")
    if int(stamps[0]) > time.time() + TOLERANCE_SECONDS:
        raise BadEvent("signature timestamp in the future")


def _text(value, *, optional: bool = False) -> bool:
    """A string that fits its column and that PostgreSQL text can hold (no NUL)."""
    if value is None:
        return optional
    return isinstance(value, str) and len(value) <= MAX_ID_LENGTH and "\x00" not in value


def _event_parts(payload: bytes) -> tuple[str, str, dict]:
    """(id, type, data.object) of a signed event, once each part has the shape we read.

    A signed body is Stripe's word, but a changed API version or a hand-made test event
    must get a 400, not a crash in the middle of a payment's transaction.
    """
    try:
        event = json.loads(payload)
    except ValueError as error:
        raise BadEvent("body is not JSON") from error
    if not isinstance(event, dict):
        raise BadEvent("event is not an object")
    event_id, event_type, data = event.get("id"), event.get("type"), event.get("data")
    if not (_text(event_id) and event_id and _text(event_type) and event_type):
        raise BadEvent("event id or type is not a string")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise BadEvent("data.object is not an object")
    session = data["object"]
    if event_type in HANDLED:
        _check_session(session)
    return event_id, event_type, session


def _check_session(session: dict) -> None:
    strings = ("id", "payment_intent", "client_reference_id", "payment_status", "currency")
    if not all(_text(session.get(key), optional=True) for key in strings):
        raise BadEvent("a Checkout Session field is not a string")
    amount = session.get("amount_total")
    if amount is not None and (type(amount) is not int or amount < 0):
        raise BadEvent("amount_total is not a whole number")
    metadata = session.get("metadata")
    if metadata is not None and not (
        isinstance(metadata, dict) and all(_text(v) for v in metadata.values())
    ):
        raise BadEvent("metadata is not an object of strings")


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


def _paid(payments: list[Payment], session: dict, *, event_id: str) -> str:
    """The session's money is split back per seller order, after checking it is all there."""
    if session.get("amount_total") != sum(p.amount for p in payments) or any(
        str(session.get("currency", "")).lower() != p.currency for p in payments
    ):
        return _mismatch(payments, session, event_id=event_id)
    outcomes = [_paid_one(payment, session, event_id=event_id) for payment in payments]
    return ", ".join(dict.fromkeys(outcomes))


def _paid_one(payment: Payment, session: dict, *, event_id: str) -> str:
    intent = session.get("payment_intent") or ""
    if payment.status in (PaymentStatus.PAID, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED):
        if intent and intent != payment.stripe_payment_intent:
            # This seller order was already paid by another session: that share goes back.
            card_refund_open(
                reason=RefundReason.DUPLICATE,
                payment=payment,
                amount=payment.amount,
                payment_intent=intent,
                idempotency_key=f"refund-dup-{intent}-{payment.pk}",
                session_id=session.get("id") or "",
                event_id=event_id,
            )
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
        card_refund_open(
            reason=RefundReason.LATE,
            payment=payment,
            amount=payment.amount,
            payment_intent=intent,
            idempotency_key=f"refund-payment-{payment.pk}",
            session_id=session.get("id") or "",
            event_id=event_id,
        )
        return "refunding: order cancelled"
    payment = payment_transition(payment=payment, to=PaymentStatus.PAID, **stripe_fields)
    payment_paid.send(sender=Payment, payment=payment, actor=None)
    return "paid"


def _mismatch(payments: list[Payment], session: dict, *, event_id: str) -> str:
    """Stripe took a sum or a currency that is not the orders': nobody is paid, the whole
    charge goes back (a row that staff see), and the buyer may pay again."""
    log.error(
        "Stripe session %s: amount or currency differs from payments %s",
        session.get("id"),
        [p.pk for p in payments],
    )
    intent = session.get("payment_intent") or ""
    card_refund_open(
        reason=RefundReason.MISMATCH,
        payment=payments[0],
        amount=session.get("amount_total") or 0,
        currency=str(session.get("currency") or ""),
        payment_intent=intent,
        idempotency_key=f"refund-mismatch-{intent or event_id}",
        session_id=session.get("id") or "",
        event_id=event_id,
    )
    for payment in payments:
        payment.note = f"Stripe {session.get('id')}: amount/currency mismatch"[:250]
        payment.save(update_fields=["note"])
    _attempt_over(payments, session)
    return "amount mismatch: refunding"


def _refund_unknown(event_id: str, session: dict) -> None:
    """Money taken for payment ids we do not have: a person decides (no blind refund)."""
    card_refund_open(
        reason=RefundReason.UNKNOWN,
        payment=None,
        amount=session.get("amount_total") or 0,
        currency=str(session.get("currency") or ""),
        payment_intent=session.get("payment_intent") or "",
        idempotency_key=f"refund-unknown-{session.get('payment_intent') or event_id}",
        session_id=session.get("id") or "",
        event_id=event_id,
    )


def _processing(payments: list[Payment], session: dict) -> str:
    """Completed but not paid yet (a delayed payment method): the money is on its way, so
    the order must not lapse meanwhile; its payment intent says so."""
    intent = session.get("payment_intent") or ""
    for payment in payments:
        if (
            payment.status == PaymentStatus.PENDING
            and session.get("id") == payment.stripe_session_id
        ):
            payment.stripe_payment_intent = intent
            payment.save(update_fields=["stripe_payment_intent"])
    return "waiting"


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
        payment.stripe_payment_intent = ""
        payment.save(update_fields=["stripe_attempt", "stripe_session_id", "stripe_payment_intent"])
    return "attempt over" if over else "stale"
