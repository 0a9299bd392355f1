"""The interface every payment method follows.

The base class is a method the seller settles by hand: the seller records the money
received and the money returned. A provider-confirmed method (Stripe) overrides
`seller_confirms`, `cancel` and `refund`.
"""

from django.utils.translation import gettext as _

from marketplace.accounts.models import User

from ..models import Method, Payment, PaymentStatus
from ..signals import payment_refunded
from ..transitions import payment_transition


class PaymentMethod:
    code: str = ""
    # The seller records receiving (and returning) the money; else the provider does.
    seller_confirms: bool = True

    @property
    def label(self) -> str:
        return Method(self.code).label

    def is_available(self, *, sellers=()) -> bool:
        """Whether checkout may offer it for an order from these sellers."""
        return True

    def for_seller(self, seller) -> "PaymentMethod":
        """The method of one seller's part of an order paid with this method."""
        return self

    def open(self, *, seller_order, amount: int) -> Payment:
        """The payment of one seller order, pending, for the amount the buyer owes."""
        return Payment.objects.create(seller_order=seller_order, method=self.code, amount=amount)

    def cancel(self, *, payment: Payment, actor: User | None) -> None:
        """The order is cancelled: money not yet paid is no longer owed.

        Money already paid by hand must be refunded by the seller first: the caller
        refuses to cancel then (see `seller_confirms`).
        """
        if payment.status == PaymentStatus.PENDING:
            payment_transition(payment=payment, to=PaymentStatus.VOIDED, actor=actor)

    def refund(self, *, payment: Payment, actor: User | None, note: str = "") -> Payment:
        """The seller has given the money back: record it; the order hears of it by signal."""
        payment = payment_transition(payment=payment, to=PaymentStatus.REFUNDED, actor=actor)
        payment_refunded.send(sender=Payment, payment=payment, actor=actor, note=note)
        return payment

    def in_flight(self, *, payment: Payment) -> bool:
        """Whether money may be on its way at a provider: the order must not lapse."""
        return False

    def lapse(self, *, payment: Payment) -> bool:
        """Make sure nobody can pay the pending payment any more, so that its order may be
        cancelled for want of payment. May call the provider: outside any transaction."""
        return True

    def page_context(self, *, payment: Payment, seller, reference: str) -> dict:
        """What the order pages and e-mails show for this payment.

        `instructions`: how to pay, one sentence; `transfer`: bank details and QR while
        a transfer is due; `transfer_due` / `card_due`: what the buyer still owes that
        way; `received_label` / `refund_label`: the seller's buttons; `card_refunds`:
        the card refunds of the payment (payments/_card_refunds.html shows them).
        """
        return {
            "instructions": "",
            "account": None,
            "transfer": None,
            "transfer_due": 0,
            "card_due": 0,
            "received_label": "",
            "refund_label": _("Money returned to the buyer"),
            "card_refunds": [],
        }
