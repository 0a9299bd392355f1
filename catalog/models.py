"""Products sellers list. Prices are whole dong (integers); stock never goes below zero."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import fold


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Unit(models.TextChoices):
    KG = "kg", _("kg")
    GRAM_500 = "500g", _("500 g bag")
    BOX = "box", _("box")
    BOTTLE = "bottle", _("bottle")
    BAG = "bag", _("bag")
    PIECE = "piece", _("piece")
    BUNCH = "bunch", _("bunch")
    LITRE = "litre", _("litre")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LIVE = "live", _("Live")
    ARCHIVED = "archived", _("Archived")


class Product(models.Model):
    seller = models.ForeignKey(
        "sellers.Seller",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    producer = models.ForeignKey(
        "sellers.Household",
        verbose_name=_("produced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a cooperative: the member household that produces it."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.KG)
    price = models.PositiveBigIntegerField(_("price (dong)"))
    stock = models.IntegerField(_("stock"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    origin_commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("origin commune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.status == ProductStatus.LIVE
