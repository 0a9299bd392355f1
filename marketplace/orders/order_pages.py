"""The buyer's order page after checkout: each payment as its method shows it, card payment.

Checkout itself is in views.py; finding one's orders again in lookup.py.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.qr import qr_png
from marketplace.payments import services as payment_services
from marketplace.payments.errors import PaymentError
from marketplace.payments.methods import method_get
from marketplace.payments.stripe_gateway import CardLine, StripeUnavailable

from . import selectors
from .models import OrderStatus

SESSION_TOKENS = "order_tokens"
CLOSED = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


def remember_order(request, token: str) -> None:
    """A guest's orders on this device: the newest 20 links, kept in the session."""
    tokens = [t for t in request.session.get(SESSION_TOKENS, []) if t != token]
    request.session[SESSION_TOKENS] = [token, *tokens][:20]


def payment_block(seller_order) -> dict:
    """One seller order with what its payment method shows about it (payments builds the
    VietQR payload and image, the card amount due, the labels)."""
    payment = seller_order.payment
    pay = method_get(payment.method).page_context(
        payment=payment, seller=seller_order.seller, reference=seller_order.number
    )
    return {"so": seller_order, "payment": payment, "pay": pay}


def order_detail(request, token):
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404
    blocks = [payment_block(seller_order) for seller_order in order.seller_orders.all()]
    live = [b["so"] for b in blocks if b["so"].status not in CLOSED]
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "blocks": blocks,
            "order_total": sum(so.total for so in live),
            "fee_pending": [so.number for so in live if so.fee_to_agree],
            "shops": len(live),
            "to_transfer": sum(b["pay"]["transfer_due"] for b in blocks),
            "to_card": sum(b["pay"]["card_due"] for b in blocks),
        },
    )


def order_vietqr_png(request, token, number):
    """The seller order's VietQR as a PNG to save: banking apps open a QR from the gallery."""
    order = selectors.order_by_token(token=token)
    seller_order = order and next(
        (s for s in order.seller_orders.all() if s.number == number), None
    )
    transfer = seller_order and payment_block(seller_order)["pay"]["transfer"]
    if not transfer:
        raise Http404
    response = HttpResponse(qr_png(transfer["payload"]), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="VietQR-{seller_order.number}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def pay_by_card(request, token):
    """One Stripe Checkout for every seller order of the checkout still to pay by card."""
    order = selectors.order_by_token(token=token)
    if order is None:
        raise Http404
    back = request.build_absolute_uri(reverse("orders:order_detail", args=[token]))
    try:
        url = payment_services.stripe_checkout_start(
            lines=[
                CardLine(payment=so.payment, number=so.number, seller=so.seller.name)
                for so in order.seller_orders.all()
            ],
            reference=f"order-{order.pk}",
            success_url=back + "?paid=1",
            cancel_url=back,
        )
    except PaymentError as error:
        messages.error(request, error.message)
        return redirect(back)
    except StripeUnavailable:
        messages.error(request, _("Card payment is not reachable now. Try again in a moment."))
        return redirect(back)
    return redirect(url)
