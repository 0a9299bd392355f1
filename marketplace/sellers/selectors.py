from django.db.models import Q, QuerySet

from marketplace.accounts.models import User
from marketplace.accounts.selectors import communes_visible_to

from .models import AssistedAct, Cooperative, CooperativeMembership, Seller


def sellers_of_user(*, user: User) -> QuerySet[Seller]:
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


def member_sellers_of_user(*, user: User) -> QuerySet[Seller]:
    """Shops of the households that are, today, members of cooperatives the user manages."""
    if not user.is_authenticated:
        return Seller.objects.none()
    households = CooperativeMembership.objects.filter(
        cooperative__managers=user, ended_at__isnull=True
    ).values("household_id")
    return Seller.objects.filter(household_id__in=households)


def sellers_in_area(*, user: User) -> QuerySet[Seller]:
    """Shops whose commune lies in the area of an officer or provincial administrator:
    the communes and whole provinces of their officer areas; every shop's commune for a
    superuser; no shop for anyone else (`accounts.selectors.communes_visible_to`).
    One query for the areas, then one when evaluated."""
    communes = communes_visible_to(user=user)
    return Seller.objects.filter(
        Q(household__commune__in=communes) | Q(cooperative__commune__in=communes)
    )


def sellers_managed_by(*, user: User) -> QuerySet[Seller]:
    """Every shop `user` may open in the seller portal: own shops, the shops of the
    households that are members of cooperatives they manage, and for officers the shops
    of their area. `permissions.can_manage_seller` asks this list, so the two agree.
    Subqueries only: one query when evaluated (two for officers, who have areas)."""
    if not user.is_authenticated:
        return Seller.objects.none()
    own = sellers_of_user(user=user).values("pk")
    members = member_sellers_of_user(user=user).values("pk")
    area = sellers_in_area(user=user).values("pk")
    return Seller.objects.filter(Q(pk__in=own) | Q(pk__in=members) | Q(pk__in=area))


def cooperative_members(*, cooperative: Cooperative) -> list[CooperativeMembership]:
    """Open memberships with each household, its commune and its shop: one query."""
    return list(
        CooperativeMembership.objects.filter(cooperative=cooperative, ended_at__isnull=True)
        .select_related("household__commune", "household__seller", "added_by")
        .order_by("household__head_name_folded")
    )


def cooperative_former_members(*, cooperative: Cooperative) -> list[CooperativeMembership]:
    return list(
        CooperativeMembership.objects.filter(cooperative=cooperative, ended_at__isnull=False)
        .select_related("household", "ended_by")
        .order_by("-ended_at")[:50]
    )


def acts_for_members(*, cooperative: Cooperative, limit: int = 10) -> list[AssistedAct]:
    """The latest acts done on behalf of the cooperative's members (past and present),
    by anyone: managers and officers. One query."""
    households = CooperativeMembership.objects.filter(cooperative=cooperative).values(
        "household_id"
    )
    return list(
        AssistedAct.objects.filter(household_id__in=households)
        .select_related("actor", "household", "seller")
        .order_by("-created_at", "-pk")[:limit]
    )


def seller_recipients(*, seller: Seller) -> list[tuple[str, dict]]:
    """(idempotency suffix, `notifications.send` arguments) for each person told of news
    of a shop: the household (its user, else its phone), or each manager of a cooperative."""
    if seller.household_id:
        household = seller.household
        user = household.user
        if user is not None:
            return [("", {"to_user": user, "phone": user.phone or household.phone})]
        return [("", {"phone": household.phone})] if household.phone else []
    return [(f":u{user.pk}", {"to_user": user}) for user in seller.cooperative.managers.all()]
