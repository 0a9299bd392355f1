"""Who may see which part of the country."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import resolve_url
from django.urls import reverse

from marketplace.regions.models import Commune

from .models import Role, User


def communes_visible_to(*, user: User) -> QuerySet[Commune]:
    """Communes in the areas of an officer or provincial administrator; none for others.

    A superuser sees every commune.
    """
    if not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    if user.role not in (Role.OFFICER, Role.ADMIN):
        return Commune.objects.none()
    areas = list(user.areas.values_list("province_id", "commune_id"))
    province_ids = [p for p, _ in areas if p]
    commune_ids = [c for _, c in areas if c]
    return Commune.objects.filter(Q(province_id__in=province_ids) | Q(id__in=commune_ids))


def landing_url(*, user: User, back: str = "") -> str:
    """Where a person lands after logging in with no `next`: people who run a shop on
    "Cửa hàng của tôi"; everyone else back where they were (`back`), or home."""
    if user.is_authenticated and user.role in (Role.HOUSEHOLD, Role.COOP_MANAGER):
        return reverse("portal:home")
    return back or resolve_url(settings.LOGIN_REDIRECT_URL)
