"""Writes to the catalog. Every write by someone other than the seller is logged as assisted."""

import datetime

from django.db import connections, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.core.http_cache import path_of, purge_later
from marketplace.core.text import fold, html_clean, text_as_html
from marketplace.sellers.models import CooperativeMembership, Household, Seller
from marketplace.sellers.services import assisted_act_record

from .errors import CatalogError
from .facets import facet_counts_rebuild, facet_places_refresh
from .import_notices import products_imported_notify
from .models import Category, OcopCertificate, Product, ProductImage, ProductStatus
from .photos import photo_store
from .selectors import best_valid_certificate, certificates_valid
from .signals import catalog_changed

# What a seller may write in a description: a few inline marks and lists, nothing active.
DESCRIPTION_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li"}
MAX_PHOTOS = 8


def description_sanitise(text: str) -> str:
    """Safe HTML from what a seller typed: plain paragraphs, or a little markup."""
    text = (text or "").strip()
    if "<" not in text:
        return text_as_html(text)
    return html_clean(text, tags=DESCRIPTION_TAGS)


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(fold(name))[:200] or "san-pham"
    slug, n = base, 1
    taken = Product.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_producer(seller: Seller, producer: Household | None) -> None:
    if producer is None:
        return
    if seller.household_id:
        if producer.pk != seller.household_id:
            raise CatalogError(_("A household sells only what it produces itself."))
    elif not CooperativeMembership.objects.filter(
        cooperative=seller.cooperative_id, household=producer, ended_at__isnull=True
    ).exists():
        raise CatalogError(_("The producer must be a member household of the cooperative."))


@transaction.atomic
def product_create(
    *,
    actor: User,
    seller: Seller,
    name: str,
    category: Category,
    price: int,
    unit: str,
    stock: int = 0,
    description: str = "",
    status: str = ProductStatus.DRAFT,
    producer: Household | None = None,
    origin_commune=None,
    sku: str = "",
    weight_grams: int = 0,
    local_only: bool = False,
    max_per_order: int | None = None,
) -> Product:
    """A new product of `seller`; its origin defaults to the seller's commune."""
    _check_producer(seller, producer)
    product = Product(
        seller=seller,
        producer=producer,
        category=category,
        name=name.strip(),
        slug=_unique_slug(name),
        sku=sku.strip(),
        description=description_sanitise(description),
        unit=unit,
        price=price,
        stock=stock,
        status=status,
        weight_grams=weight_grams,
        local_only=local_only,
        max_per_order=max_per_order,
        origin_commune=origin_commune or (producer.commune if producer else None) or seller.commune,
    )
    product.full_clean()
    product.save()
    _product_acted(actor=actor, product=product, action="product_create")
    return product


def product_purge_later(product: Product) -> None:
    """Drop the product's page and the catalog from the proxies once the change is saved."""
    purge_later([path_of("catalog:product_list"), path_of("catalog:product_detail", product.slug)])


@transaction.atomic
def _product_acted(*, actor: User, product: Product, action: str) -> None:
    """After a write to a product: the act logged (assisted when not the seller's own),
    and its cached pages purged once the transaction commits."""
    assisted_act_record(actor=actor, seller=product.seller, action=action, target=product.name)
    product_purge_later(product)


UPDATABLE = {
    "name",
    "sku",
    "category",
    "price",
    "unit",
    "stock",
    "description",
    "status",
    "producer",
    "weight_grams",
    "local_only",
    "max_per_order",
}


