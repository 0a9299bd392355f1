"""What cms does when other apps (and Wagtail) say something happened."""

from marketplace.core import versions


def pages_changed(sender, instance, **kwargs):
    """Any page saved (published, unpublished, moved) or deleted: the pages kept for
    visitors (cms.views.page_serve) are read anew."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        versions.bump("pages")


def create_storefront(sender, seller, **kwargs):
    from .services import storefront_create

    storefront_create(seller=seller)


def publish_assisted_storefront(sender, seller, actor, **kwargs):
    from .services import storefront_publish_assisted

    storefront_publish_assisted(actor=actor, seller=seller)
