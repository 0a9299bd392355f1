"""Catalog caches follow the data: a category, product or certificate write starts a new version,
and a product write recounts the facet places it leaves and joins (catalog.facets).

Renaming a category, a seller or a place rewrites the search text of its products.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver

from marketplace.core import versions
from marketplace.regions.models import Commune, Province
from marketplace.sellers.models import Seller

from .facets import facet_places_refresh
from .models import Category, OcopCertificate, Product

# Sent with `products` (a list) when orders sold them out or brought them back in stock
# (stock.product_stock_take, product_stock_give_back): pages of higher layers that list
# them (a storefront) leave the proxies too.
availability_changed = Signal()


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Product)
@receiver([post_save, post_delete], sender=OcopCertificate)
def _catalog_changed(sender, **kwargs):
    catalog_changed()


def _place_in_database(product: Product) -> tuple:
    # The row as stored, not as this (maybe stale) instance believes it is.
    stored = Product.objects.filter(pk=product.pk).values_list("category_id", "origin_commune_id")
    return stored.first() or (None, None)


@receiver([pre_save, pre_delete], sender=Product)
def _product_place_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    instance.facet_place_before = _place_in_database(instance)


PLACE_FIELDS = frozenset({"category", "category_id", "origin_commune", "origin_commune_id"})


@receiver([post_save, post_delete], sender=Product)
def _product_counts_moved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Recount the facet places the product was in and is in now."""
    if raw:
        return
    before = getattr(instance, "facet_place_before", (None, None))
    now = (instance.category_id, instance.origin_commune_id)
    if update_fields is not None and not set(update_fields) & PLACE_FIELDS:
        now = before  # a save of other fields leaves the product where it was stored
    facet_places_refresh([before, now])


def catalog_changed() -> None:
    """Start a new catalog cache version, now and once the transaction commits."""
    versions.bump("catalog")


def _renamed(created: bool, update_fields) -> bool:
    # A new row has no products yet; a save of other fields leaves the name alone.
    return not created and (update_fields is None or "name" in update_fields)


@receiver(post_save, sender=Category)
def _category_renamed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or created:
        return
    from .services import product_category_top_refresh, product_search_text_refresh

    product_category_top_refresh(category=instance)
    if not _renamed(created, update_fields):
        return

    product_search_text_refresh(
        products=Product.objects.filter(category__in=[instance, *instance.children.all()])
    )


@receiver(post_save, sender=Seller)
def _seller_renamed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or not _renamed(created, update_fields):
        return
    from .services import product_search_text_refresh

    product_search_text_refresh(products=Product.objects.filter(seller=instance))


@receiver(post_save, sender=Commune)
def _commune_renamed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or not _renamed(created, update_fields):
        return
    from .services import product_search_text_refresh

    product_search_text_refresh(products=Product.objects.filter(origin_commune=instance))


@receiver(post_save, sender=Province)
def _province_renamed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or not _renamed(created, update_fields):
        return
    from .services import product_search_text_refresh

    product_search_text_refresh(products=Product.objects.filter(origin_commune__province=instance))
