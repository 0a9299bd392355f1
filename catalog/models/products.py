"""Products sellers list, their categories and photos, and the catalog's kept facet counts.
Prices are whole dong (integers); stock never goes below zero."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from marketplace.core.text import fold


class Category(models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(
        _("name in English"),
        max_length=120,
        blank=True,
        help_text=_("Shown on the English pages; the Vietnamese name is shown when empty."),
    )
    slug = models.SlugField(pgettext_lazy("field", "slug"), max_length=80, unique=True)
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

    @property
    def display_name(self) -> str:
        """The name in the page's language: English under /en/ when given, else Vietnamese."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def search_names(self) -> str:
        """Both names of the category and of its parent, as buyers may search them."""
        names = [self.name, self.name_en]
        if self.parent_id:
            names += [self.parent.name, self.parent.name_en]
        return " ".join(n for n in names if n)


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
    DRAFT = "draft", pgettext_lazy("product status", "Draft")
    LIVE = "live", pgettext_lazy("product status", "Live")
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
    # The top-level category (the category itself when it has no parent): a
    # category page lists a whole branch from one index, newest first, where
    # `category IN (branch)` made the database sort the branch. Kept by save() and,
    # when a category moves, by catalog.services.product_category_top_refresh.
    category_top = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    # What the catalog's search reads: the folded names of the product, its category
    # (both languages, and the parent's), its seller and its commune and province.
    # Kept by save() and by catalog.services.product_search_text_refresh when one of
    # those names changes; indexed by trigrams (catalog/search.py).
    search_folded = models.TextField(editable=False, default="")
    slug = models.SlugField(pgettext_lazy("field", "slug"), max_length=220, unique=True)
    # The seller's own code for the product, if they keep one: a re-imported sheet
    # with a code column updates the product of that code instead of adding another.
    sku = models.CharField(_("your product code"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.KG)
    price = models.PositiveBigIntegerField(_("price (dong)"))
    stock = models.IntegerField(_("stock"), default=0)
    # For delivery: what one unit weighs packed (0: not given, see delivery.pricing),
    # and whether it may only travel within the seller's province (fresh, perishable).
    weight_grams = models.PositiveIntegerField(
        _("shipping weight (g)"),
        default=0,
        help_text=_("One unit, packed. Leave 0 if you do not know."),
    )
    max_per_order = models.PositiveIntegerField(
        _("most per order"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit beyond the stock."),
    )
    local_only = models.BooleanField(
        _("only within the province"),
        default=False,
        help_text=_("Fresh goods that must not travel further: buyers elsewhere can only pick up."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    origin_commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("origin commune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the best valid OCOP certificate by catalog.services so that the
    # catalog filters, counts and sorts by stars without a subquery per row; read
    # through selectors.ocop_stars_valid(), which hides them once `ocop_until` passes.
    ocop_best_stars = models.PositiveSmallIntegerField(default=0, editable=False)
    ocop_until = models.DateField(null=True, blank=True, editable=False)
    # Set and cleared only by catalog.services.product_recall_mark / _lift, which the
    # traceability app calls when the lot on sale (the product's newest lot) is
    # recalled or a new lot replaces it: the catalog never reads lots itself.
    on_recall = models.BooleanField(_("on recall"), default=False, editable=False)
    recall_reason = models.CharField(_("recall reason"), max_length=300, blank=True, editable=False)
    recall_trace_code = models.CharField(max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("date field", "created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
            models.UniqueConstraint(
                fields=["seller", "sku"],
                condition=~Q(sku=""),
                name="product_sku_once_per_seller",
                violation_error_message=_("You already have a product with this code."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(
                fields=["status", "category_top", "-created_at"], name="product_branch_newest"
            ),
            models.Index(
                fields=["status", "category", "-created_at"], name="product_category_newest"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"category", "category_id"} & set(update_fields):
            self.category_top_id = self.category.parent_id or self.category_id
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = {*update_fields, "category_top"}
        if update_fields is None or set(update_fields) & SEARCHED_FIELDS:
            self.search_folded = self.search_text()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "name_folded", "search_folded"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("catalog:product_detail", kwargs={"slug": self.slug})

    def search_text(self) -> str:
        """The folded text the search matches; reads the related rows not already loaded.

        A space at both ends, so that a whole word is always found between spaces.
        """
        commune = self.origin_commune
        names = (
            self.name,
            self.category.search_names,
            self.seller.name,
            commune.name,
            commune.province.name,
        )
        return f" {fold(' '.join(names))} "

    @property
    def is_live(self) -> bool:
        return self.status == ProductStatus.LIVE

    @property
    def is_purchasable(self) -> bool:
        """On sale and not on recall; stock is checked against the quantity wanted."""
        return self.status == ProductStatus.LIVE and not self.on_recall


# A change of any of these changes what the search matches.
SEARCHED_FIELDS = {
    "name",
    "category",
    "category_id",
    "seller",
    "seller_id",
    "origin_commune",
    "origin_commune_id",
}


class FacetCount(models.Model):
    """Products a buyer can buy per (category, origin commune, OCOP stars shown).

    The catalog's filter counts without a GROUP BY over every product on each first
    visit: kept by catalog.facets in the same transaction as the product change, and
    rebuilt whole when a star expiry passes (see FacetCountState).
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("regions.Commune", on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    products = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "commune", "stars"], name="facet_count_once_per_place"
            )
        ]

    def __str__(self):
        return f"{self.category_id}/{self.commune_id}/{self.stars}★: {self.products}"


class FacetCountState(models.Model):
    """One row: through which day the kept counts hold.

    Stars show through their certificate's expiry day; `valid_through` is the
    earliest such day among the products counted, after which a rebuild is due.
    """

    valid_through = models.DateField()
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"facets valid through {self.valid_through}"


class ProductImage(models.Model):
    """A photo of a product, stored as a Wagtail image (renditions, focal point, admin)."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self):
        return str(self.image)
