from .models import StorefrontPage
from .services import site_root_ensure, storefront_create, storefront_index_ensure


def seed(context):
    site_root_ensure()
    storefront_index_ensure()
    # Demo shops are shown as approved; real ones go through moderation.
    for seller in context.sellers.values():
        page = storefront_create(seller=seller)
        if not page.live:
            page.get_latest_revision().publish()
    context.extra["storefronts"] = StorefrontPage.objects.live().count()
