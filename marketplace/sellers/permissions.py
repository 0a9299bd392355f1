"""Plain predicates: who may run a seller's shop."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune

from .models import Household, Seller


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


def can_manage_seller(user: User, seller: Seller) -> bool:
    """Own people, or an officer whose area holds the seller's commune."""
    return is_own_seller(user, seller) or can_act_in_commune(user, seller.commune)


def acts_on_behalf(
    user: User, *, seller: Seller | None = None, household: Household | None = None
) -> bool:
    if seller is not None:
        return not is_own_seller(user, seller)
    if household is not None:
        return not is_own_household(user, household)
    return False
