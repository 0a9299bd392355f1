"""Reads of the catalog that pages share; each runs a fixed number of queries."""

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from marketplace.sellers.models import Seller

from .models import Category, OcopCertificate, Product, ProductImage, ProductStatus


def valid_stars_subquery(today=None):
    """A product's OCOP stars as shown: 0 once its best certificate has expired."""
    today = today or timezone.localdate()
    return Case(
        When(ocop_until__gte=today, then=F("ocop_best_stars")),
        default=Value(0),
        output_field=IntegerField(),
    )


def _photos():
    return Prefetch(
        "images",
        queryset=ProductImage.objects.select_related("image").prefetch_related("image__renditions"),
    )


def product_list(*, seller: Seller | None = None) -> QuerySet[Product]:
    """Live products with their seller, place, stars; photos and renditions prefetched."""
    qs = Product.objects.filter(status=ProductStatus.LIVE)
    if seller is not None:
        qs = qs.filter(seller=seller)
    return (
        qs.select_related("seller", "category", "origin_commune__province")
        .annotate(ocop_stars=valid_stars_subquery())
        .prefetch_related(_photos())
    )


def product_detail(*, slug: str) -> Product | None:
    """One product by its public slug, live or archived (an archived one says so)."""
    today = timezone.localdate()
    return (
        Product.objects.exclude(status=ProductStatus.DRAFT)
        .filter(slug=slug)
        .select_related(
            "seller__household",
            "seller__cooperative",
            "seller__storefront",
            "producer",
            "category__parent",
            "origin_commune__province",
        )
        .annotate(ocop_stars=valid_stars_subquery(today))
        .prefetch_related(
            _photos(),
            Prefetch(
                "certificates",
                queryset=OcopCertificate.objects.filter(expires_on__gte=today),
                to_attr="valid_certificates",
            ),
        )
        .first()
    )


def category_counts(queryset: QuerySet[Product], parents: dict[int, int | None]) -> dict[int, int]:
    """Products per category, a parent counting its children's: one query.

    `parents` maps category id to parent id (the caller has the categories loaded),
    which spares the query a join to the category table.
    """
    counts: dict[int, int] = {}
    for row in queryset.order_by().values("category_id").annotate(n=Count("pk")):
        category = row["category_id"]
        counts[category] = counts.get(category, 0) + row["n"]
        parent = parents.get(category)
        if parent:
            counts[parent] = counts.get(parent, 0) + row["n"]
    return counts


def star_counts(queryset: QuerySet[Product]) -> dict[str, int]:
    """Products with at least 3, 4, 5 valid stars: one query."""
    return queryset.order_by().aggregate(
        **{str(n): Count("pk", filter=Q(ocop_stars__gte=n)) for n in (3, 4, 5)}
    )


def best_valid_certificate(product: Product) -> OcopCertificate | None:
    today = timezone.localdate()
    return (
        OcopCertificate.objects.filter(product=product, expires_on__gte=today)
        .order_by("-stars", "-expires_on")
        .first()
    )


def category_tree() -> list[Category]:
    """Top-level categories with their children attached: one query."""
    categories = list(Category.objects.order_by("position", "name"))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    for category in categories:
        category.subcategories = by_parent.get(category.pk, [])
    return by_parent.get(None, [])


def seller_products(*, seller: Seller) -> QuerySet[Product]:
    """Every product of a shop, for its owner in the portal: drafts and archived too."""
    return (
        Product.objects.filter(seller=seller)
        .select_related("category")
        .annotate(ocop_stars=valid_stars_subquery())
        .prefetch_related(_photos())
        .order_by("status", "-created_at")
    )


def home_highlights(*, limit: int = 8) -> dict:
    """What the home page shows a buyer: the top-level categories and the newest
    products with a valid OCOP certificate (newest live products if none). Three
    queries, plus one for photos and one for their renditions."""
    today = timezone.localdate()
    live = product_list()
    products = list(live.filter(ocop_until__gte=today).order_by("-created_at")[:limit])
    if not products:
        products = list(live.order_by("-created_at")[:limit])
    return {
        "top_categories": list(Category.objects.filter(parent=None)),
        "highlights": products,
    }
