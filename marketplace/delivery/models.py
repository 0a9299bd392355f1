"""How a seller gets goods to buyers (DeliveryOption), and how one seller order travels
(Shipment, with its append-only ShipmentEvent history).

An option is never deleted once an order used it: the seller switches it off. A placed
order never reads its option again for money: the shipment keeps the fee, the label
and the expected date as they were at checkout.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .carriers import CARRIERS

# Monday first, as Python's date.weekday() counts; Vietnamese names the days by number
# from Monday = thứ Hai.
WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class Kind(models.TextChoices):
    PICKUP = "pickup", _("Pickup")
    OWN = "own", _("Seller delivers")
    COURIER = "courier", _("Courier")
    # No option of the seller's reaches the buyer, or the seller set none yet (orders
    # placed before options existed): the seller calls the buyer to agree.
    ARRANGED = "arranged", _("Arranged with the seller")


class DeliveryOption(models.Model):
    seller = models.ForeignKey(
        "sellers.Seller",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="delivery_options",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("What buyers read, e.g. “Saturday market at Phú Lợi”."),
    )
    # Pickup: where and when.
    address = models.CharField(_("pickup address"), max_length=250, blank=True)
    # The pickup's commune, of the seller's province; empty: the seller's own commune.
    # Checkout compares its province with the buyer's: a pickup elsewhere is never what
    # the "cheapest delivery" assumes.
    place = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("pickup commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weekdays = models.CharField(
        _("pickup days"), max_length=7, blank=True, help_text=_("Days of the week, Monday = 0.")
    )
    hours = models.CharField(_("hours"), max_length=120, blank=True)
    # Own delivery: where to. A commune listed, or any commune of a province listed.
    provinces = models.ManyToManyField(
        "regions.Province", verbose_name=_("provinces"), blank=True, related_name="+"
    )
    communes = models.ManyToManyField(
        "regions.Commune", verbose_name=_("communes"), blank=True, related_name="+"
    )
    # Money, in whole dong. `fee` is the flat fee per order; for a courier it is what the
    # buyer pays when the carrier cannot quote (empty: the option is then not offered).
    fee = models.PositiveBigIntegerField(_("fee (dong)"), null=True, blank=True)
    # [{"up_to_grams": 2000, "fee": 20000}, ...], lightest first: the fee by the order's
    # weight, in place of the flat fee; heavier than the last tier, the option is not offered.
    weight_tiers = models.JSONField(_("fee by weight"), default=list, blank=True)
    free_above = models.PositiveBigIntegerField(
        _("free from an order of (dong)"), null=True, blank=True
    )
    lead_days = models.PositiveSmallIntegerField(
        _("days to deliver"), default=1, help_text=_("Days from the order to the goods arriving.")
    )
    carrier = models.CharField(_("carrier"), max_length=20, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["seller", "position", "pk"]
        verbose_name = _("delivery option")
        verbose_name_plural = _("delivery options")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="arranged"), name="delivery_option_not_arranged"
            ),
        ]

    def __str__(self):
        return self.name or self.get_kind_display()

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Delivery options are switched off, not deleted.", {self})


class Shipment(models.Model):
    """One seller order's delivery: what the buyer chose and paid, and where it is."""

    seller_order = models.OneToOneField(
        "orders.SellerOrder",
        verbose_name=_("seller order"),
        on_delete=models.PROTECT,
        related_name="shipment",
    )
    option = models.ForeignKey(
        DeliveryOption,
        verbose_name=_("delivery option"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shipments",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("delivery"), max_length=250)
    fee = models.PositiveBigIntegerField(_("delivery fee (dong)"), default=0)
    weight_grams = models.PositiveIntegerField(_("weight (g)"), default=0)
    expected_date = models.DateField(_("expected"), null=True, blank=True)
    # The courier: our adapter's code ("ghn") when booked through it, else the name the
    # seller typed ("Viettel Post").
    carrier = models.CharField(_("courier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    tracking_url = models.URLField(_("tracking link"), blank=True)
    carrier_status = models.CharField(_("courier's status"), max_length=40, blank=True)
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [models.Index(fields=["carrier", "tracking_number"])]

    def __str__(self):
        return f"{self.seller_order_id}: {self.label}"

    @property
    def carrier_name(self) -> str:
        adapter = CARRIERS.get(self.carrier)
        return adapter.name if adapter else self.carrier

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Shipments are never deleted.", {self})


class ShipmentEvent(models.Model):
    """Append-only: every status a carrier reported (webhook or pull) or a person set.

    `key` makes a carrier's report count once however often it is delivered.
    """

    class Source(models.TextChoices):
        WEBHOOK = "webhook", _("Courier's message")
        PULL = "pull", _("Asked the courier")
        SELLER = "seller", _("Seller")

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.PROTECT, related_name="events"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    key = models.CharField(max_length=120, unique=True)
    carrier_status = models.CharField(_("courier's status"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")

    def __str__(self):
        return f"{self.shipment_id}: {self.carrier_status}"

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Shipment events are never deleted.", {self})


class SavedAddress(models.Model):
    """A signed-in buyer's delivery address, preselected at the next checkout."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("mobile number"), max_length=12)
    address = models.CharField(_("address"), max_length=250)
    commune = models.ForeignKey(
        "regions.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        ordering = ["-last_used_at", "-pk"]
        verbose_name = _("saved address")
        verbose_name_plural = _("saved addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name", "phone", "address", "commune"], name="address_once"
            )
        ]

    def __str__(self):
        return f"{self.address}, {self.commune}"
