"""Plain predicates: who may run a seller's shop.

`can_manage_seller` is the one place that decides who may open a shop in the seller
portal (products, lots, orders, storefront); every portal view asks it. It asks
`selectors.sellers_managed_by`, the list of those shops, so the two never disagree.
"""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune

from .models import Cooperative, CooperativeMembership, Household, Seller
from .selectors import sellers_managed_by


def is_own_household(user: User, household: Household | None) -> bool:
    if household is None or not user.is_authenticated:
        return False
    if household.user_id == user.pk:
        return True
    return household.members.filter(user_id=user.pk).exists()


def is_own_seller(user: User, seller: Seller) -> bool:
    """The household's own people, or a manager of the cooperative."""
    if not user.is_authenticated:
        return False
    if seller.household_id:
        return is_own_household(user, seller.household)
    return seller.cooperative.managers.filter(pk=user.pk).exists()


def manages_cooperative(user: User, cooperative: Cooperative) -> bool:
    return user.is_authenticated and cooperative.managers.filter(pk=user.pk).exists()


def is_member_of_managed_cooperative(user: User, household: Household | None) -> bool:
    """The household is, today, a member of a cooperative this user manages."""
    if household is None or not user.is_authenticated:
        return False
    return CooperativeMembership.objects.filter(
        household=household, ended_at__isnull=True, cooperative__managers=user
    ).exists()


def can_manage_seller(user: User, seller: Seller) -> bool:
    """Own people; a manager of a cooperative the household belongs to; or an officer
    whose area holds the seller's commune. The last two act on the seller's behalf."""
    return sellers_managed_by(user=user).filter(pk=seller.pk).exists()


def can_manage_members(user: User, cooperative: Cooperative) -> bool:
    """A manager of the cooperative, or an officer of its commune."""
    return manages_cooperative(user, cooperative) or can_act_in_commune(user, cooperative.commune)


def can_issue_code(user: User, household: Household) -> bool:
    """Who may give a household a one-time code to set (or reset) its password."""
    return can_act_in_commune(user, household.commune) or is_member_of_managed_cooperative(
        user, household
    )


def acts_on_behalf(
    user: User, *, seller: Seller | None = None, household: Household | None = None
) -> bool:
    if seller is not None:
        return not is_own_seller(user, seller)
    if household is not None:
        return not is_own_household(user, household)
    return False
