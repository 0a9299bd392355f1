"""OCOP ratings: a product's certificates as sellers declared them, the decisions that
verified or refused them (kept for good), and the provinces' published registries."""

import calendar
import datetime

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.core.text import fold

from .products import Product


class OcopGroup(models.TextChoices):
    """The six OCOP product groups (Decision 148/QĐ-TTg, 2023)."""

    FOOD = "food", _("Food")
    BEVERAGES = "beverages", _("Beverages")
    HERBS = "herbs", _("Medicinal herbs and herbal products")
    HANDICRAFTS = "handicrafts", _("Handicrafts")
    ORNAMENTAL = "ornamental", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community and rural tourism services")


OCOP_VALID_MONTHS = 36


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months; 31 Jan + 1 month is the last day of February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class CertificateStatus(models.TextChoices):
    """Where a certificate stands; only a verified one shows stars and counts."""

    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", pgettext_lazy("certificate status", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the seller")


SCAN_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "pdf"]


class OcopCertificate(models.Model):
    """An OCOP rating of one product, as the seller declared it.

    It shows stars only once an officer or the province's registry verified it, and
    for 36 months from its decision. Its status is a copy of its latest decision
    (`OcopDecision`, kept for good) for the catalog to filter on.
    """

    class Stars(models.IntegerChoices):
        THREE = 3, _("3 stars")
        FOUR = 4, _("4 stars")
        FIVE = 5, _("5 stars")

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    stars = models.PositiveSmallIntegerField(_("stars"), choices=Stars.choices)
    product_group = models.CharField(
        _("OCOP product group"), max_length=20, choices=OcopGroup.choices
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=200)
    expires_on = models.DateField(_("valid until"), editable=False)
    # Blank only on certificates declared before scans were asked for; the service
    # that records a new one requires it.
    scan = models.FileField(
        _("scan of the certificate"),
        upload_to="ocop/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS)],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
        editable=False,
    )
    last_decision = models.ForeignKey(
        "OcopDecision",
        verbose_name=_("latest decision"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("declared"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decision_date"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__in=[3, 4, 5]), name="ocop_stars_three_to_five"
            )
        ]
        indexes = [
            models.Index(fields=["product", "expires_on"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"OCOP {self.stars}★ {self.decision_number}"

    def save(self, *args, **kwargs):
        self.expires_on = add_months(self.decision_date, OCOP_VALID_MONTHS)
        super().save(*args, **kwargs)

    def is_valid(self, today: datetime.date | None = None) -> bool:
        return (
            self.status == CertificateStatus.VERIFIED
            and (today or timezone.localdate()) <= self.expires_on
        )

    @property
    def scan_is_pdf(self) -> bool:
        return self.scan.name.lower().endswith(".pdf")


class DecisionSource(models.TextChoices):
    OFFICER = "officer", _("Officer")
    REGISTRY = "registry", _("Provincial OCOP registry")
    SELLER = "seller", _("Seller")


class OcopDecision(models.Model):
    """One decision on a certificate: who, when, why. Append-only: a correction is a new one."""

    certificate = models.ForeignKey(
        OcopCertificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=CertificateStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=10, choices=DecisionSource.choices)
    registry_entry = models.ForeignKey(
        "OcopRegistryEntry",
        verbose_name=_("registry row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("OCOP decision")
        verbose_name_plural = _("OCOP decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(reason=""),
                name="ocop_rejection_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.certificate} {self.decision} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("OCOP decisions are append-only: record a new one.")
        super().save(*args, **kwargs)


class OcopRegistryEntry(models.Model):
    """One row of a province's published list of OCOP-certified products, as imported."""

    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    # What matching compares: upper case, no spaces, no diacritics ("1520/QĐ-UBND"
    # and "1520/qd-ubnd" are one decision).
    decision_key = models.CharField(max_length=60, editable=False, db_index=True)
    decision_date = models.DateField(_("decision date"))
    product_name = models.CharField(_("product"), max_length=200)
    entity = models.CharField(_("entity"), max_length=200)
    stars = models.PositiveSmallIntegerField(_("stars"), choices=OcopCertificate.Stars.choices)
    imported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-imported_at", "pk"]
        verbose_name = _("OCOP registry row")
        verbose_name_plural = _("OCOP registry rows")

    def __str__(self):
        return f"{self.decision_number} {self.product_name} {self.stars}★"

    def save(self, *args, **kwargs):
        self.decision_key = decision_key(self.decision_number)
        super().save(*args, **kwargs)


def decision_key(number: str) -> str:
    """A decision number as matching compares it: folded, upper case, without spaces."""
    return fold(number).replace(" ", "").upper()
