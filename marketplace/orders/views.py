"""The buyer's pages of ordering: the cart, checkout and cancelling an order still pending."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from marketplace.accounts.phone import display_phone
from marketplace.core.client_address import client_ip
from marketplace.core.csrf import same_origin_post
from marketplace.core.errors import DomainError
from marketplace.core.http_cache import public_page
from marketplace.core.params import id_from
from marketplace.payments.methods import method_get, methods_available
from marketplace.payments.models import Method
from marketplace.regions.selectors import commune_list, province_list

from . import cart as cart_services
from . import placing, selectors, states
from .checkout_delivery import (
    cart_place,
    chosen_from,
    commune_get,
    delivery_commune,
    delivery_refusal,
    saved_addresses,
    summary_for,
)
from .errors import OrderError
from .forms import AddToCartForm, CheckoutForm, ReasonForm
from .limits import cart_capped_message
from .order_pages import SESSION_TOKENS


def _back(request, default: str) -> str:
    target = request.POST.get("next") or default
    # A path on this site only: `redirect` would take a bare word for a view name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}
    ):
        return default
    return target


@same_origin_post  # the form sits on the product page every visitor shares
@require_POST
def cart_add(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 1 and 999."))
        return redirect(_back(request, reverse("orders:cart")))
    product = Product.objects.filter(pk=form.cleaned_data["product"]).first()
    if product is None:
        raise Http404
    try:
        added = cart_services.cart_add(
            request=request, product=product, quantity=form.cleaned_data["quantity"]
        )
    except OrderError as error:
        messages.error(request, error.message)
    else:
        if added.capped:
            messages.warning(request, cart_capped_message(product, added.in_cart))
        else:
            messages.success(request, _("Added “%(name)s” to your cart.") % {"name": product.name})
    return redirect(_back(request, reverse("orders:cart")))


def _cart_quantities_set(request) -> bool:
    """Each `qty-<id>` posted, capped by cart_set (an unreadable one counts as 1); the
    buyer is told of every line lowered. Whether one was."""
    lowered = False
    for key, value in request.POST.items():
        product_id = id_from(key[4:]) if key.startswith("qty-") else None
        if product_id is None:
            continue
        quantity = id_from(value)
        line = cart_services.cart_set(
            request=request, product_id=product_id, quantity=1 if quantity is None else quantity
        )
        if line and line.capped:
            messages.warning(request, cart_capped_message(line.product, line.in_cart))
            lowered = True
    return lowered


def cart(request):
    if request.method == "POST":
        if id_from(request.POST.get("remove")) is not None:
            cart_services.cart_set(
                request=request, product_id=id_from(request.POST["remove"]), quantity=0
            )
        elif _cart_quantities_set(request):
            return redirect("orders:cart")  # what was lowered is the news
        messages.success(request, _("Cart updated."))
        return redirect("orders:cart")
    groups = selectors.cart_groups(items=selectors.cart_items(request=request))
    lines = selectors.cart_lines(groups=groups)
    place = cart_place(request)
    return render(
        request,
        "orders/cart.html",
        {
            "groups": groups,
            "summary": summary_for(groups=groups, commune=place["commune"]),
            "blocked": [line for line in lines if line.problem],
            "capped": [line for line in lines if line.capped],
            **place,
        },
    )


def _error_summary(form) -> list[dict]:
    """Every error of the form in page order, each with the id of its field to link to."""
    errors = [{"field": None, "message": m} for m in form.non_field_errors()]
    for field in form.visible_fields():
        errors += [
            {"field": field.id_for_label, "label": field.label, "message": m} for m in field.errors
        ]
    return errors


def _vietqr_missing(groups) -> list[str]:
    """Names of the cart's sellers who cannot receive a VietQR transfer (no bank
    account): with VietQR, their parts are paid cash on delivery."""
    vietqr = method_get(Method.VIETQR)
    return [g.seller.name for g in groups if vietqr.for_seller(g.seller) is not vietqr]


def _blank_checkout_form(request, *, methods, addresses, commune) -> CheckoutForm:
    """The first visit: filled in from the address chosen (`?dia-chi=`), else the newest
    saved one, else the signed-in buyer's account; the commune picked earlier stays."""
    user = request.user
    initial = {}
    if user.is_authenticated:
        initial.update(name=user.display_name, phone=display_phone(user.phone), email=user.email)
    picked = id_from(request.GET.get("dia-chi"))
    saved = next((a for a in addresses if a.pk == picked), addresses[0] if addresses else None)
    if saved is not None and (picked or saved.commune_id == getattr(commune, "pk", None)):
        initial.update(name=saved.name, phone=display_phone(saved.phone), address=saved.address)
    if commune is not None:
        initial.update(province=commune.province_id, commune=commune.pk)
    return CheckoutForm(initial=initial, methods=methods, province_id=initial.get("province"))


