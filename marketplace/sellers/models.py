"""Farm households, cooperatives, and the seller profile through which either trades."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.accounts.phone import display_phone
from marketplace.core.text import fold

from .slugs import RESERVED_SLUGS


class FarmType(models.TextChoices):
    CROPS = "crops", _("Crops")
    FRUIT = "fruit", _("Fruit trees")
    LIVESTOCK = "livestock", _("Livestock")
    AQUACULTURE = "aquaculture", _("Aquaculture")
    PROCESSING = "processing", _("Processing")
    HANDICRAFT = "handicraft", _("Handicraft")
    MIXED = "mixed", _("Mixed")


class Household(models.Model):
    """A farm household (hộ sản xuất): the unit officers count."""

    head_name = models.CharField(_("head of household"), max_length=120)
    head_name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    phone = models.CharField(_("mobile number"), max_length=12, blank=True, db_index=True)
    national_id = models.CharField(
        _("national ID (CCCD)"), max_length=12, blank=True, help_text=_("Optional, 12 digits.")
    )
    commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="households",
    )
    address = models.CharField(_("village / hamlet"), max_length=200, blank=True)
    farm_type = models.CharField(
        _("farm type"), max_length=20, choices=FarmType.choices, default=FarmType.MIXED
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login of the head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_at = models.DateTimeField(_("consent to assisted onboarding"), null=True, blank=True)

    class Meta:
        ordering = ["head_name_folded"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="household_national_id_unique",
            )
        ]
        indexes = [models.Index(fields=["commune", "registered_at"])]

    def __str__(self):
        return _("Household of %(name)s") % {"name": self.head_name}

    def save(self, *args, **kwargs):
        self.head_name_folded = fold(self.head_name)
        super().save(*args, **kwargs)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=120)
    relation = models.CharField(_("relation to the head"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household_membership",
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self):
        return self.name


class Cooperative(models.Model):
    """A cooperative (hợp tác xã) with member households and managers."""

    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="cooperatives",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=12, blank=True)
    members = models.ManyToManyField(
        Household, through="CooperativeMembership", verbose_name=_("member households"), blank=True
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_cooperatives",
    )
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")

    def __str__(self):
        return self.name


class CooperativeMembership(models.Model):
    """A household's membership of a cooperative, from joining to leaving.

    Never deleted: leaving writes `ended_at`, `ended_by` and the reason; rejoining is a
    new row. Only an open membership lets the cooperative act for the household.
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE)
    household = models.ForeignKey(Household, on_delete=models.PROTECT)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_at = models.DateTimeField(
        _("household agreed to join"),
        null=True,
        blank=True,
        help_text=_("When the household agreed that the cooperative acts for its shop."),
    )
    ended_at = models.DateTimeField(_("left on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    end_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "household"],
                condition=Q(ended_at__isnull=True),
                name="membership_open_once",
            )
        ]

    def __str__(self):
        return f"{self.household} @ {self.cooperative}"


class Seller(models.Model):
    """A household or a cooperative that trades: it owns products, lots and orders."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Farm household")
        COOPERATIVE = "cooperative", _("Cooperative")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    household = models.OneToOneField(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="seller"
    )
    cooperative = models.OneToOneField(
        Cooperative, null=True, blank=True, on_delete=models.PROTECT, related_name="seller"
    )
    name = models.CharField(_("shop name"), max_length=200)
    slug = models.SlugField(_("address on the site"), max_length=80, unique=True)
    phone = models.CharField(_("contact phone"), max_length=12, blank=True)
    bank_bin = models.CharField(
        _("bank (BIN)"), max_length=6, blank=True, help_text=_("Six digits, used for VietQR.")
    )
    bank_account_number = models.CharField(_("account number"), max_length=19, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=120, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="household", household__isnull=False, cooperative__isnull=True)
                    | Q(kind="cooperative", household__isnull=True, cooperative__isnull=False)
                ),
                name="seller_is_household_xor_cooperative",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # A slug already saved stays: only a new or changed one must not be a reserved word.
        if (
            self.slug in RESERVED_SLUGS
            and not Seller.objects.filter(pk=self.pk, slug=self.slug).exists()
        ):
            raise ValidationError(
                {"slug": _("This address is a page of the site: choose another one.")}
            )

    @property
    def commune(self):
        return self.household.commune if self.household_id else self.cooperative.commune

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class AssistedAct(models.Model):
    """Audit log: an officer or a cooperative manager acted on behalf of a household or shop.

    Append-only; written by `assisted_act_record`.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acted"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seller = models.ForeignKey(
        Seller,
        verbose_name=_("on behalf of seller"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("on behalf of household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    action = models.CharField(_("action"), max_length=60)
    target = models.CharField(_("object"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assisted act")
        verbose_name_plural = _("assisted acts")

    def __str__(self):
        return f"{self.actor} {self.action} {self.target}"

    @property
    def action_label(self) -> str:
        """The act in words for the people it was done for; the code itself if unnamed."""
        prefix = self.action.split("_", 1)[0]
        return str(ACT_LABELS.get(self.action) or ACT_LABELS.get(prefix + "_*") or self.action)


ACT_LABELS = {
    "seller_create": _("opened the shop"),
    "consent_record": _("recorded the household's consent"),
    "login_create": _("opened the login"),
    "takeover_code_issue": _("issued a one-time code"),
    "membership_add": _("added to the cooperative"),
    "membership_end": _("ended the membership"),
    "product_create": _("added a product"),
    "product_update": _("changed a product"),
    "product_archive": _("archived a product"),
    "product_delete": _("deleted a product"),
    "product_photo_add": _("added a photo"),
    "product_photo_remove": _("removed a photo"),
    "certificate_add": _("added an OCOP certificate"),
    "certificate_remove": _("removed an OCOP certificate"),
    "seller_details_update": _("changed contact and bank details"),
    "storefront_edit": _("edited the storefront"),
    "lot_create": _("recorded a lot"),
    "lot_recall": _("recalled a lot"),
    "trace_*": _("recorded a farm diary event"),
    "order_*": _("moved an order on"),
}
