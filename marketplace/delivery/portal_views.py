"""A shop's delivery options in the seller portal: list, add (one kind at a time), edit,
switch on or off. Every view gets the shop from `seller_for_portal` (the user must run
it) and finds the option among that shop's only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.shortcuts import render_form
from marketplace.sellers.shortcuts import seller_for_portal

from . import selectors, services
from .carriers import CARRIERS, carrier_get
from .describe import area_words, fee_words
from .errors import DeliveryError
from .forms import KIND_FIELDS, DeliveryOptionForm, SwitchForm
from .models import DeliveryOption, Kind


def _option(seller, pk) -> DeliveryOption:
    return get_object_or_404(DeliveryOption, pk=pk, seller=seller)


@login_required
def option_list(request, seller_slug):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    province_name = seller.commune.province.name
    rows = [
        {
            "option": option,
            "fee": fee_words(option),
            "areas": area_words(option, province_name=province_name),
        }
        for option in selectors.seller_options(seller=seller)
    ]
    return render(
        request,
        "delivery/portal/option_list.html",
        {"seller": seller, "rows": rows, "kinds": [(k, Kind(k).label) for k in KIND_FIELDS]},
    )


def _form_page(request, seller, form: DeliveryOptionForm, option: DeliveryOption):
    """Save the option when the form is right, else show it again with its messages."""
    title = str(option) if option.pk else Kind(option.kind).label
    if request.method == "POST" and form.is_valid():
        try:
            services.option_save(option=form.fill(option), actor=request.user, **form.areas())
        except DeliveryError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Delivery option saved."))
            return redirect("portal:delivery_options", seller_slug=seller.slug)
    carriers = [
        {"name": carrier.name, "connected": carrier_get(code) is not None}
        for code, carrier in CARRIERS.items()
    ]
    return render_form(
        request,
        "delivery/portal/option_form.html",
        {
            "seller": seller,
            "form": form,
            "option": option,
            "title": title,
            "carriers": carriers if option.kind == Kind.COURIER else [],
        },
        forms=[form],
    )


@login_required
def option_create(request, seller_slug, kind):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    if kind not in KIND_FIELDS:
        raise Http404
    form = DeliveryOptionForm(request.POST or None, seller=seller, kind=kind)
    return _form_page(request, seller, form, DeliveryOption(seller=seller, kind=kind))


@login_required
def option_edit(request, seller_slug, pk):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    option = _option(seller, pk)
    form = DeliveryOptionForm(
        request.POST or None, seller=seller, kind=option.kind, instance=option
    )
    return _form_page(request, seller, form, option)


@login_required
@require_POST
def option_switch(request, seller_slug, pk):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    option = _option(seller, pk)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    services.option_switch(option=option, active=form.cleaned_data["active"], actor=request.user)
    if option.is_active:
        messages.success(request, _("“%(name)s” is offered to buyers again.") % {"name": option})
    else:
        messages.success(request, _("“%(name)s” is no longer offered.") % {"name": option})
    return redirect("portal:delivery_options", seller_slug=seller.slug)