def _checkout_post(request, *, groups, methods, province_id, state, summary):
    """The form as posted, and the order if it was placed (else None)."""
    data = request.POST
    if "pick_province" in data or "pick_commune" in data:
        # Only the place changed: show the form again, filled in, without errors.
        return CheckoutForm(initial=data.dict(), methods=methods, province_id=province_id), None
    form = CheckoutForm(data, methods=methods, province_id=province_id)
    if form.is_valid() and data.get("cart_state") != state:
        form.add_error(
            None,
            _(
                "Your cart changed since this page was opened (stock or price): "
                "check your order above, then place it again."
            ),
        )
    if form.is_valid():
        refusal = delivery_refusal(summary, data)
        if refusal:
            form.add_error(None, refusal)
    if not form.is_valid():
        return form, None
    order = _place(
        request, form.cleaned_data, selectors.cart_orderable(groups=groups), summary.quotes
    )
    if isinstance(order, str):
        form.add_error(None, order)
        return form, None
    return form, order


def checkout(request):
    groups = selectors.cart_groups(items=selectors.cart_items(request=request))
    if not groups:
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    if any(line.problem for line in selectors.cart_lines(groups=groups)):
        # The cart page marks the lines that cannot be bought; fix them there first.
        messages.error(request, _("Some products in your cart cannot be bought now: see below."))
        return redirect("orders:cart")
    methods = methods_available(sellers=[g.seller for g in groups])
    state = selectors.cart_state(groups=groups)
    posted = request.POST if request.method == "POST" else None
    addresses = saved_addresses(request)
    data = posted if posted is not None else request.GET
    address = next((a for a in addresses if a.pk == id_from(data.get("dia-chi"))), None)
    commune = delivery_commune(
        request,
        posted=address.commune_id if address else data.get("commune"),
        addresses=addresses,
    )
    summary = summary_for(groups=groups, commune=commune, chosen=chosen_from(data))
    if posted is not None:
        form, order = _checkout_post(
            request,
            groups=groups,
            methods=methods,
            province_id=posted.get("province"),
            state=state,
            summary=summary,
        )
        if order is not None:
            messages.success(request, _("Thank you! Your order has been placed."))
            return redirect("orders:order_detail", token=order.token)
    else:
        form = _blank_checkout_form(request, methods=methods, addresses=addresses, commune=commune)
    missing = _vietqr_missing(groups)
    return render(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "summary": summary,
            "addresses": addresses,
            "cart_state": state,
            "errors": _error_summary(form) if form.is_bound else [],
            "vietqr_missing": missing,
            "vietqr_none": len(missing) == len(groups),
        },
    )


def checkout_summary(request):
    """The order summary with each seller's delivery to `?commune=`, for checkout.js to
    swap in when the commune or a delivery choice changes."""
    groups = selectors.cart_groups(items=selectors.cart_items(request=request))
    commune = commune_get(request.GET.get("commune"))
    if commune is not None:
        delivery_commune(request, posted=commune.pk)
    summary = summary_for(groups=groups, commune=commune, chosen=chosen_from(request.GET))
    return render(request, "orders/_checkout_summary.html", {"summary": summary})


def _address_hash(request) -> str:
    """The buyer's network address, hashed with the site's secret: enough to count a
    guest's open orders, not a record of where they are."""
    address = client_ip(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:16]


def _place(request, fields, items, quotes):
    """Place the order and empty those lines of the cart; the order, or the refusal's
    message for the form (the buyer keeps everything they typed)."""
    try:
        order = placing.order_place(
            buyer=request.user,
            items=items,
            name=fields["name"],
            phone=fields["phone"],
            email=fields["email"],
            address=fields["address"],
            commune=fields["commune"],
            note=fields["note"],
            payment_method=fields["payment_method"],
            quotes=quotes,
            placed_from=_address_hash(request),
            guest_tokens=request.session.get(SESSION_TOKENS, []),
        )
    except OrderError as error:
        return error.message
    cart_services.cart_clear(request=request, product_ids=items)
    request.session[SESSION_TOKENS] = [
        order.token,
        *request.session.get(SESSION_TOKENS, []),
    ][:20]
    return order


@public_page(max_age=3600)
def checkout_communes(request):
    """The communes of a province as JSON, for the checkout page's script to fill the list
    when the province changes; without JavaScript the “Show communes” button does it."""
    province = province_list().filter(pk=id_from(request.GET.get("province")) or 0).first()
    communes = commune_list(province=province).values_list("pk", "name") if province else []
    return JsonResponse({"communes": [{"id": pk, "name": name} for pk, name in communes]})


@require_POST
def buyer_cancel(request, token, number):
    """The confirm step of the order page (a <details>, no JavaScript) posts here."""
    order = selectors.order_by_token(token=token)
    seller_order = order and next(
        (s for s in order.seller_orders.all() if s.number == number), None
    )
    if seller_order is None:
        raise Http404
    form = ReasonForm(request.POST, required=False)
    back = reverse("orders:order_detail", args=[token]) + f"#{seller_order.number}"
    if not form.is_valid():
        messages.error(request, _("The reason is too long (250 characters at most)."))
        return redirect(back)
    try:
        states.seller_order_buyer_cancel(
            seller_order=seller_order,
            actor=request.user if request.user.is_authenticated else None,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Order %(number)s is cancelled; the seller sees it in their orders.")
            % {"number": seller_order.number},
        )
    return redirect(back)
