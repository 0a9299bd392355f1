"""The buyer's order page after checkout: bank transfer details, the QR image, card payment.

Checkout itself is in views.py; finding one's orders again in lookup.py.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.qr import qr_png, qr_svg
from marketplace.payments import services as payment_services
from marketplace.payments.banks import bank_name
from marketplace.payments.methods import method_get
from marketplace.payments.models import Method, PaymentStatus
from marketplace.payments.stripe_gateway import StripeUnavailable
from marketplace.payments.vietqr import transfer_note, vietqr_payload

from . import selectors
from .errors import OrderError
from .models import OrderStatus

SESSION_TOKENS = "order_tokens"
CLOSED = (OrderStatus.CANCELLED, OrderStatus.REFUNDED)


def remember_order(request, token: str) -> None:
    """A guest's orders on this device: the newest 20 links, kept in the session."""
    tokens = [t for t in request.session.get(SESSION_TOKENS, []) if t != token]
    request.session[SESSION_TOKENS] = [token, *tokens][:20]


def transfer_details(seller_order) -> dict | None:
    """What the buyer needs to pay one seller order by bank transfer, line by line."""
    seller, payment = seller_order.seller, seller_order.payment
    if not (seller.bank_bin and seller.bank_account_number):
        return None
    note = transfer_note(seller_order.number)
    payload = vietqr_payload(
        bank_bin=seller.bank_bin,
        account=seller.bank_account_number,
        amount=payment.amount,
        reference=seller_order.number,
        purpose=note,
    )
    return {
        "bank": bank_name(seller.bank_bin),
        "account": seller.bank_account_number,
        "holder": seller.bank_account_name,
        "amount": payment.amount,
        "note": note,
        "payload": payload,
    }


def _open(seller_order) -> bool:
    return (
        seller_order.payment.status == PaymentStatus.PENDING and seller_order.status not in CLOSED
    )


def order_detail(request, token):
    order = selectors.order_by_token(token)
    if order is None:
        raise Http404
    blocks, to_transfer, to_card = [], 0, 0
    card_on = method_get(Method.STRIPE).is_available()
    for seller_order in order.seller_orders.all():
        payment, open_payment = seller_order.payment, _open(seller_order)
        transfer = None
        if open_payment and payment.method == Method.VIETQR:
            transfer = transfer_details(seller_order)
            if transfer:
                transfer["svg"] = qr_svg(transfer["payload"])
                to_transfer += payment.amount
        if open_payment and payment.method == Method.STRIPE and card_on:
            to_card += payment.amount
        blocks.append({"so": seller_order, "payment": payment, "vietqr": transfer})
    live = [b["so"] for b in blocks if b["so"].status not in CLOSED]
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "blocks": blocks,
            "order_total": sum(so.total for so in live),
            "shops": len(live),
            "to_transfer": to_transfer,
            "to_card": to_card,
        },
    )


def order_vietqr_png(request, token, number):
    """The seller order's VietQR as a PNG to save: banking apps open a QR from the gallery."""
    order = selectors.order_by_token(token)
    seller_order = order and next(
        (s for s in order.seller_orders.all() if s.number == number), None
    )
    if seller_order is None or seller_order.payment.method != Method.VIETQR:
        raise Http404
    transfer = _open(seller_order) and transfer_details(seller_order)
    if not transfer:
        raise Http404
    response = HttpResponse(qr_png(transfer["payload"]), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="VietQR-{seller_order.number}.png"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def pay_by_card(request, token):
    """One Stripe Checkout for every seller order of the checkout still to pay by card."""
    order = selectors.order_by_token(token)
    if order is None:
        raise Http404
    back = request.build_absolute_uri(reverse("orders:order_detail", args=[token]))
    try:
        url = payment_services.stripe_checkout_start(
            payments=[so.payment for so in order.seller_orders.all()],
            success_url=back + "?paid=1",
            cancel_url=back,
        )
    except OrderError as error:
        messages.error(request, error.message)
        return redirect(back)
    except StripeUnavailable:
        messages.error(request, _("Card payment is not reachable now. Try again in a moment."))
        return redirect(back)
    return redirect(url)
