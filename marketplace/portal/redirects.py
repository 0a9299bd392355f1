"""Old portal addresses answer with a redirect to the shop's own path.

Before the portal had one shape, orders and lots lived at /cua-hang-cua-toi/don-hang/
and /cua-hang-cua-toi/lo-hang/, the shop picked by `?seller=`. A target that follows
from the address (the shop named, the lot's or the order's shop) is a permanent 301;
without `?seller=` the target depends on who asks (their only shop, else the portal
home to pick one), so that one is a temporary 302 that no browser keeps.
Nobody learns of a shop they may not run: such a request gets a 404.
"""

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse

from marketplace.orders.selectors import seller_order_detail
from marketplace.sellers.models import Seller
from marketplace.sellers.permissions import can_manage_seller
from marketplace.sellers.selectors import sellers_managed_by
from traceability.selectors import lot_for_seller_page

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _target(request, name: str, *, seller: Seller, **kwargs) -> str:
    query = {k: v for k, v in request.GET.lists() if k != "seller"}
    target = reverse(name, kwargs={"seller_slug": seller.slug, **kwargs})
    return target + ("?" + urlencode(query, doseq=True) if query else "")


def _moved(request, name: str, *, seller: Seller, **kwargs) -> HttpResponsePermanentRedirect:
    return HttpResponsePermanentRedirect(_target(request, name, seller=seller, **kwargs))


def _to_shop(request, name: str):
    """`?seller=<slug>` names the shop; without it, the user's only shop or the home."""
    managed = sellers_managed_by(user=request.user)
    slug = request.GET.get("seller", "")
    if slug:
        seller = managed.filter(slug=slug).first() if _SLUG.fullmatch(slug) else None
        if seller is None:
            raise Http404
        return _moved(request, name, seller=seller)
    shops = list(managed.order_by("pk")[:2])
    if len(shops) != 1:
        return redirect("portal:home")
    return redirect(_target(request, name, seller=shops[0]))


@login_required
def order_list(request):
    return _to_shop(request, "portal:order_list")


@login_required
def lot_list(request):
    return _to_shop(request, "portal:lot_list")


@login_required
def lot_create(request):
    return _to_shop(request, "portal:lot_create")


@login_required
def order_detail(request, number):
    seller_order = seller_order_detail(number=number)
    if seller_order is None or not can_manage_seller(request.user, seller_order.seller):
        raise Http404
    return _moved(request, "portal:order_detail", seller=seller_order.seller, number=number)


@login_required
def lot_page(request, pk, rest):
    lot = lot_for_seller_page(pk=int(pk))
    if lot is None or not can_manage_seller(request.user, lot.seller):
        raise Http404
    target = reverse("portal:lot_detail", kwargs={"seller_slug": lot.seller.slug, "pk": lot.pk})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(target + rest + (f"?{query}" if query else ""))
