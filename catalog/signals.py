"""Catalog caches follow the data: a category, product or certificate write starts a new version."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

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
