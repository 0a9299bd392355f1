"""Buyers find their orders again: the account's list, this browser's list, or a lookup by
phone number and order number for a guest on another phone. The number is the whole
order's (CS000007: the page with every shop's part) or one shop's (CS000007-2: the same
page, at that part).

The lookup must not let anyone walk through order numbers: a wrong phone and a wrong
number get the same answer, and each browser session and each address gets a few tries
per quarter of an hour (counted in the cache, shared by every web process).
"""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.phone import normalize_phone
from marketplace.core.client_address import client_ip
from marketplace.core.shortcuts import render_form

from . import selectors
from .order_pages import SESSION_TOKENS, remember_order

TRIES = 8
WINDOW = 15 * 60


class LookupForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number used for the order"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    number = forms.CharField(
        label=_("Order number"),
        max_length=20,
        help_text=_(
            "As in the e-mail or on the order page: the whole order, e.g. CS000123, "
            "or one shop's part, e.g. CS000123-1."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_number(self):
        return selectors.order_number_clean(self.cleaned_data["number"])


def _throttle_keys(request) -> list[str]:
    if not request.session.session_key:
        request.session.save()
    return [
        f"order-lookup:session:{request.session.session_key}",
        f"order-lookup:ip:{client_ip(request)}",
    ]


def _throttled(keys: list[str]) -> bool:
    return any((cache.get(key) or 0) >= TRIES for key in keys)


def _count_miss(keys: list[str]) -> None:
    for key in keys:
        if not cache.add(key, 1, WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, WINDOW)


def my_orders(request):
    if request.user.is_authenticated:
        orders = selectors.orders_of_buyer(user=request.user)
    else:
        orders = selectors.orders_by_tokens(tokens=request.session.get(SESSION_TOKENS, []))
    return render_form(request, "orders/my_orders.html", {"orders": orders, "form": LookupForm()})


def order_lookup(request):
    """POST phone + order number; on a match the order joins this browser's list."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        keys = _throttle_keys(request)
        if _throttled(keys):
            form.is_valid()
            form.add_error(None, _("Too many tries. Wait a quarter of an hour and try again."))
            return _lookup_page(request, form, status=429)
        order = None
        if form.is_valid():
            order = selectors.order_find(
                phone=form.cleaned_data["phone"], number=form.cleaned_data["number"]
            )
        if order is not None:
            remember_order(request, order.token)
            number = form.cleaned_data["number"]
            part = f"#{number}" if "-" in number else ""
            return redirect(reverse("orders:order_detail", args=[order.token]) + part)
        _count_miss(keys)
        if not form.errors:
            # The same answer whichever of the two was wrong.
            form.add_error(
                None,
                ValidationError(
                    _("No order matches this phone number and order number. Check both.")
                ),
            )
    return _lookup_page(request, form)


def _lookup_page(request, form, status=None):
    orders = selectors.orders_by_tokens(tokens=request.session.get(SESSION_TOKENS, []))
    response = render_form(
        request, "orders/my_orders.html", {"orders": orders, "form": form}, forms=[form]
    )
    if status:
        response.status_code = status
    return response
