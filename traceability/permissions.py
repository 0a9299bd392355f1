"""Plain predicates: who may record, recall and print a lot."""

from marketplace.accounts.models import User
from marketplace.sellers.models import Seller
from marketplace.sellers.permissions import can_manage_seller

from .models import Lot


def can_manage_lots(user: User, seller: Seller) -> bool:
    """The seller's own people, or an officer of the seller's area acting for them."""
    return can_manage_seller(user, seller)


def can_manage_lot(user: User, lot: Lot) -> bool:
    return can_manage_seller(user, lot.seller)


def can_recall_lot(user: User, lot: Lot) -> bool:
    """The seller, or an officer whose area holds the seller's commune."""
    return can_manage_seller(user, lot.seller)
