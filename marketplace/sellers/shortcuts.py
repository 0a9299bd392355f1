"""The shop a seller-portal path names, checked once for every portal view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from marketplace.accounts.models import User

from .models import Seller
from .permissions import can_manage_seller


def seller_for_portal(*, user: User, slug: str, hide: bool = False) -> Seller:
    """The shop `/cua-hang-cua-toi/<slug>/...` names, if `user` may run it.

    404 when there is no such shop, 403 when it is someone else's (404 with `hide`, for
    pages such as orders that never tell an outsider what exists): every page under a
    shop asks this first, then checks that its object (lot, order, product) is the shop's.
    """
    seller = get_object_or_404(
        Seller.objects.select_related("household__commune", "cooperative__commune"), slug=slug
    )
    if not can_manage_seller(user, seller):
        raise Http404 if hide else PermissionDenied
    return seller
