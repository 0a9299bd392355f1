from django.utils.translation import gettext as _

from marketplace.core.money import format_vnd

from ..models import Method, Payment
from .base import PaymentMethod


class CashOnDelivery(PaymentMethod):
    code = Method.COD

    def page_context(self, *, payment: Payment, seller, reference: str) -> dict:
        return {
            **super().page_context(payment=payment, seller=seller, reference=reference),
            "instructions": _("Pay %(amount)s in cash when you receive the goods.")
            % {"amount": format_vnd(payment.amount)},
            "received_label": _("Cash collected"),
        }
