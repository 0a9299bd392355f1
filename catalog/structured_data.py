"""A product page as search engines read it: schema.org `Product` with its `Offer`.

Only what is true of the product: its GTIN only when its lots carry a real one (never
made up), no rating (the site has none), and an offer only while it can be bought or
is known to be gone.
"""

from django.utils.translation import gettext as _
from wagtail.images.models import AbstractRendition

from marketplace.core.seo import SHARE_RENDITION, absolute_url
from marketplace.core.text import html_as_text

from .models import Product, ProductStatus

SCHEMA = "https://schema.org/"
# The largest square of the product page's srcset (photos.PHOTO_RENDITIONS): made
# already, so no crawler's visit decodes a photo.
SQUARE_RENDITION = "fill-720x720|format-webp"
DESCRIPTION_MAX = 5000


def product_availability(product: Product) -> str | None:
    """The offer's schema.org availability; None when nothing is offered: a product
    on recall may not be sold now, and saying "out of stock" would invite a wait."""
    if product.on_recall:
        return None
    if product.status == ProductStatus.ARCHIVED:
        return f"{SCHEMA}Discontinued"
    return f"{SCHEMA}InStock" if product.stock > 0 else f"{SCHEMA}OutOfStock"


def product_photos(product: Product) -> list[AbstractRendition]:
    """The first photo, square and in the 1.91:1 card chat apps show; none without one."""
    photo = next(iter(product.images.all()), None)
    if photo is None:
        return []
    return [photo.image.get_rendition(SQUARE_RENDITION), photo.image.get_rendition(SHARE_RENDITION)]


def _seller(product: Product, request) -> dict:
    seller = {"@type": "Organization", "name": product.seller.name}
    shop = getattr(product.seller, "storefront", None)
    if shop is not None and shop.live:
        seller["url"] = absolute_url(shop.get_url(request))
    return seller


def product_json_ld(*, product: Product, url: str, gtin: str = "", request=None) -> dict:
    """The JSON-LD of a product's page at `url` (absolute, the canonical address)."""
    seller = _seller(product, request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": url,
        "category": product.category.display_name,
        "brand": seller,
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
    }
    description = html_as_text(product.description)
    if description:
        data["description"] = description[:DESCRIPTION_MAX]
    images = [absolute_url(r.url) for r in product_photos(product)]
    if images:
        data["image"] = images
    if product.sku:
        data["sku"] = product.sku
    if gtin:
        data["gtin"] = gtin
    if product.ocop_stars:
        data["award"] = _("OCOP %(stars)s stars") % {"stars": product.ocop_stars}
    availability = product_availability(product)
    if availability:
        data["offers"] = {
            "@type": "Offer",
            "url": url,
            "price": str(product.price),
            "priceCurrency": "VND",
            "availability": availability,
            "itemCondition": f"{SCHEMA}NewCondition",
            "seller": seller,
        }
    return data
