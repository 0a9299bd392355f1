"""What cms does when other apps (and Wagtail) say something happened."""

from marketplace.core import versions


def pages_changed(sender, instance, **kwargs):
    """Any page saved (published, unpublished, moved) or deleted: the pages kept for
    visitors (cms.views.page_serve) are read anew."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        versions.bump("pages")


def storefronts_purge(sender, products, **kwargs):
    """Products sold out or back in stock (catalog.stock): their
    shops' storefronts leave the proxies once that is committed. The first page of each;
    its later pages, like the catalog's filtered lists, follow within their minute."""
    from django.conf import settings
    from django.utils import translation

    from marketplace.core.http_cache import purge_later, purging_on

    from .models import StorefrontPage

    if not purging_on():
        return
    pages = StorefrontPage.objects.live().filter(seller_id__in={p.seller_id for p in products})
    with translation.override(settings.LANGUAGE_CODE):
        purge_later([page.get_url_parts()[2] for page in pages])


def create_storefront(sender, seller, **kwargs):
    from .services import storefront_create

    storefront_create(seller=seller)


def publish_assisted_storefront(sender, seller, actor, **kwargs):
    from .services import storefront_publish_assisted

    storefront_publish_assisted(actor=actor, seller=seller)


# What the seller hears when the review of its storefront page ends, in the portal or
# in Wagtail's admin.
# (Wagtail marks a rejected workflow "needs changes": the seller may resubmit.)
REVIEW_EVENTS = {"approved": "storefront_approved", "needs_changes": "storefront_rejected"}


def storefront_review_ended(sender, instance, user=None, **kwargs):
    """Tell the seller its storefront page was approved (and is live) or sent back;
    once per review, delivered after the commit."""
    from marketplace.notifications.services import send
    from marketplace.sellers.selectors import seller_recipients

    from .models import StorefrontPage

    page = instance.content_object
    page = getattr(page, "specific", page)
    event = REVIEW_EVENTS.get(instance.status)
    if not isinstance(page, StorefrontPage) or event is None:
        return
    seller = page.seller
    for suffix, recipient in seller_recipients(seller=seller):
        send(
            event=event,
            context={"shop": seller.name},
            # One per review step: a page sent back twice hears twice.
            idempotency_key=(
                f"storefront:{instance.pk}:{instance.status}:{instance.current_task_state_id}"
                f"{suffix}"
            ),
            **recipient,
        )