@transaction.atomic
def product_update(*, actor: User, product: Product, **changes) -> Product:
    """Change the fields a seller may change; the slug (a public URL) stays."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValueError(f"Not updatable: {sorted(unknown)}")
    if "producer" in changes:
        _check_producer(product.seller, changes["producer"])
    if "description" in changes:
        changes["description"] = description_sanitise(changes["description"])
    for field, value in changes.items():
        setattr(product, field, value)
    product.full_clean()
    product.save()
    _product_acted(actor=actor, product=product, action="product_update")
    return product


@transaction.atomic
def product_archive(*, actor: User, product: Product) -> Product:
    """Take a product off sale for good; its orders and lots keep pointing at it."""
    product.status = ProductStatus.ARCHIVED
    product.save(update_fields=["status", "updated_at"])
    _product_acted(actor=actor, product=product, action="product_archive")
    return product


def product_delete(*, actor: User, product: Product) -> bool:
    """Delete a product never ordered; one that was ordered is archived instead.

    Returns True when the product is gone, False when it was archived.
    """
    try:
        with transaction.atomic():
            name, seller = product.name, product.seller
            product.delete()
            assisted_act_record(actor=actor, seller=seller, action="product_delete", target=name)
            return True
    except ProtectedError:
        product_archive(actor=actor, product=product)
        return False


@transaction.atomic
def product_photo_add(*, actor: User, product: Product, upload) -> ProductImage:
    if product.images.count() >= MAX_PHOTOS:
        raise CatalogError(_("A product has at most %(n)s photos.") % {"n": MAX_PHOTOS})
    image = photo_store(upload=upload, title=product.name, actor=actor)
    position = product.images.count()
    photo = ProductImage.objects.create(product=product, image=image, position=position)
    _product_acted(actor=actor, product=product, action="product_photo_add")
    return photo


@transaction.atomic
def product_photo_remove(*, actor: User, photo: ProductImage) -> None:
    product = photo.product
    image = photo.image
    photo.delete()
    image.delete()
    _product_acted(actor=actor, product=product, action="product_photo_remove")


def product_stars_refresh(*, product: Product) -> None:
    """Copy the best valid certificate's stars and expiry onto the product.

    Called whenever certificates change. When the best one expires the product
    shows no stars (never stale stars) until the next refresh finds a lesser
    valid certificate.
    """
    best = best_valid_certificate(product=product)
    Product.objects.filter(pk=product.pk).update(
        ocop_best_stars=best.stars if best else 0, ocop_until=best.expires_on if best else None
    )
    facet_places_refresh([(product.category_id, product.origin_commune_id)])
    product_purge_later(product)
    catalog_changed()


@transaction.atomic
def product_recall_mark(*, product_id: int, reason: str, trace_code: str) -> None:
    """Take a product off sale because the lot on sale was recalled.

    Called by the traceability app (a higher layer) from `lot_recall`; `trace_code`
    is the recalled lot's public code, for the product page to link to its trace page.
    The product stays live: it comes back once a new lot is put on sale.
    """
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        return
    product.on_recall = True
    product.recall_reason = reason[:300]
    product.recall_trace_code = trace_code
    product.save(update_fields=["on_recall", "recall_reason", "recall_trace_code", "updated_at"])
    product_purge_later(product)


@transaction.atomic
def product_recall_lift(*, product_id: int) -> None:
    """Put a product back on sale: its newest lot is no longer a recalled one."""
    product = Product.objects.select_for_update().filter(pk=product_id, on_recall=True).first()
    if product is None:
        return
    product.on_recall = False
    product.recall_reason = ""
    product.recall_trace_code = ""
    product.save(update_fields=["on_recall", "recall_reason", "recall_trace_code", "updated_at"])
    product_purge_later(product)


STARS_REFRESH_BATCH = 500


def expired_stars_refresh(*, today: datetime.date | None = None) -> int:
    """Recompute the stars of every product whose best certificate has expired.

    A product copies its best valid certificate's stars and expiry; once that
    expiry passes, its next best still-valid certificate (or none) must take over.
    Idempotent: a refreshed product's `ocop_until` is in the future or empty, so a
    second run finds nothing. Returns how many products were refreshed.
    """
    today = today or timezone.localdate()
    stale = list(
        Product.objects.filter(ocop_until__lt=today).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(stale), STARS_REFRESH_BATCH):
        batch = stale[start : start + STARS_REFRESH_BATCH]
        best: dict[int, OcopCertificate] = {}
        valid = certificates_valid(on=today).filter(product_id__in=batch)
        for certificate in valid.order_by("product_id", "-stars", "-expires_on"):
            best.setdefault(certificate.product_id, certificate)
        with transaction.atomic():
            products = list(Product.objects.filter(pk__in=batch, ocop_until__lt=today))
            for product in products:
                certificate = best.get(product.pk)
                product.ocop_best_stars = certificate.stars if certificate else 0
                product.ocop_until = certificate.expires_on if certificate else None
            Product.objects.bulk_update(products, ["ocop_best_stars", "ocop_until"])
            for product in products:
                product_purge_later(product)
    if stale:
        facet_counts_rebuild(today=today)
        catalog_changed()
    return len(stale)


@transaction.atomic
def products_import(
    *, actor: User, seller: Seller, rows: list[dict]
) -> tuple[list[Product], list[Product]]:
    """Save every checked row, or none if one fails: returns (created, updated).

    A row with `update` set (a product of this seller it matched, which the seller
    chose to update) changes that product's price, stock, category, unit and code,
    and its description, shipping weight and "only within the province" when the sheet
    has them; its status stays as it was. Any other row becomes a new draft. Every login
    of the shop, and the importer, read in the app what was saved.
    """
    created, updated = [], []
    for row in rows:
        fields = {
            "name": row["name"],
            "category": row["category"],
            "price": row["price"],
            "unit": row["unit"],
            "stock": row["stock"],
            "sku": row.get("sku", ""),
            **{key: row[key] for key in ("weight_grams", "local_only") if key in row},
        }
        target = row.get("update")
        if target is not None:
            if target.seller_id != seller.pk:
                raise CatalogError(_("A row points at another shop's product."))
            if row["description"]:
                fields["description"] = row["description"]
            if not fields["sku"]:
                del fields["sku"]
            updated.append(product_update(actor=actor, product=target, **fields))
        else:
            created.append(
                product_create(actor=actor, seller=seller, description=row["description"], **fields)
            )
    products_imported_notify(
        actor=actor, seller=seller, rows=rows, created=len(created), updated=len(updated)
    )
    return created, updated


@transaction.atomic
def products_publish(*, actor: User, seller: Seller, products: list[Product]) -> int:
    """Put the seller's chosen drafts on sale; archived products stay archived."""
    published = 0
    for product in products:
        if product.seller_id != seller.pk or product.status != ProductStatus.DRAFT:
            continue
        product_update(actor=actor, product=product, status=ProductStatus.LIVE)
        published += 1
    return published


