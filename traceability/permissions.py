"""Plain predicates on lots. Who may record and print a lot is who may run its shop:
the portal checks it (`sellers.shortcuts.seller_for_portal`) and that the lot is the shop's."""

from marketplace.accounts.models import User
from marketplace.sellers.permissions import can_manage_seller

from .models import Lot


def can_recall_lot(user: User, lot: Lot) -> bool:
    """The seller, or an officer whose area holds the seller's commune."""
    return can_manage_seller(user, lot.seller)
