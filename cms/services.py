from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from marketplace.sellers.models import Seller

from .models import HomePage, StorefrontIndexPage, StorefrontPage


@transaction.atomic
def site_root_ensure() -> HomePage:
    """The home page and the default site that serves it; made once, then found."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder welcome page at depth 2.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Chợ Số",
                slug="trang-chu",
                intro=_("Farm products from Vietnamese households and cooperatives"),
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Chợ Số"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def storefront_index_ensure() -> StorefrontIndexPage:
    index = StorefrontIndexPage.objects.first()
    if index is None:
        index = site_root_ensure().add_child(
            instance=StorefrontIndexPage(title=_("Shops"), slug="cua-hang")
        )
    return index


@transaction.atomic
def storefront_create(*, seller: Seller) -> StorefrontPage:
    """A draft storefront for a new seller; it goes live through moderation."""
    existing = StorefrontPage.objects.filter(seller=seller).first()
    if existing is not None:
        return existing
    page = StorefrontPage(title=seller.name, slug=seller.slug, seller=seller, live=False)
    storefront_index_ensure().add_child(instance=page)
    page.save_revision()
    return page
