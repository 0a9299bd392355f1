"""A seller order's moves between states: the one map, the seller's moves, the buyer's
cancel and the expiry of orders nobody confirmed in time."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.stock import product_stock_give_back
from marketplace.accounts.models import User
from marketplace.payments.methods import method_get
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payments.services import payment_let_lapse, payment_may_lapse
from marketplace.payments.transitions import payment_lock
from marketplace.sellers.services import assisted_act_record

from . import tasks
from .errors import TransitionRefused
from .models import OrderEvent, OrderStatus, SellerOrder

S = OrderStatus
# The one map of allowed moves. Refunded is reached only when the payment's money went
# back (payments sends `payment_refunded`, heard in receivers.py).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}


def _locked_for_move(
    *, seller_order: SellerOrder, to_status: str, expected_status: str | None
) -> SellerOrder:
    """The seller order locked, if the map allows the move from the state under the lock
    and the state the person saw (`expected_status`) still holds."""
    current = SellerOrder.objects.select_for_update().get(pk=seller_order.pk)
    if expected_status and current.status != expected_status:
        raise TransitionRefused(
            _("This order changed meanwhile: it is now “%(status)s”. Look again.")
            % {"status": current.get_status_display()}
        )
    if to_status not in TRANSITIONS[current.status]:
        raise TransitionRefused(
            _("An order that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.get_status_display(), "target": S(to_status).label}
        )
    return current


def _cancel_effects(*, seller_order: SellerOrder, payment: Payment | None, actor) -> None:
    """Release the payment (void it, or refund a card) and give the stock back."""
    if payment is not None:
        method = method_get(payment.method)
        if payment.status == PaymentStatus.PAID and method.seller_confirms:
            # Cash and transfers go back by hand: the seller records that refund.
            raise TransitionRefused(_("This order is already paid: refund it instead."))
        method.cancel(payment=payment, actor=actor)
    product_stock_give_back(
        lines=list(
            seller_order.lines.order_by("product_id", "pk").values_list("product_id", "quantity")
        )
    )


def _move_record(
    *, current: SellerOrder, to_status: str, actor: User | None, note: str, by_buyer: bool
) -> None:
    """Compare-and-set the new state, then its history row, the assisted-act log and
    the buyer's e-mail after commit."""
    now = timezone.now()
    changes = {"status": to_status}
    if to_status == S.DELIVERED:
        changes["delivered_at"] = now
    if not SellerOrder.objects.filter(pk=current.pk, status=current.status).update(**changes):
        raise TransitionRefused(_("This order changed meanwhile. Look again."))
    OrderEvent.objects.create(
        seller_order=current,
        from_status=current.status,
        to_status=to_status,
        actor=actor,
        note=note.strip()[:250],
        by_buyer=by_buyer,
        created_at=now,
    )
    if actor is not None and not by_buyer:
        assisted_act_record(
            actor=actor, action=f"order_{to_status}", seller=current.seller, target=current.number
        )
    transaction.on_commit(lambda: tasks.seller_order_changed_notify.enqueue(current.pk, to_status))


def seller_order_transition(
    *,
    seller_order: SellerOrder,
    to_status: str,
    actor: User | None,
    expected_status: str | None = None,
    note: str = "",
    by_buyer: bool = False,
) -> SellerOrder:
    """Move a seller order to `to_status` if the map allows it from its current state.

    Compare-and-set: the row is locked and the UPDATE is conditional on the state read,
    and `expected_status` (what the person saw on the page) must still hold. Cancelling
    returns the stock and voids the unpaid payment; a card payment is refunded through
    Stripe, while paid cash or transfers must be refunded by the seller first.
    """
    with transaction.atomic():
        current = _locked_for_move(
            seller_order=seller_order, to_status=to_status, expected_status=expected_status
        )
        payment = Payment.objects.select_for_update().filter(seller_order=current).first()
        if to_status == S.CANCELLED:
            _cancel_effects(seller_order=current, payment=payment, actor=actor)
        if to_status == S.REFUNDED and not (
            payment and payment.status in (PaymentStatus.REFUNDED, PaymentStatus.REFUND_PENDING)
        ):
            raise TransitionRefused(_("Only money that was paid can be refunded."))
        _move_record(
            current=current, to_status=to_status, actor=actor, note=note, by_buyer=by_buyer
        )
    current.refresh_from_db()
    return current


def seller_order_buyer_cancel(
    *, seller_order: SellerOrder, actor: User | None, reason: str = ""
) -> SellerOrder:
    """The buyer, or a guest holding the order's link, withdraws an order still pending.

    Once the seller has confirmed it, only the seller may cancel. Goes through
    `seller_order_transition` like every move: stock comes back, an unpaid payment is
    voided, a card payment is refunded, and the history row says the buyer did it.
    """
    if seller_order.status != S.PENDING:
        raise TransitionRefused(
            _("The seller has already handled this order: ask them to cancel it.")
        )
    payment = Payment.objects.filter(seller_order=seller_order).first()
    if (
        payment
        and payment.status == PaymentStatus.PAID
        and method_get(payment.method).seller_confirms
    ):
        raise TransitionRefused(
            _("This order is already paid: ask the seller to cancel it and return the money.")
        )
    return seller_order_transition(
        seller_order=seller_order,
        to_status=S.CANCELLED,
        actor=actor,
        expected_status=S.PENDING,
        note=reason,
        by_buyer=True,
    )


def seller_orders_expire(*, now=None) -> int:
    """Cancel the seller orders still unconfirmed and unpaid past their hold, through
    the map like any cancel: stock returns product by product, the payment is voided,
    the buyer is told, and so is the seller (who must not send it now). An order
    confirmed or paid meanwhile is left alone, and so is one whose card payment may
    still come: a session the buyer may be paying is closed at Stripe first, a payment
    Stripe is processing waits. Returns how many were cancelled."""
    now = now or timezone.now()
    expired = (
        SellerOrder.objects.filter(
            status=S.PENDING,
            hold_until__lt=now,
            payment__status=PaymentStatus.PENDING,
            payment__stripe_payment_intent="",  # processing at Stripe: money on its way
        )
        .order_by("pk")
        .values_list("pk", "payment__pk")
    )
    cancelled = 0
    for pk, payment_id in list(expired):
        if not payment_let_lapse(payment_id=payment_id):
            continue
        try:
            with transaction.atomic():
                if not payment_may_lapse(payment=payment_lock(payment_id=payment_id)):
                    continue
                seller_order_transition(
                    seller_order=SellerOrder(pk=pk),
                    to_status=S.CANCELLED,
                    actor=None,
                    expected_status=S.PENDING,
                    note=_("Not confirmed or paid in time: the goods went back on sale."),
                )
        except TransitionRefused:
            continue
        transaction.on_commit(lambda pk=pk: tasks.seller_order_expired_notify.enqueue(pk))
        cancelled += 1
    return cancelled
