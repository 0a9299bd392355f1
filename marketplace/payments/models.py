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
