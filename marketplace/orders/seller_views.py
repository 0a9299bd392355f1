"""A seller's orders in the portal: the list, its spreadsheet, and one order's page with
the seller's moves (confirm, ship, deliver, cancel, record a payment, refund)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.spreadsheets import sheet_response
from marketplace.delivery.carriers import carrier_get
from marketplace.payments import services as payment_services
from marketplace.payments.methods import method_get
from marketplace.payments.models import PaymentStatus
from marketplace.sellers.shortcuts import seller_for_portal

from . import selectors, shipping, states
from .errors import OrderError
from .forms import ReasonForm, ShipForm
from .models import OrderStatus
from .order_pages import payment_block

EXPIRING = "expiring"


@login_required
def seller_order_list(request, seller_slug):
    seller = seller_for_portal(user=request.user, slug=seller_slug, hide=True)
    status = request.GET.get("status", "")
    if status not in (*OrderStatus.values, EXPIRING):
        status = ""
    orders = selectors.seller_orders_for(
        user=request.user,
        status="" if status == EXPIRING else status,
        seller_slug=seller.slug,
    )
    if status == EXPIRING:
        orders = selectors.seller_orders_expiring(orders=orders)
    page = Paginator(orders, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/seller_order_list.html",
        {
            "orders": page,
            "status": status,
            "statuses": OrderStatus.choices,
            "expiring": EXPIRING,
            "expiring_count": selectors.seller_orders_expiring(
                orders=selectors.seller_orders_for(user=request.user, seller_slug=seller.slug)
            ).count(),
            "seller": seller,
        },
    )


@login_required
def seller_order_export(request, seller_slug):
    """The shop's orders (of the status shown, if one is chosen) as CSV or, with
    `?dang=xlsx`, XLSX."""
    seller = seller_for_portal(user=request.user, slug=seller_slug, hide=True)
    status = request.GET.get("status", "")
    orders = selectors.seller_orders_for(
        user=request.user,
        status=status if status in OrderStatus.values else "",
        seller_slug=seller.slug,
    )
    response = sheet_response(
        rows=selectors.seller_orders_rows(orders=orders),
        fmt=request.GET.get("dang", "csv"),
        title=_("Orders"),
        filename=f"don-hang-{seller.slug}",
    )
    if response is None:
        raise Http404
    return response


def _can_book(seller_order) -> bool:
    """A confirmed order whose buyer chose a courier we are connected to, not booked."""
    shipment = getattr(seller_order, "shipment", None)
    return bool(
        shipment
        and seller_order.status == OrderStatus.CONFIRMED
        and not shipment.tracking_number
        and carrier_get(shipment.carrier)
    )


# Buttons of the seller's order page: action -> target state.
ACTIONS = {
    "confirm": OrderStatus.CONFIRMED,
    "ship": OrderStatus.SHIPPED,
    "deliver": OrderStatus.DELIVERED,
    "cancel": OrderStatus.CANCELLED,
}
# One tap does not cancel or refund: these come from a confirm step with a reason.
NEEDS_REASON = {"cancel", "refund"}


def _seller_order_act(request, seller_order) -> None:
    """Carry out the seller's button (a move of the order, cash or transfer received, a
    refund) and say how it went; a cancel or refund without its reason changes nothing."""
    action = request.POST.get("action", "")
    reason = ""
    if action in NEEDS_REASON:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Write the reason for the buyer first: nothing was changed."))
            return
        reason = form.cleaned_data["reason"]
    try:
        if action == "ship":
            _ship(request, seller_order)
        elif action == "book":
            shipping.seller_order_book(seller_order=seller_order, actor=request.user)
        elif action in ACTIONS:
            states.seller_order_transition(
                seller_order=seller_order,
                to_status=ACTIONS[action],
                actor=request.user,
                expected_status=request.POST.get("expected_status", ""),
                note=reason,
            )
        elif action == "received":
            payment_services.payment_confirm_received(
                payment=seller_order.payment, actor=request.user
            )
        elif action == "refund":
            payment_services.payment_refund(
                payment=seller_order.payment, actor=request.user, note=reason
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))


def _ship(request, seller_order) -> None:
    form = ShipForm(request.POST)
    if not form.is_valid():
        raise OrderError(
            " ".join(str(m) for errors in form.errors.values() for m in errors)
            or _("Check the courier and the tracking number.")
        )
    shipping.seller_order_ship(
        seller_order=seller_order,
        actor=request.user,
        carrier=form.cleaned_data["carrier"],
        tracking_number=form.cleaned_data["tracking_number"],
        expected_status=request.POST.get("expected_status", ""),
    )


@login_required
def seller_order_detail(request, seller_slug, number):
    seller = seller_for_portal(user=request.user, slug=seller_slug, hide=True)
    seller_order = selectors.seller_order_detail(number=number)
    if seller_order is None or seller_order.seller_id != seller.pk:
        raise Http404
    if request.method == "POST":
        _seller_order_act(request, seller_order)
        return redirect("portal:order_detail", seller_slug=seller.slug, number=number)
    allowed = states.TRANSITIONS[seller_order.status]
    block = payment_block(seller_order)
    payment = block["payment"]
    return render(
        request,
        "orders/seller_order_detail.html",
        {
            "so": seller_order,
            "payment": payment,
            "pay": block["pay"],
            "actions": [a for a, target in ACTIONS.items() if target in allowed],
            "can_record_payment": payment.status == PaymentStatus.PENDING
            and method_get(payment.method).seller_confirms
            and seller_order.status not in (OrderStatus.CANCELLED, OrderStatus.REFUNDED),
            "can_refund": payment.status == PaymentStatus.PAID,
            "reason_form": ReasonForm(),
            "ship_form": ShipForm(),
            "can_book": _can_book(seller_order),
        },
    )
