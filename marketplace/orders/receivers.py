"""What orders does on other apps' signals: a login, money returned, a parcel moved.

Payments never imports orders: it reports through marketplace.payments.signals.
"""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from marketplace.delivery.signals import shipment_state_changed
from marketplace.payments.signals import payment_paid, payment_refunded

from .cart import cart_merge
from .limits import cart_capped_message
from .models import OrderStatus, SellerOrder
from .notifications import payment_received_alert, transfer_recorded_alert
from .shipping import seller_order_follow_parcel
from .states import seller_order_transition


@receiver(user_logged_in, dispatch_uid="orders_cart_merge")
def merge_cart_at_login(sender, request, user, **kwargs):
    """The guest cart joins the account's; the buyer is told of every line lowered to
    the stock or the seller's limit."""
    if request is not None and hasattr(request, "session"):
        for line in cart_merge(user=user, session=request.session):
            # A login made by the test client or a script has no message storage.
            messages.warning(
                request, cart_capped_message(line.product, line.in_cart), fail_silently=True
            )


@receiver(payment_refunded, dispatch_uid="orders_refunded_with_payment")
def seller_order_refunded(sender, payment, actor=None, note="", **kwargs):
    """The money went back: the seller order becomes refunded, in the same transaction."""
    seller_order = SellerOrder.objects.get(pk=payment.seller_order_id)
    if seller_order.status != OrderStatus.REFUNDED:
        seller_order_transition(
            seller_order=seller_order, to_status=OrderStatus.REFUNDED, actor=actor, note=note
        )


@receiver(payment_paid, dispatch_uid="orders_payment_received_alert")
def payment_received(sender, payment, **kwargs):
    """Tell the buyer the money arrived: the message is recorded with the payment and
    delivered after the commit."""
    payment_received_alert(payment=payment)


@receiver(payment_paid, dispatch_uid="orders_transfer_recorded_alert")
def transfer_recorded(sender, payment, **kwargs):
    """Tell the seller a transfer or card payment arrived (not cash: they hold it)."""
    transfer_recorded_alert(payment=payment)


@receiver(shipment_state_changed, dispatch_uid="orders_follow_parcel")
def parcel_moved(sender, shipment, state, **kwargs):
    """A courier picked up or delivered the parcel: the seller order moves with it, in
    the same transaction as the courier's report."""
    seller_order_follow_parcel(
        seller_order=SellerOrder.objects.get(pk=shipment.seller_order_id), state=state
    )
