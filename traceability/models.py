"""Lots (lô hàng) and their trace events: the record behind every QR code on a package.

Events are append-only: a mistake is fixed by a new event that `corrects` the old one.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import Unit

from .errors import AppendOnlyError
from .gs1 import LOT_MAX_LENGTH, validate_gtin, validate_lot_number

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or copied by hand from a label survives.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10  # 25**10 ~ 9.5e13: not guessable by walking the URL space.
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024


def new_lot_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def validate_document_size(file) -> None:
    from django.core.exceptions import ValidationError

    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("The photo or file is larger than 5 MB."), code="too_big")


class Lot(models.Model):
    code = models.CharField(
        _("trace code"), max_length=CODE_LENGTH, unique=True, default=new_lot_code, editable=False
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots"
    )
    seller = models.ForeignKey(
        "sellers.Seller", verbose_name=_("seller"), on_delete=models.PROTECT, related_name="lots"
    )
    producer_household = models.ForeignKey(
        "sellers.Household",
        verbose_name=_("producing household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a cooperative: the member household that grew it."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("split from lot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    split_event = models.ForeignKey(
        "TraceEvent",
        verbose_name=_("made by the event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="output_lots",
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.KG)
    lot_number = models.CharField(
        _("lot number"),
        max_length=LOT_MAX_LENGTH,
        validators=[validate_lot_number],
        help_text=_("Printed on the package; letters without accents, digits, - or /."),
    )
    gtin = models.CharField(
        _("GTIN (barcode number)"),
        max_length=14,
        blank=True,
        validators=[validate_gtin],
        help_text=_("Only a real GS1 barcode number of the product; leave empty if it has none."),
    )
    harvest_date = models.DateField(_("harvest date"), null=True, blank=True)
    packed_on = models.DateField(_("packing date"), null=True, blank=True)
    best_before = models.DateField(_("best before"), null=True, blank=True)
    scan_count = models.PositiveIntegerField(_("scans"), default=0, editable=False)
    recalled_at = models.DateTimeField(_("recalled"), null=True, blank=True, editable=False)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recalled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    recall_reason = models.CharField(_("recall reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("date field", "created"), default=timezone.now, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(
                fields=["gtin", "lot_number"], condition=~Q(gtin=""), name="lot_gtin_lot_unique"
            ),
            models.CheckConstraint(
                condition=Q(gtin="") | Q(gtin__regex=r"^[0-9]{14}$"), name="lot_gtin_canonical"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="lot_quantity_not_negative"),
        ]
        indexes = [models.Index(fields=["seller", "-created_at"])]

    def __str__(self):
        return f"{self.product} · {self.lot_number}"

    @property
    def is_recalled(self) -> bool:
        return self.recalled_at is not None


class EventKind(models.TextChoices):
    PLANTING = "planting", _("Planting")
    INPUT = "input", _("Fertiliser or spraying")
    HARVEST = "harvest", _("Harvest")
    PROCESSING = "processing", _("Processing")
    PACKING = "packing", _("Packing")
    INSPECTION = "inspection", _("Inspection or certificate")
    SHIPPING = "shipping", _("Shipping")
    RECEIVING = "receiving", _("Receiving")
    SPLIT = "split", _("Split into packed lots")


class PlantingUnit(models.TextChoices):
    """What a planting is counted in: trees, seedlings or ground, not the crop's unit."""

    TREE = "tree", _("trees")
    SEEDLING = "seedling", _("seedlings")
    SQUARE_METRE = "m2", _("m²")
    HECTARE = "ha", _("hectares")
    SEED_KG = "seed_kg", _("kg of seed")


class TraceEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Trace events cannot be changed; record a correction instead."))

    def delete(self):
        raise AppendOnlyError(_("Trace events cannot be deleted; record a correction instead."))


class TraceEvent(models.Model):
    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("where (commune)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True, max_length=1000)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    quantity_unit = models.CharField(
        _("unit of the quantity"),
        max_length=20,
        blank=True,
        choices=PlantingUnit.choices,
        help_text=_("Plantings only; other steps count in the lot's unit."),
    )
    input_product = models.CharField(_("fertiliser or pesticide"), max_length=120, blank=True)
    dose = models.CharField(
        _("dose"), max_length=60, blank=True, help_text=_("e.g. 2 kg per 1000 m²")
    )
    phi_days = models.PositiveSmallIntegerField(
        _("pre-harvest interval (days)"),
        null=True,
        blank=True,
        help_text=_("Days to wait after this input before harvesting; see the product's label."),
    )
    certificate_name = models.CharField(
        _("certificate or inspection"),
        max_length=120,
        blank=True,
        help_text=_("e.g. VietGAP, organic"),
    )
    document = models.FileField(
        _("photo of the document"),
        upload_to="trace/documents/%Y/%m/",
        blank=True,
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp", "pdf"]),
            validate_document_size,
        ],
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects the event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Stored, not derived from SITE_URL or the pk at export: an EPCIS eventID must never
    # change, since an error declaration names the event it voids by it.
    event_id = models.UUIDField(
        _("EPCIS event ID"), unique=True, default=uuid.uuid4, editable=False
    )

    objects = TraceEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("trace event")
        verbose_name_plural = _("trace events")
        indexes = [models.Index(fields=["lot", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.lot_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Trace events cannot be changed; record a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Trace events cannot be deleted; record a correction instead."))

    @property
    def is_image_document(self) -> bool:
        return bool(self.document) and not self.document.name.lower().endswith(".pdf")
