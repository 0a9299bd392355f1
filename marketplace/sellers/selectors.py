from django.db.models import Q, QuerySet

from marketplace.accounts.models import User

from .models import Seller


def sellers_of_user(user: User) -> QuerySet[Seller]:
    """The shops a user runs as their own: their household's, or cooperatives they manage."""
    if not user.is_authenticated:
        return Seller.objects.none()
    return (
        Seller.objects.filter(
            Q(household__user=user)
            | Q(household__members__user=user)
            | Q(cooperative__managers=user)
        )
        .select_related("household__commune__province", "cooperative__commune__province")
        .distinct()
    )


def seller_in_communes(communes) -> QuerySet[Seller]:
    return Seller.objects.filter(
        Q(household__commune__in=communes) | Q(cooperative__commune__in=communes)
    )
