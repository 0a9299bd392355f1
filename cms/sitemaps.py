"""The site's sitemap: an index of sections, each a few files of at most URLS_PER_PAGE
URLs, every URL in Vietnamese and English with its alternates (marketplace.core.sitemaps).

Sections: Wagtail's pages (home, standard pages, courses), storefronts, the catalog's
categories, products. Not listed: trace pages (one per lot printed, found by their QR,
not by search), and everything robots.txt keeps crawlers out of.
"""

from django.db.models import Max, OuterRef, Subquery
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from catalog.models import Product, ProductStatus
from catalog.sitemaps import CategorySitemap, ProductSitemap
from marketplace.core.sitemaps import LocalisedSitemap

from .models import StorefrontPage


class PageSitemap(WagtailSitemap, LocalisedSitemap):
    """Wagtail's live public pages of the request's site, storefronts apart; each dated
    by its last publication (Wagtail's `lastmod`)."""

    latest_field = "last_published_at"

    def items(self):
        return self.pages

    @cached_property
    def pages(self):
        # Built once a request: `public()` reads the view restrictions when it is called.
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(StorefrontPage)
            .order_by("path")
            .only("url_path", "last_published_at", "latest_revision_created_at")
        )

    def path(self, item) -> str:
        return item.get_url_parts(self.request)[2]


class StorefrontSitemap(PageSitemap):
    """Live storefronts, each dated by its last publication or the newest change of a
    product it shows, whichever is later."""

    @cached_property
    def pages(self):
        newest = (
            Product.objects.filter(
                seller=OuterRef("seller_id"), status=ProductStatus.LIVE, on_recall=False
            )
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return (
            StorefrontPage.objects.descendant_of(self.get_wagtail_site().root_page)
            .live()
            .public()
            .annotate(products_updated=Subquery(newest))
            .order_by("path")
            .only("url_path", "last_published_at", "latest_revision_created_at")
        )

    def lastmod(self, item):
        published = super().lastmod(item)
        return max((d for d in (published, item.products_updated) if d is not None), default=None)

    def get_latest_lastmod(self):
        latest = self.items().aggregate(
            published=Max("last_published_at"), products=Max("products_updated")
        )
        return max((d for d in latest.values() if d is not None), default=None)


# Section names are the files' names: /sitemap-<section>.xml.
SECTIONS = {
    "pages": PageSitemap,
    "storefronts": StorefrontSitemap,
    "categories": CategorySitemap,
    "products": ProductSitemap,
}
