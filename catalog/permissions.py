"""Who may change which product: plain predicates the portal views call."""

from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import is_officer


def can_use_portal(user: User) -> bool:
    """People who run a shop or whose role is to run one (they land here after logging
    in, and are told when they have no shop yet), and officers who help them; buyers
    have nothing to do there."""
    from marketplace.sellers.selectors import sellers_managed_by

    if not user.is_authenticated:
        return False
    if is_officer(user) or user.role in (Role.HOUSEHOLD, Role.COOP_MANAGER):
        return True
    return sellers_managed_by(user=user).exists()
