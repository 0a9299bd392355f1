"""Reads of the catalog that pages share; each runs a fixed number of queries."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.images import get_image_model

from marketplace.core import versions
from marketplace.core.text import fold
from marketplace.sellers.models import Seller

from .models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductImage,
    ProductStatus,
)

# One rule of OCOP validity: a certificate counts once verified (by an officer or the
# province's registry) and through the day it expires. The product keeps a copy of its
# best certificate's stars and expiry (ocop_best_stars, ocop_until) for the catalog to
# filter and sort on; these read either with that rule.


def certificates_valid(*, on: datetime.date | None = None) -> QuerySet[OcopCertificate]:
    """The OCOP certificates that count on day `on` (today): verified and not expired yet."""
    return OcopCertificate.objects.filter(
        status=CertificateStatus.VERIFIED, expires_on__gte=on or timezone.localdate()
    )


def ocop_stars_valid(*, on: datetime.date | None = None) -> Case:
    """A product's OCOP stars as shown on `on`, to annotate: 0 once its best certificate expired."""
    return Case(
        When(ocop_until__gte=on or timezone.localdate(), then=F("ocop_best_stars")),
        default=Value(0),
        output_field=IntegerField(),
    )


def products_with_valid_ocop(
    *, products: QuerySet[Product], on: datetime.date | None = None
) -> QuerySet[Product]:
    """Those of `products` that show OCOP stars on `on` (today)."""
    return products.filter(ocop_best_stars__gt=0, ocop_until__gte=on or timezone.localdate())


def product_ocop_stars(*, product: Product, on: datetime.date | None = None) -> int:
    """The OCOP stars one product shows on `on` (today), from its copy: no query."""
    if product.ocop_until and product.ocop_until >= (on or timezone.localdate()):
        return product.ocop_best_stars
    return 0


def best_valid_certificate(
    *, product: Product, on: datetime.date | None = None
) -> OcopCertificate | None:
    """The certificate whose stars the product shows: most stars, then latest expiry;
    with who verified it (one query)."""
    return (
        certificates_valid(on=on)
        .filter(product=product)
        .select_related("last_decision__actor")
        .order_by("-stars", "-expires_on")
        .first()
    )


# The renditions a product tile shows (catalog/_product_tile.html, its srcset), as Wagtail
# names them: a tile is half a 360-412 px phone (158-184 CSS px), so 200 px at 1x, 340 px
# at 1.75-2x, 400 px above that (and on wider screens, where a tile is at most 270 px).
# WebP at quality 75 rather than Wagtail's 80: a quarter fewer bytes (11-12 KB at 340 px
# for a phone's photo, within TCP's first window) for no visible loss at that size.
TILE_RENDITIONS = (
    "fill-200x200|format-webp|webpquality-75",
    "fill-340x340|format-webp|webpquality-75",
    "fill-400x400|format-webp|webpquality-75",
)
# Where Wagtail's get_rendition looks for renditions read in advance: as a plain list,
# Django sets it per image without building a queryset for each (to_attr).
RENDITIONS_ATTR = "prefetched_renditions"


def _tile_photo():
    """A product's first photo only, with the tile's renditions only, as `tile_photos`.

    A tile shows one photo in its srcset widths; prefetching every photo with every
    rendition (the product page's sizes too) read rows and built objects no tile uses.
    """
    first = ProductImage.objects.annotate(
        rank=Window(RowNumber(), partition_by=[F("product_id")], order_by=[F("position"), F("pk")])
    ).filter(rank=1)
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=TILE_RENDITIONS)
    )
    return Prefetch(
        "images",
        queryset=first.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=renditions, to_attr=RENDITIONS_ATTR)
        ),
        to_attr="tile_photos",
    )


def _photos():
    renditions = Prefetch("image__renditions", to_attr=RENDITIONS_ATTR)
    return Prefetch(
        "images", queryset=ProductImage.objects.select_related("image").prefetch_related(renditions)
    )


