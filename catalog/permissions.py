"""Who may change which product: plain predicates the portal views call."""

from marketplace.accounts.models import User
from marketplace.accounts.permissions import is_officer
from marketplace.sellers.models import Seller
from marketplace.sellers.permissions import can_manage_seller

from .models import Product


def can_use_portal(user: User) -> bool:
    """People who run a shop, and officers who help them; buyers have nothing to do there."""
    from marketplace.sellers.selectors import sellers_of_user

    return user.is_authenticated and (is_officer(user) or sellers_of_user(user).exists())


def can_manage_shop(user: User, seller: Seller) -> bool:
    return can_manage_seller(user, seller)


def can_edit_product(user: User, product: Product) -> bool:
    return can_manage_seller(user, product.seller)
