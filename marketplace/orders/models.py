"""A buyer's checkout (Order) is split into one SellerOrder per seller, each with its own state."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.accounts.phone import display_phone
from marketplace.delivery.models import Kind as DeliveryKind


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", pgettext_lazy("order status", "Cancelled")
    REFUNDED = "refunded", _("Refunded")


class Order(models.Model):
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("mobile number"), max_length=12)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250)
    commune = models.ForeignKey(
        "regions.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    payment_method = models.CharField(_("payment method"), max_length=12, default="cod")
    # A hash of the network address a guest ordered from: open guest orders are limited
    # per address without keeping the address itself.
    placed_from = models.CharField(max_length=16, blank=True, db_index=True, editable=False)
    # The buyer's language at checkout: their e-mails are written in it.
    language = models.CharField(_("language"), max_length=8, default="vi")
    created_at = models.DateTimeField(_("placed"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self):
        return f"#{self.pk}"

    @property
    def number(self) -> str:
        """The whole order's number: its seller orders are this and "-1", "-2"..."""
        return f"CS{self.pk:06d}"

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class SellerOrder(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="seller_orders"
    )
    seller = models.ForeignKey(
        "sellers.Seller", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("order number"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    # What the buyer pays this seller: the goods plus the delivery fee fixed at checkout
    # (the shipment keeps how it travels). Every payment amount is `total`.
    goods_total = models.PositiveBigIntegerField(_("goods (dong)"), default=0)
    delivery_fee = models.PositiveBigIntegerField(_("delivery fee (dong)"), default=0)
    total = models.PositiveBigIntegerField(_("total (dong)"))
    created_at = models.DateTimeField(_("placed"), default=timezone.now)
    # Unconfirmed and unpaid after this, the order is cancelled and its stock returns
    # (states.seller_orders_expire, run by a timer); set from ORDER_HOLD_HOURS.
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("seller order")
        verbose_name_plural = _("seller orders")
        indexes = [
            models.Index(fields=["seller", "status"]),
            models.Index(fields=["status", "delivered_at"]),
            models.Index(fields=["status", "hold_until"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="seller_order_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=Q(total=F("goods_total") + F("delivery_fee")),
                name="seller_order_total_is_goods_plus_delivery",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def fee_to_agree(self) -> bool:
        """Delivery arranged by phone (or placed before shipments were kept): its fee is
        agreed between buyer and seller later, so `delivery_fee` 0 means "not known",
        and `total` and the payment are the goods only."""
        shipment = getattr(self, "shipment", None)
        return shipment is None or shipment.kind == DeliveryKind.ARRANGED


class OrderLine(models.Model):
    seller_order = models.ForeignKey(
        SellerOrder, verbose_name=_("seller order"), on_delete=models.PROTECT, related_name="lines"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    product_name = models.CharField(_("product"), max_length=200)
    unit_price = models.PositiveBigIntegerField(_("unit price (dong)"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive")
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"

    @property
    def subtotal(self) -> int:
        return self.unit_price * self.quantity


class OrderEvent(models.Model):
    """Append-only history of a seller order: every state change, who made it and when."""

    seller_order = models.ForeignKey(
        SellerOrder, verbose_name=_("seller order"), on_delete=models.PROTECT, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The reason given for a cancellation or a refund, shown to the buyer.
    note = models.CharField(_("reason"), max_length=250, blank=True)
    # The buyer, or a guest holding the order's link (then `actor` is empty), did it.
    by_buyer = models.BooleanField(_("by the buyer"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self):
        return f"{self.seller_order}: {self.from_status} → {self.to_status}"


class CartItem(models.Model):
    """A signed-in buyer's cart, kept across devices; anonymous carts live in the session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_items"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="cart_item_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_id}"
