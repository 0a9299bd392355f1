"""The seller portal's own pages: a shop's home, its details, and a cooperative's
members (list, join, leave, sales and codes).

Every view checks `sellers.permissions.can_manage_members`; what a manager does in a
member's shop is checked by `can_manage_seller` in the shop's own views.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import selectors as catalog_selectors
from marketplace.core.shortcuts import render_form
from marketplace.delivery import selectors as delivery_selectors
from marketplace.onboarding.errors import OnboardingError
from marketplace.onboarding.services import takeover_code_issue
from marketplace.orders.selectors import delivered_sales_by_seller
from marketplace.sellers import selectors
from marketplace.sellers.errors import SellerError
from marketplace.sellers.models import CooperativeMembership, Seller
from marketplace.sellers.permissions import can_manage_members
from marketplace.sellers.services import membership_add, membership_end, seller_details_update
from marketplace.sellers.shortcuts import seller_for_portal

from .forms import MemberAddForm, MemberEndForm, PeriodForm, SellerDetailsForm


def _cooperative_shop(request, seller_slug) -> Seller:
    seller = get_object_or_404(
        Seller.objects.select_related("cooperative__commune"), slug=seller_slug
    )
    if seller.cooperative_id is None:
        raise Http404
    if not can_manage_members(request.user, seller.cooperative):
        raise PermissionDenied
    return seller


def _open_membership(seller: Seller, pk: int) -> CooperativeMembership:
    return get_object_or_404(
        CooperativeMembership.objects.select_related("household__commune", "cooperative"),
        pk=pk,
        cooperative=seller.cooperative,
        ended_at__isnull=True,
    )


def _members_page(request, seller, *, add_form, code=None, code_for=None):
    cooperative = seller.cooperative
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    memberships = selectors.cooperative_members(cooperative=cooperative)
    shops = {m.pk: getattr(m.household, "seller", None) for m in memberships}
    sales = delivered_sales_by_seller(
        seller_ids=[shop.pk for shop in shops.values() if shop], start=start, end=end
    )
    empty = {"orders": 0, "amount": 0}
    rows = [
        {
            "membership": m,
            "shop": shops[m.pk],
            "sales": sales.get(getattr(shops[m.pk], "pk", None), empty),
        }
        for m in memberships
    ]
    context = {
        "seller": seller,
        "cooperative": cooperative,
        "rows": rows,
        "total": {
            "orders": sum(r["sales"]["orders"] for r in rows),
            "amount": sum(r["sales"]["amount"] for r in rows),
        },
        "period_form": period_form,
        "start": start,
        "end": end,
        "add_form": add_form,
        "former": selectors.cooperative_former_members(cooperative=cooperative),
        "acts": selectors.acts_for_members(cooperative=cooperative),
        "code": code,
        "code_for": code_for,
    }
    return render_form(request, "portal/members.html", context, forms=[add_form, period_form])


@login_required
def members(request, seller_slug):
    seller = _cooperative_shop(request, seller_slug)
    add_form = MemberAddForm(request.POST or None)
    if request.method == "POST" and add_form.is_valid():
        try:
            membership = membership_add(
                actor=request.user,
                cooperative=seller.cooperative,
                phone=add_form.cleaned_data["phone"],
                consent=add_form.cleaned_data["consent"],
            )
        except SellerError as error:
            add_form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": membership.household.head_name},
            )
            return redirect("portal:members", seller_slug=seller.slug)
    return _members_page(request, seller, add_form=add_form)


@login_required
def member_end(request, seller_slug, pk):
    seller = _cooperative_shop(request, seller_slug)
    membership = _open_membership(seller, pk)
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_end(
                actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
            )
        except SellerError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("%(name)s has left the cooperative.") % {"name": membership.household.head_name},
            )
            return redirect("portal:members", seller_slug=seller.slug)
    return render_form(
        request,
        "portal/member_end.html",
        {"seller": seller, "membership": membership, "form": form},
        forms=[form],
    )


@login_required
@require_POST
def member_code(request, seller_slug, pk):
    """A one-time code with which the member sets a new password at /kich-hoat/."""
    seller = _cooperative_shop(request, seller_slug)
    membership = _open_membership(seller, pk)
    try:
        code = takeover_code_issue(actor=request.user, household=membership.household)
    except OnboardingError as error:
        messages.error(request, str(error))
        return redirect("portal:members", seller_slug=seller.slug)
    # Shown once, on this answer only: the code is stored hashed.
    return _members_page(
        request, seller, add_form=MemberAddForm(), code=code, code_for=membership.household
    )


@login_required
def shop(request, seller_slug):
    """A shop's home: its products and its pages, and what it lacks to sell well. It lives
    here, above catalog and delivery, because it reads both."""
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    context = {
        "seller": seller,
        "products": catalog_selectors.seller_products(seller=seller),
        "delivery_missing": not delivery_selectors.seller_has_active_option(seller=seller),
    }
    return render(request, "catalog/portal/shop.html", context)


@login_required
def details(request, seller_slug):
    seller = seller_for_portal(user=request.user, slug=seller_slug)
    form = SellerDetailsForm(request.POST or None, instance=seller)
    if request.method == "POST" and form.is_valid():
        seller.refresh_from_db()
        try:
            seller_details_update(actor=request.user, seller=seller, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Shop details saved."))
            return redirect("portal:shop", seller_slug=seller.slug)
    return render(request, "portal/details.html", {"seller": seller, "form": form})
