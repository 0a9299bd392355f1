from django.utils.translation import gettext as _

from marketplace.core.money import format_vnd
from marketplace.core.qr import qr_svg

from ..banks import bank_name
from ..models import Method, Payment, PaymentStatus
from ..vietqr import transfer_note, vietqr_payload
from .base import PaymentMethod
from .cod import CashOnDelivery


def has_bank(seller) -> bool:
    return bool(seller.bank_bin and seller.bank_account_number)


class VietQRMethod(PaymentMethod):
    """A bank transfer to the seller's own account; the seller confirms it arrived."""

    code = Method.VIETQR

    def is_available(self, *, sellers=()) -> bool:
        # One seller with a bank account is enough: the others' parts are cash on delivery.
        return any(has_bank(s) for s in sellers)

    def for_seller(self, seller) -> PaymentMethod:
        """A transfer needs that seller's bank account; without one, cash on delivery."""
        return self if has_bank(seller) else CashOnDelivery()

    def page_context(self, *, payment: Payment, seller, reference: str) -> dict:
        context = {
            **super().page_context(payment=payment, seller=seller, reference=reference),
            "received_label": _("Transfer received"),
        }
        if not has_bank(seller):
            return context
        note = transfer_note(reference)
        account = {
            "bank": bank_name(seller.bank_bin),
            "account": seller.bank_account_number,
            "holder": seller.bank_account_name,
            "note": note,
        }
        context["account"] = account
        context["instructions"] = _("Transfer %(amount)s to this account:") % {
            "amount": format_vnd(payment.amount)
        }
        if payment.status == PaymentStatus.PENDING:
            payload = vietqr_payload(
                bank_bin=seller.bank_bin,
                account=seller.bank_account_number,
                amount=payment.amount,
                reference=reference,
                purpose=note,
            )
            context["transfer"] = {
                **account,
                "amount": payment.amount,
                "payload": payload,
                "svg": qr_svg(payload),
            }
            context["transfer_due"] = payment.amount
        return context