def product_list(*, seller: Seller | None = None) -> QuerySet[Product]:
    """Products a buyer can buy, with their place and stars; photos and renditions prefetched.

    Live and not on recall: a product whose lot on sale is recalled leaves the home
    page, the catalog and its storefront; its own page says why. What a product tile
    shows; the seller and category are not joined, tiles don't show them.
    """
    qs = Product.objects.filter(status=ProductStatus.LIVE, on_recall=False)
    if seller is not None:
        qs = qs.filter(seller=seller)
    return (
        qs.select_related("origin_commune__province")
        .annotate(ocop_stars=ocop_stars_valid())
        .prefetch_related(_tile_photo())
    )


def product_detail(*, slug: str) -> Product | None:
    """One product by its public slug, live or archived (an archived one says so).

    Its stars come from its certificates valid today, not from the copy on the
    product: when the best one has just expired the page already shows the next
    best, before `expired_stars_refresh` updates the copy the catalog filters on.
    """
    today = timezone.localdate()
    product = (
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
        .prefetch_related(
            _photos(),
            Prefetch(
                "certificates",
                queryset=certificates_valid(on=today).select_related("last_decision__actor"),
                to_attr="valid_certificates",
            ),
        )
        .first()
    )
    if product is not None:
        product.ocop_stars = max((c.stars for c in product.valid_certificates), default=0)
    return product


@dataclass(frozen=True)
class Facets:
    """Products per (category, stars shown) under every filter but category and stars.

    From these rows come the result count and the counts beside both filters'
    options, each with the other filter applied, so one grouped query serves all three.
    """

    rows: tuple[tuple[int, int, int], ...]

    def total(self, *, category_ids: set[int] | None, min_stars: int | None) -> int:
        return sum(
            n
            for category, stars, n in self.rows
            if (category_ids is None or category in category_ids)
            and (min_stars is None or stars >= min_stars)
        )

    def per_category(
        self, *, min_stars: int | None, parents: dict[int, int | None]
    ) -> dict[int, int]:
        """Products per category, a parent counting its children's."""
        counts: dict[int, int] = {}
        for category, stars, n in self.rows:
            if min_stars is not None and stars < min_stars:
                continue
            counts[category] = counts.get(category, 0) + n
            parent = parents.get(category)
            if parent:
                counts[parent] = counts.get(parent, 0) + n
        return counts

    def per_stars(self, *, category_ids: set[int] | None) -> dict[int, int]:
        """Products with at least 3, 4 and 5 valid stars."""
        return {
            level: self.total(category_ids=category_ids, min_stars=level) for level in (3, 4, 5)
        }


FACETS_CACHE_SECONDS = 60
CATEGORIES_CACHE_SECONDS = 3600


def catalog_version() -> str:
    """Part of every catalog cache key; a category, product or certificate write changes it
    (catalog.signals.catalog_changed)."""
    return versions.current("catalog")


def catalog_cache_prefix() -> str:
    """Version and day: what every cached catalog read depends on.

    The day, because stars hide the day their certificate expires.
    """
    return f"{catalog_version()}:{timezone.localdate():%Y%m%d}"


def lots_cache_prefix() -> str:
    """What pages showing lots depend on: the catalog and the lots' own version, which
    traceability starts anew on every lot change (the product page lists the newest lots,
    a trace page shows the product)."""
    return f"{catalog_cache_prefix()}:{versions.current('lots')}"


def _cache_key(kind: str, filters_key: str) -> str:
    digest = hashlib.sha256(filters_key.encode()).hexdigest()[:32]
    return f"catalog:{kind}:{catalog_cache_prefix()}:{digest}"


def product_facets(*, queryset: QuerySet[Product], filters_key: str) -> Facets:
    """Facets of `queryset` (annotated with `ocop_stars`): one query, then cached.

    Cached for a minute per version and day under `filters_key`, which the caller
    derives from the filters `queryset` applies. A product or certificate change
    starts a new version; a stock change is seen within the minute.
    """

    def load():
        rows = queryset.order_by().values_list("category_id", "ocop_stars").annotate(n=Count("pk"))
        return tuple(tuple(row) for row in rows)

    return Facets(rows=cache.get_or_set(facets_cache_key(filters_key), load, FACETS_CACHE_SECONDS))


