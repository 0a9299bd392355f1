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
            # Every seller of the order must have a bank account to receive the transfer.
            return all(s.bank_bin and s.bank_account_number for s in sellers)
        return True


METHODS = {
    Method.COD: PaymentMethod(Method.COD, seller_confirms=True),
    Method.VIETQR: PaymentMethod(Method.VIETQR, seller_confirms=True),
    Method.STRIPE: PaymentMethod(Method.STRIPE, seller_confirms=False),
}


def method_get(code: str) -> PaymentMethod:
    return METHODS[code]


def methods_available(*, sellers=()) -> list[PaymentMethod]:
    return [m for m in METHODS.values() if m.is_available(sellers=sellers)]