SEARCH_TEXT_BATCH = 500


@transaction.atomic
def product_category_top_refresh(*, category: Category) -> int:
    """After a category moves in the tree: its products' and its children's products'
    top-level category (Product.category_top). Returns how many products changed."""
    changed = 0
    for branch in [category, *category.children.all()]:
        top = branch.parent_id or branch.pk
        changed += (
            Product.objects.filter(category=branch)
            .exclude(category_top_id=top)
            .update(category_top_id=top)
        )
    if changed:
        catalog_changed()
    return changed


def product_search_text_refresh(*, products) -> int:
    """Recompute the search text of `products` (a queryset); how many were rewritten.

    Called when a name the search reads changes elsewhere than on the product: its
    category's, its seller's, its commune's or province's. A product's own save keeps
    its text; `bulk_update` sends no signal, so the catalog's caches are moved on here.
    """
    rows = products.select_related(
        "category__parent", "seller", "origin_commune__province"
    ).order_by("pk")
    changed = []
    for product in rows.iterator(chunk_size=SEARCH_TEXT_BATCH):
        text = product.search_text()
        if text != product.search_folded:
            changed.append((text, product.pk))
    # One plain UPDATE per row, sent as a batch: `bulk_update`'s CASE over a batch of
    # ids costs rows x batch, which took minutes for 100,000 products on SQLite.
    with connections[products.db].cursor() as cursor:
        for start in range(0, len(changed), SEARCH_TEXT_BATCH):
            cursor.executemany(
                f"UPDATE {Product._meta.db_table} SET search_folded = %s WHERE id = %s",
                changed[start : start + SEARCH_TEXT_BATCH],
            )
    if changed:
        catalog_changed()
    return len(changed)
