"""The payment methods behind one small interface.

A method says whether it can be offered now, and whether the seller confirms receipt by
hand (cash, transfer) or a provider confirms it to the server (Stripe's webhook).
"""

from dataclasses import dataclass

from django.conf import settings

from .models import Method


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    seller_confirms: bool

    @property
    def label(self) -> str:
        return Method(self.code).label

    def is_available(self, *, sellers=()) -> bool:
        if self.code == Method.STRIPE:
            return bool(settings.STRIPE_SECRET_KEY)
        if self.code == Method.VIETQR:
            # One seller with a bank account is enough: the others' parts are cash on delivery.
            return any(_has_bank(s) for s in sellers)
        return True

    def for_seller(self, seller) -> str:
        """The method of one seller's part: a transfer needs that seller's bank account."""
        if self.code == Method.VIETQR and not _has_bank(seller):
            return Method.COD
        return self.code


def _has_bank(seller) -> bool:
    return bool(seller.bank_bin and seller.bank_account_number)


METHODS = {
    Method.COD: PaymentMethod(Method.COD, seller_confirms=True),
    Method.VIETQR: PaymentMethod(Method.VIETQR, seller_confirms=True),
    Method.STRIPE: PaymentMethod(Method.STRIPE, seller_confirms=False),
}


def method_get(code: str) -> PaymentMethod:
    return METHODS[code]


def methods_available(*, sellers=()) -> list[PaymentMethod]:
    return [m for m in METHODS.values() if m.is_available(sellers=sellers)]
