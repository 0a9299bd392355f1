"""Plain predicates: who may act on a household of the roster."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import can_act_in_commune
from marketplace.sellers.models import Household


def can_manage_household(user: User, household: Household) -> bool:
    """An officer whose area holds the household's commune."""
    return can_act_in_commune(user, household.commune)