def facets_cache_key(filters_key: str) -> str:
    return _cache_key("facets", filters_key)


def product_page(
    *, queryset: QuerySet[Product], offset: int, limit: int, filters_key: str
) -> list[Product]:
    """Rows `offset` to `offset + limit` of `queryset`, a `product_list()` filtered and sorted.

    In two steps: which products, in which order, from the product table alone (its
    indexes serve the filter and the order; joining the places first made SQLite sort
    every product), then those rows by primary key with what a tile shows. The first
    step is cached like the facets; the rows are read fresh (price, stock, a product
    taken off sale), so a repeated search skips the word match and the sort.
    """
    key = _cache_key("page", f"{filters_key}:{offset}:{limit}")
    ids = cache.get(key)
    if ids is None:
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        cache.set(key, ids, FACETS_CACHE_SECONDS)
    if not ids:
        return []
    by_id = {p.pk: p for p in product_list().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def categories_all() -> list[Category]:
    """Every category in display order; cached until a catalog change, they rarely move."""
    return cache.get_or_set(
        f"catalog:categories:{catalog_version()}",
        lambda: list(Category.objects.order_by("position", "name")),
        CATEGORIES_CACHE_SECONDS,
    )


def category_suggestions(*, words: list[str], limit: int = 6) -> list[Category]:
    """Categories one of the (folded) words starts a word of, in either language.

    What a search that found nothing offers instead ("tra sua" -> Trà); the categories
    come from their cache, so no query. Whole-word matches first ("tra" is Trà before
    Trái cây), then display order.
    """
    words = [w for w in words if len(w) >= 2]  # one letter starts half the names
    found = []
    for category in categories_all():
        names = f"{fold(category.name)} {fold(category.name_en)}".split()
        if any(name == word for word in words for name in names):
            found.append((0, category))
        elif any(name.startswith(word) for word in words for name in names):
            found.append((1, category))
    found.sort(key=lambda pair: pair[0])
    return [category for _rank, category in found[:limit]]


def products_newest(*, limit: int = 8) -> list[Product]:
    """The newest live products, shown when a search finds nothing."""
    return list(product_list().order_by("-created_at", "-pk")[:limit])


def seller_products(*, seller: Seller) -> QuerySet[Product]:
    """Every product of a shop, for its owner in the portal: drafts and archived too."""
    return (
        Product.objects.filter(seller=seller)
        .select_related("category")
        .annotate(ocop_stars=ocop_stars_valid())
        .prefetch_related(_photos())
        .order_by("status", "-created_at")
    )


@dataclass(frozen=True)
class Shelf:
    """What a storefront says of its products before listing a page of them."""

    count: int
    stars: list[int]  # the OCOP star levels its products show, highest first


def shop_shelf(*, seller: Seller) -> Shelf:
    """How many products a shop's storefront lists and the star levels they show: one
    grouped query, whatever the number of products (the page's rows are read apart)."""
    rows = product_list(seller=seller).order_by().values_list("ocop_stars").annotate(n=Count("pk"))
    counts = dict(rows)
    return Shelf(count=sum(counts.values()), stars=sorted((s for s in counts if s), reverse=True))


def home_highlights(*, limit: int = 8) -> dict:
    """What the home page shows a buyer: the top-level categories and the newest
    products with a valid OCOP certificate (newest live products if none). One or
    two queries, plus one for photos and one for their renditions; the categories
    come from their cache."""
    live = product_list()
    products = list(products_with_valid_ocop(products=live).order_by("-created_at")[:limit])
    if not products:
        products = list(live.order_by("-created_at")[:limit])
    return {
        "top_categories": [c for c in categories_all() if not c.parent_id],
        "highlights": products,
    }
