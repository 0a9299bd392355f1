"""Stock taken by orders and given back: the only writes to `Product.stock` besides a
seller's own edits (DESIGN.md's data rules: an app writes another's tables through its
services)."""

from django.db.models import F

from .errors import OverOrderLimit, ProductNotLive, ProductOnRecall, StockShort
from .models import Product, ProductStatus
from .services import product_purge_later
from .signals import availability_changed, catalog_changed


def product_stock_take(*, items: dict[int, int]) -> dict[int, Product]:
    """Take every product's quantity in `items` (product id -> quantity) or none, in the
    caller's transaction: a conditional UPDATE per product in pk order. The products, by
    pk, with their sellers; a `StockRefused` names the first product that refused.

    `stock >= n` is evaluated by the database under the row lock, so concurrent
    checkouts never drive stock below zero; the fixed order avoids deadlocks.
    """
    products = Product.objects.select_related("seller").in_bulk(list(items))
    for product_id in sorted(items):
        product = products.get(product_id)
        if product is None or product.status != ProductStatus.LIVE:
            raise ProductNotLive(product.name if product else str(product_id))
        if product.on_recall:
            raise ProductOnRecall(product.name)
        if product.max_per_order and items[product_id] > product.max_per_order:
            raise OverOrderLimit(product.name, product.max_per_order)
        # The recall mark is part of the condition: a recall committed meanwhile wins.
        taken = Product.objects.filter(
            pk=product_id,
            status=ProductStatus.LIVE,
            on_recall=False,
            stock__gte=items[product_id],
        ).update(stock=F("stock") - items[product_id])
        if not taken:
            fresh = (
                Product.objects.filter(pk=product_id)
                .values_list("stock", "status", "on_recall")
                .first()
            )
            if fresh and fresh[1] != ProductStatus.LIVE:
                raise ProductNotLive(product.name)
            if fresh and fresh[2]:
                raise ProductOnRecall(product.name)
            raise StockShort(product.name, fresh[0] if fresh else 0)
    _stock_moved(moved={pk: -quantity for pk, quantity in items.items()})
    return products


def product_stock_give_back(*, lines: list[tuple[int, int]]) -> None:
    """Return the stock of an order's `lines` (product id, quantity), in the caller's
    transaction, product by product in pk order like `product_stock_take`, so that a
    cancel and a checkout never deadlock."""
    moved: dict[int, int] = {}
    for product_id, quantity in sorted(lines, key=lambda line: line[0]):
        Product.objects.filter(pk=product_id).update(stock=F("stock") + quantity)
        moved[product_id] = moved.get(product_id, 0) + quantity
    _stock_moved(moved=moved)


def _stock_moved(*, moved: dict[int, int]) -> None:
    """After stock was taken (a negative count per product) or given back (positive),
    while the transaction still holds the rows it updated: a product whose stock reached
    0, or came back from 0, starts a new catalog version and leaves the proxies, so that
    no page keeps showing it in stock, or sold out. Other sales start nothing: the stock
    a page shows follows within its minute, and the caches keep working."""
    moved = {pk: n for pk, n in moved.items() if n}
    crossed = [
        product
        for product in Product.objects.filter(pk__in=moved).only("pk", "slug", "stock", "seller")
        if product.stock == (0 if moved[product.pk] < 0 else moved[product.pk])
    ]
    if not crossed:
        return
    catalog_changed()
    for product in crossed:
        product_purge_later(product)
    availability_changed.send(sender=Product, products=crossed)
