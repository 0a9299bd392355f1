"""Payments for seller orders. A payment is never deleted; it moves between states.

Only the server marks a payment paid: the seller recording the cash or the transfer,
or Stripe's signed webhook. A return from the payment page proves nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.core.money import format_vnd


class Method(models.TextChoices):
    COD = "cod", _("Cash on delivery")
    VIETQR = "vietqr", _("Bank transfer (VietQR)")
    STRIPE = "stripe", _("Card (Stripe)")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Not paid yet")
    PAID = "paid", _("Paid")
    VOIDED = "voided", _("Not needed (order cancelled)")
    REFUND_PENDING = "refund_pending", _("Refund in progress")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    seller_order = models.OneToOneField(
        "orders.SellerOrder",
        verbose_name=_("seller order"),
        on_delete=models.PROTECT,
        related_name="payment",
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    amount = models.PositiveBigIntegerField(_("amount (dong)"))
    currency = models.CharField(_("currency"), max_length=3, default="vnd")
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    # Stripe: one Checkout Session per attempt; the attempt number is in its idempotency key.
    stripe_attempt = models.PositiveIntegerField(default=1)
    stripe_session_id = models.CharField(max_length=255, blank=True)
    stripe_payment_intent = models.CharField(max_length=255, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False), name="payment_paid_has_date"
            )
        ]

    def __str__(self):
        return f"{self.seller_order} {self.method} {self.status}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Payments are never deleted.", {self})


class RefundReason(models.TextChoices):
    ORDER = "order", _("Order cancelled or refunded")
    LATE = "late", _("Paid after the order was cancelled")
    DUPLICATE = "duplicate", _("Paid twice")
    MISMATCH = "mismatch", _("Amount or currency differs from the order")
    UNKNOWN = "unknown", _("Paid for no order of ours")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for Stripe")
    DONE = "done", _("Accepted by Stripe")
    NEEDS_PERSON = "needs_person", _("Needs a person")
    SETTLED = "settled", _("Settled by hand")


class Refund(models.Model):
    """Card money Stripe holds that goes back to the buyer: one row per charge to return.

    Made in the transaction that decided it (a cancellation, a webhook), so a refund is
    never only a log line: `stripe_refunds_retry` asks Stripe again, with back-off, until
    Stripe accepts, and after too many refusals a person is told and settles it.
    Never deleted. `amount` is in `currency`; for a mismatch it is what Stripe charged
    and the whole charge goes back.
    """

    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="card_refunds",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=RefundReason.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    amount = models.PositiveBigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="vnd")
    stripe_payment_intent = models.CharField(max_length=255, blank=True)
    stripe_session_id = models.CharField(max_length=255, blank=True)
    stripe_event_id = models.CharField(max_length=255, blank=True)
    # The same key on every try: Stripe makes one refund however often it is asked.
    idempotency_key = models.CharField(max_length=255, unique=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)
    done_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_note = models.CharField(_("how it was settled"), max_length=250, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("card refund")
        verbose_name_plural = _("card refunds")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.idempotency_key} {self.status}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Refunds are never deleted.", {self})

    @property
    def amount_display(self) -> str:
        """In dong the Vietnamese way; a mismatched charge in its own currency's units."""
        if self.currency == "vnd":
            return format_vnd(self.amount)
        return f"{self.amount} {self.currency.upper()}"


class StripeEvent(models.Model):
    """Webhook events already handled: Stripe delivers the same event more than once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return self.event_id
