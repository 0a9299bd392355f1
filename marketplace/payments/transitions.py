"""The one way a payment changes state: an explicit map, checked under a row lock."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import User

from .errors import PaymentError
from .models import Payment, PaymentStatus

P = PaymentStatus
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PENDING: frozenset({P.PAID, P.VOIDED}),
    P.PAID: frozenset({P.REFUND_PENDING, P.REFUNDED}),
    # Card money that arrives after its order was cancelled is sent back.
    P.VOIDED: frozenset({P.REFUND_PENDING}),
    P.REFUND_PENDING: frozenset({P.REFUNDED}),
    P.REFUNDED: frozenset(),
}


def payment_lock(*, payment_id: int) -> Payment:
    """Lock the payment's seller order row, then the payment, and return it fresh.

    The same order as a seller-order transition, so the two never deadlock. The owner's
    model is reached through the foreign key: payments does not import orders.
    """
    owner = Payment._meta.get_field("seller_order").related_model
    owner_id = Payment.objects.filter(pk=payment_id).values_list("seller_order_id", flat=True)
    list(owner.objects.select_for_update().filter(pk__in=owner_id).values_list("pk", flat=True))
    return Payment.objects.select_for_update().get(pk=payment_id)


def payment_transition(
    *, payment: Payment, to: str, actor: User | None = None, **fields
) -> Payment:
    """Move a payment to `to` if the map allows it from the state under the lock.

    Records when (paid_at, refunded_at) and who confirmed a payment, like every
    write of a payment state; `fields` are the other columns saved with the move.
    """
    with transaction.atomic():
        locked = payment_lock(payment_id=payment.pk)
        if to not in PAYMENT_TRANSITIONS[locked.status]:
            raise PaymentError(
                _("A payment that is “%(current)s” cannot become “%(target)s”.")
                % {"current": locked.get_status_display(), "target": P(to).label}
            )
        now = timezone.now()
        if to == P.PAID:
            fields.setdefault("paid_at", now)
            fields.setdefault("confirmed_by", actor)
        if to == P.REFUNDED:
            fields.setdefault("refunded_at", now)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.status = to
        locked.save(update_fields=["status", *fields])
    return locked
