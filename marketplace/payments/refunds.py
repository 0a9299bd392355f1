"""Card money going back to the buyer: a `Refund` row per charge, asked of Stripe until
it accepts.

Every path that leaves the buyer's money at Stripe with no order to show for it opens a
row here, in the transaction that found it: a paid order cancelled or refunded, money
arriving after its order was cancelled, a second payment of the same seller order, a
session whose amount or currency is not the order's, a paid session naming payments we
do not have. The first try runs after the commit (a task); `stripe_refunds_retry` asks
again with back-off; after MAX_ATTEMPTS refusals, or a refusal no retry can change, the
row needs a person and staff are told. Nothing here deletes or forgets a row.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from marketplace.accounts.models import User
from marketplace.notifications.services import send

from . import stripe_gateway
from .errors import PaymentError
from .models import Payment, PaymentStatus, Refund, RefundReason, RefundStatus
from .signals import payment_refunded
from .transitions import payment_lock, payment_transition

log = logging.getLogger(__name__)

R = RefundStatus
# Tries, the first included, before a person is asked; back-off doubles from FIRST_WAIT
# up to LONGEST_WAIT: 5, 10, 20 ... 320 min, then 8 h: about two days of asking in all.
MAX_ATTEMPTS = 10
FIRST_WAIT = dt.timedelta(minutes=5)
LONGEST_WAIT = dt.timedelta(hours=8)
# Refusals that asking again cannot change: the charge is disputed, already refunded
# (by hand in Stripe's dashboard?), unknown, or smaller than the refund; or Stripe made
# the refund and it failed (the same key would only give back that failed refund).
REFUND_FAILED = "refund_failed"
FINAL_CODES = frozenset(
    {
        "charge_disputed",
        "charge_already_refunded",
        "resource_missing",
        "amount_too_large",
        REFUND_FAILED,
    }
)
# The reasons whose row settles a payment waiting in refund_pending.
PAYMENT_REASONS = (RefundReason.ORDER, RefundReason.LATE)


def card_refund_open(
    *,
    reason: str,
    payment: Payment | None,
    amount: int,
    payment_intent: str,
    idempotency_key: str,
    currency: str = "vnd",
    requested_by: User | None = None,
    note: str = "",
    session_id: str = "",
    event_id: str = "",
) -> Refund:
    """Record that this charge goes back, and ask Stripe once the transaction commits.

    Idempotent on `idempotency_key` (the key Stripe gets too): a replayed event, a
    second run, or two workers at once leave one row and one refund at Stripe. A paid
    session naming no payment of ours is not refunded blindly (it may be a payment link
    made in Stripe's dashboard): its row waits for a person.
    """
    refund, created = Refund.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "reason": reason,
            "payment": payment,
            "amount": amount,
            "currency": currency[:3],
            "stripe_payment_intent": payment_intent,
            "requested_by": requested_by,
            "note": note.strip()[:250],
            "stripe_session_id": session_id,
            "stripe_event_id": event_id,
        },
    )
    if not created:
        return refund
    if reason == RefundReason.UNKNOWN or not payment_intent:
        _needs_person(refund, error=_("Stripe did not say which charge to refund."))
    else:
        transaction.on_commit(lambda: _enqueue(refund.pk))
    return refund


def _enqueue(refund_id: int) -> None:
    card_refund_attempt_task.enqueue(refund_id)


@task()
def card_refund_attempt_task(refund_id: int) -> None:
    """The first try, by the worker: a webhook answers Stripe without waiting for it."""
    card_refund_attempt(refund_id=refund_id)


def card_refund_attempt(*, refund_id: int) -> str:
    """Ask Stripe for one waiting refund; record its answer. Outside any transaction:
    the call to Stripe holds no lock. Safe to run twice at once: same key, one refund."""
    refund = Refund.objects.get(pk=refund_id)
    if refund.status != R.PENDING:
        return refund.status
    try:
        accepted = stripe_gateway.refund_create(
            payment_intent=refund.stripe_payment_intent,
            # A mismatched charge is not ours to split: all of it goes back.
            amount=None if refund.reason == RefundReason.MISMATCH else refund.amount,
            idempotency_key=refund.idempotency_key,
        )
    except stripe_gateway.StripeUnavailable as error:
        log.warning("Stripe refund %s refused: %s", refund.idempotency_key, error)
        return _refused(refund_id, error)
    if accepted.status in ("failed", "canceled"):
        failed = stripe_gateway.StripeUnavailable(
            f"Stripe refund {accepted.id} {accepted.status}", code=REFUND_FAILED
        )
        return _refused(refund_id, failed)
    with transaction.atomic():
        refund = _locked(refund_id)
        if refund.status != R.PENDING:
            return refund.status
        _accept(refund, stripe_refund_id=accepted.id)
    return R.DONE


def _locked(refund_id: int) -> Refund:
    """The row locked, after its payment (and that payment's seller order): the order of
    every payment transition, so a refund and a cancellation never deadlock."""
    payment_id = Refund.objects.filter(pk=refund_id).values_list("payment_id", flat=True)[0]
    if payment_id is not None:
        payment_lock(payment_id=payment_id)
    return Refund.objects.select_for_update().get(pk=refund_id)


def _accept(refund: Refund, *, stripe_refund_id: str = "", actor: User | None = None) -> None:
    """Stripe accepted (or a person settled it): the row is done, and a payment that
    waited for this money becomes refunded, its order with it (by signal)."""
    now = timezone.now()
    refund.status = R.SETTLED if actor else R.DONE
    refund.stripe_refund_id = stripe_refund_id or refund.stripe_refund_id
    refund.done_at = now
    refund.next_attempt_at = None
    if actor:
        refund.handled_by, refund.handled_at = actor, now
    refund.save()
    if refund.reason not in PAYMENT_REASONS:
        return
    payment = Payment.objects.get(pk=refund.payment_id)
    if payment.status == PaymentStatus.REFUND_PENDING:
        payment = payment_transition(
            payment=payment, to=PaymentStatus.REFUNDED, stripe_refund_id=refund.stripe_refund_id
        )
        payment_refunded.send(
            sender=Payment, payment=payment, actor=refund.requested_by, note=refund.note
        )


def _refused(refund_id: int, error: stripe_gateway.StripeUnavailable) -> str:
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund_id)
        if refund.status != R.PENDING:
            return refund.status
        refund.attempts += 1
        if refund.attempts >= MAX_ATTEMPTS or error.code in FINAL_CODES:
            _needs_person(refund, error=str(error))
            return R.NEEDS_PERSON
        wait = min(FIRST_WAIT * 2 ** (refund.attempts - 1), LONGEST_WAIT)
        refund.next_attempt_at = timezone.now() + wait
        refund.last_error = str(error)[:500]
        refund.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    return R.PENDING


def _needs_person(refund: Refund, *, error: str) -> None:
    """Stop asking; tell every active superuser, in the app, with a link to the row."""
    refund.status = R.NEEDS_PERSON
    refund.next_attempt_at = None
    refund.last_error = error[:500]
    refund.save(update_fields=["status", "next_attempt_at", "last_error", "attempts"])
    log.error("Stripe refund %s needs a person: %s", refund.idempotency_key, error)
    stuck_since = refund.handled_at.timestamp() if refund.handled_at else 0
    link = reverse("admin:payments_refund_change", args=[refund.pk])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"amount": refund.amount_display, "reason": str(refund.get_reason_display())}
    for admin in get_user_model().objects.filter(is_superuser=True, is_active=True):
        send(
            event="card_refund_stuck",
            context=context,
            # Once per time the row gets stuck: a person may send it back to Stripe.
            idempotency_key=f"refund:{refund.pk}:stuck:{round(stuck_since)}:{admin.pk}",
            to_user=admin,
            link=link,
        )


def card_refunds_due(*, now: dt.datetime | None = None) -> list[int]:
    """The waiting refunds whose next try has come, oldest first."""
    now = now or timezone.now()
    return list(
        Refund.objects.filter(status=R.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def card_refund_retry_now(*, refund: Refund, actor: User) -> Refund:
    """A person asks Stripe again (after settling a dispute, topping up the balance):
    the row waits again, with its count of tries from zero, and who did it is kept."""
    with transaction.atomic():
        refund = _locked(refund.pk)
        if refund.status != R.NEEDS_PERSON:
            raise PaymentError(_("Only a refund that needs a person can be tried again."))
        refund.status, refund.attempts, refund.next_attempt_at = R.PENDING, 0, None
        refund.handled_by, refund.handled_at = actor, timezone.now()
        refund.save()
        transaction.on_commit(lambda: _enqueue(refund.pk))
    return refund


def card_refund_settle(*, refund: Refund, actor: User, note: str) -> Refund:
    """A person returned the money another way (or found Stripe had): recorded with who,
    when and how; a payment that waited for it becomes refunded."""
    if not note.strip():
        raise PaymentError(_("Say how the money was returned."))
    with transaction.atomic():
        refund = _locked(refund.pk)
        if refund.status not in (R.PENDING, R.NEEDS_PERSON):
            raise PaymentError(_("This refund is already done."))
        refund.handled_note = note.strip()[:250]
        _accept(refund, actor=actor)
    return refund
