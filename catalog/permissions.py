"""Who may change which product or certificate: plain predicates the views call."""

from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import can_act_in_commune, is_officer
from marketplace.regions.models import Province


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


def can_verify_certificate(user: User, certificate) -> bool:
    """An officer or administrator whose area holds the seller's commune, and who does
    not run that shop: nobody verifies their own stars."""
    from marketplace.sellers.selectors import sellers_of_user

    seller = certificate.product.seller
    if not can_act_in_commune(user, seller.commune):
        return False
    return not sellers_of_user(user=user).filter(pk=seller.pk).exists()


def can_import_registry(user: User, province: Province | None = None) -> bool:
    """A provincial administrator, for a province of their areas (any with `None`); a
    superuser for every province. Officers verify one by one; the list is the province's."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role != Role.ADMIN:
        return False
    areas = user.areas.filter(province__isnull=False)
    return areas.exists() if province is None else areas.filter(province=province).exists()
