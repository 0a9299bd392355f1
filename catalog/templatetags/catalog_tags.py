from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from catalog import structured_data
from marketplace.core.seo import absolute_url, json_ld_script
from marketplace.core.text import html_as_text

register = template.Library()


@register.filter
def ocop_badge(stars):
    """The OCOP badge for stars still valid, nothing for 0: {{ product.ocop_stars|ocop_badge }}.

    A filter rather than an included template: the catalog shows it on every tile.
    """
    if not stars:
        return ""
    return format_html(
        '<span class="badge ocop" title="{}">OCOP {}★</span>',
        gettext("OCOP %(stars)s stars") % {"stars": stars},
        stars,
    )


@register.filter
def plain_text(markup):
    """A description's stored HTML as one line of text, for a meta description."""
    return " ".join(html_as_text(markup).split())


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, gtin=""):
    """The product's schema.org JSON-LD block (catalog.structured_data)."""
    data = structured_data.product_json_ld(
        product=product,
        url=absolute_url(product.get_absolute_url()),
        gtin=gtin,
        request=context.get("request"),
    )
    return json_ld_script(data)


@register.simple_tag
def product_share_photo(product):
    """The rendition chat apps show of the product's first photo; None without a photo."""
    photos = structured_data.product_photos(product)
    return photos[-1] if photos else None
