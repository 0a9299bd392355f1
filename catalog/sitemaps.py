"""The catalog in the sitemap: the products a buyer can buy, and the catalog's page of
each category that has some (`/san-pham/?category=<slug>`, the address those pages give
as canonical)."""

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse

from marketplace.core.sitemaps import LocalisedSitemap, SlugSitemap

from .models import Category, Product, ProductStatus


def _for_sale():
    # As catalog.selectors.product_list: live and not on recall. Archived products keep
    # their page (it says so) but are no longer offered to search engines.
    return Product.objects.filter(status=ProductStatus.LIVE, on_recall=False)


class ProductSitemap(SlugSitemap):
    url_name = "catalog:product_detail"
    latest_field = "updated_at"

    def items(self):
        return _for_sale().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(LocalisedSitemap):
    """The catalog's first page, then each category with a product for sale, in the
    catalog's order; each dated by the newest change of a product it lists."""

    def items(self):
        if not hasattr(self, "_categories"):
            newest = (
                _for_sale()
                .filter(Q(category=OuterRef("pk")) | Q(category_top=OuterRef("pk")))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            )
            categories = (
                Category.objects.annotate(latest=Subquery(newest))
                .filter(latest__isnull=False)
                .order_by("position", "name", "pk")
                .only("slug")
            )
            self._categories = list(categories)
            if self._categories:
                self._categories.insert(0, None)  # the whole catalog
        return self._categories

    def path(self, item) -> str:
        path = reverse("catalog:product_list")
        return path if item is None else f"{path}?category={item.slug}"

    def lastmod(self, item):
        if item is None:
            return max(c.latest for c in self.items()[1:])
        return item.latest

    def get_latest_lastmod(self):
        return self.lastmod(None) if self.items() else None
