"""Catalog caches follow the data: a category, product or certificate write starts a new version.

Renaming a category, a seller or a place rewrites the search text of its products.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from marketplace.regions.models import Commune, Province
from marketplace.sellers.models import Seller

from .models import Category, OcopCertificate, Product
from .selectors import catalog_version_bump


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Product)
@receiver([post_save, post_delete], sender=OcopCertificate)
def _catalog_changed(sender, **kwargs):
    catalog_changed()


def catalog_changed() -> None:
    """Start a new cache version now, and again once the transaction commits.

    Now, so that the writer's own next read (and a test, which never commits) sees
    the change; after commit, because a page rendered meanwhile by another process
    may have cached the old rows under the first new version.
    """
    catalog_version_bump()
    transaction.on_commit(catalog_version_bump)


def _renamed(created: bool, update_fields) -> bool:
    # A new row has no products yet; a save of other fields leaves the name alone.
    return not created and (update_fields is None or "name" in update_fields)


@receiver(post_save, sender=Category)
def _category_renamed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or not _renamed(created, update_fields):
        return
    from .services import product_search_text_refresh

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
