"""Reads of a seller's delivery options that the portal's pages share."""

from django.db.models import QuerySet

from .models import DeliveryOption


def seller_options(*, seller) -> QuerySet[DeliveryOption]:
    """All of the seller's options, offered ones first, with their areas: three queries."""
    return (
        DeliveryOption.objects.filter(seller=seller)
        .select_related("place")
        .prefetch_related("communes", "provinces")
        .order_by("-is_active", "position", "pk")
    )


def seller_has_active_option(*, seller) -> bool:
    return DeliveryOption.objects.filter(seller=seller, is_active=True).exists()
