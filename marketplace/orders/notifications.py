"""E-mails about orders. Called through transaction.on_commit, after the data is saved.

The buyer's e-mails are written in the language they checked out in (`Order.language`):
lines, amounts, totals, how to pay each seller order, and the link to the order page,
as plain text with an HTML alternative.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.notifications.services import send
from marketplace.payments.methods import method_get
from marketplace.payments.models import Method, PaymentStatus
from marketplace.sellers.selectors import seller_recipients

from .models import Order, OrderLine, OrderStatus, SellerOrder

# The states of a seller order the buyer hears about by SMS/Zalo, with their event.
BUYER_EVENTS = {
    OrderStatus.CONFIRMED: "order_confirmed",
    OrderStatus.SHIPPED: "order_shipped",
    OrderStatus.DELIVERED: "order_delivered",
    OrderStatus.CANCELLED: "order_cancelled",
    OrderStatus.REFUNDED: "order_refunded",
}


def _seller_emails(seller) -> list[str]:
    if seller.household_id:
        user = seller.household.user
        return [user.email] if user and user.email else []
    return [u.email for u in seller.cooperative.managers.all() if u.email]


def _tell_seller(seller_order: SellerOrder, *, event: str, context: dict, key: str) -> None:
    """`event` to every person of the seller order's shop, once per `key` and person."""
    for suffix, recipient in seller_recipients(seller=seller_order.seller):
        send(event=event, context=context, idempotency_key=f"{key}{suffix}", **recipient)


def order_placed_alerts(*, order_id: int) -> None:
    """SMS/Zalo and in-app to each seller of a placed order; once per seller order."""
    seller_orders = SellerOrder.objects.filter(order_id=order_id).select_related(
        "seller__household__user", "seller__cooperative"
    )
    for seller_order in seller_orders.order_by("pk"):
        _tell_seller(
            seller_order,
            event="order_new",
            context={"number": seller_order.number, "total": seller_order.total},
            key=f"so:{seller_order.pk}:placed",
        )


def seller_order_expired_alerts(*, seller_order_id: int) -> None:
    """SMS/Zalo and in-app to the seller of an order cancelled because nobody confirmed
    it in time: its goods are on sale again, so it must not be sent. Once an order."""
    seller_order = SellerOrder.objects.select_related(
        "seller__household__user", "seller__cooperative"
    ).get(pk=seller_order_id)
    _tell_seller(
        seller_order,
        event="order_expired",
        context={"number": seller_order.number},
        key=f"so:{seller_order.pk}:expired",
    )


def seller_order_alert(*, seller_order_id: int, status: str = "") -> None:
    """SMS/Zalo to the buyer when their seller order became `status` (default: its state
    now) and that is confirmed, shipped, delivered, cancelled or refunded; once per seller
    order and state."""
    seller_order = SellerOrder.objects.select_related("order__buyer").get(pk=seller_order_id)
    status = status or seller_order.status
    event = BUYER_EVENTS.get(status)
    if event is None:
        return
    order = seller_order.order
    context = {"number": seller_order.number}
    if status == OrderStatus.REFUNDED:
        context["amount"] = seller_order.total
    send(
        event=event,
        context=context,
        idempotency_key=f"so:{seller_order.pk}:{status}",
        to_user=order.buyer,
        phone=order.phone,
        email=order.email,
    )


def payment_received_alert(*, payment) -> None:
    """SMS/Zalo to the buyer when a seller order's payment is received; once a payment."""
    seller_order = SellerOrder.objects.select_related("order__buyer").get(
        pk=payment.seller_order_id
    )
    order = seller_order.order
    send(
        event="payment_received",
        context={"number": seller_order.number, "amount": payment.amount},
        idempotency_key=f"payment:{payment.pk}:paid",
        to_user=order.buyer,
        phone=order.phone,
        email=order.email,
    )


# Money the seller did not take in hand: a bank transfer or a card payment.
TRANSFER_METHODS = (Method.VIETQR, Method.STRIPE)


def transfer_recorded_alert(*, payment) -> None:
    """SMS/Zalo and in-app to the seller when a transfer (VietQR) or card money (Stripe)
    is recorded as received; once a payment and person. Cash on delivery is skipped:
    the seller took that money in hand."""
    if payment.method not in TRANSFER_METHODS:
        return
    seller_order = SellerOrder.objects.select_related(
        "seller__household__user", "seller__cooperative"
    ).get(pk=payment.seller_order_id)
    _tell_seller(
        seller_order,
        event="transfer_recorded",
        context={"number": seller_order.number, "amount": payment.amount},
        key=f"payment:{payment.pk}:paid:seller",
    )


def _order_url(order: Order) -> str:
    with translation.override(order.language):
        return settings.SITE_URL + reverse("orders:order_detail", args=[order.token])


def _how_to_pay(seller_order: SellerOrder) -> dict:
    """The payment instructions of one seller order, as its method words them."""
    payment = seller_order.payment
    pay = method_get(payment.method).page_context(
        payment=payment, seller=seller_order.seller, reference=seller_order.number
    )
    return {
        "paid": payment.status == PaymentStatus.PAID,
        "instructions": pay["instructions"],
        "transfer": pay["account"],
    }


def order_email_content(order: Order) -> tuple[str, str, str]:
    """Subject, text and HTML of the buyer's e-mail for a placed order, in their language."""
    seller_orders = list(order.seller_orders.all())
    with translation.override(order.language):
        context = {
            "order": order,
            "blocks": [{"so": so, "pay": _how_to_pay(so)} for so in seller_orders],
            "total": sum(so.total for so in seller_orders),
            "fee_pending": [so.number for so in seller_orders if so.fee_to_agree],
            "url": _order_url(order),
        }
        subject = _("Chợ Số: your order %(numbers)s") % {
            "numbers": ", ".join(so.number for so in seller_orders)
        }
        text = render_to_string("orders/email/order_placed.txt", context)
        html = render_to_string("orders/email/order_placed.html", context)
    return subject, text, html


def order_placed(*, order_id: int) -> None:
    order = Order.objects.prefetch_related(
        Prefetch(
            "seller_orders",
            queryset=SellerOrder.objects.select_related("seller", "payment", "shipment")
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
            .order_by("pk"),
        )
    ).get(pk=order_id)
    if order.email:
        subject, text, html = order_email_content(order)
        message = EmailMultiAlternatives(subject, text, None, [order.email])
        message.attach_alternative(html, "text/html")
        message.send()
    with translation.override(settings.LANGUAGE_CODE):
        for seller_order in order.seller_orders.all():
            recipients = _seller_emails(seller_order.seller)
            if recipients:
                send_mail(
                    _("Chợ Số: new order %(number)s") % {"number": seller_order.number},
                    _("A new order is waiting for you: %(url)s")
                    % {
                        "url": settings.SITE_URL
                        + reverse(
                            "portal:order_detail",
                            args=[seller_order.seller.slug, seller_order.number],
                        )
                    },
                    None,
                    recipients,
                )


def seller_order_changed(*, seller_order_id: int) -> None:
    seller_order = SellerOrder.objects.select_related("order").get(pk=seller_order_id)
    if not seller_order.order.email:
        return
    with translation.override(seller_order.order.language):
        send_mail(
            _("Chợ Số: order %(number)s is now “%(status)s”")
            % {"number": seller_order.number, "status": seller_order.get_status_display()},
            _("Follow your order here: %(url)s") % {"url": _order_url(seller_order.order)},
            None,
            [seller_order.order.email],
        )
