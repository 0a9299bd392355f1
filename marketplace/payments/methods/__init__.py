"""The payment methods behind one interface (base.PaymentMethod), and their registry.

A new method is one module with a PaymentMethod subclass and one line in METHODS
(and its code in models.Method).
"""

from .base import PaymentMethod
from .card import StripeCard
from .cod import CashOnDelivery
from .vietqr import VietQRMethod

METHODS: dict[str, PaymentMethod] = {
    method.code: method for method in (CashOnDelivery(), VietQRMethod(), StripeCard())
}


def method_get(code: str) -> PaymentMethod:
    return METHODS[code]


def methods_available(*, sellers=()) -> list[PaymentMethod]:
    return [m for m in METHODS.values() if m.is_available(sellers=sellers)]
