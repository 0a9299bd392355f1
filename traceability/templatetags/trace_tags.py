from django import template

from traceability.selectors import latest_lots_of_product

register = template.Library()


def _latest_lots(product):
    """Read once a page: the product page asks for the GTIN in its head, the lots below."""
    if not hasattr(product, "latest_lots"):
        product.latest_lots = latest_lots_of_product(product_id=product.pk)
    return product.latest_lots


@register.inclusion_tag("traceability/_product_lots.html")
def product_lots(product):
    """Links from a product page to the trace pages of its newest lots (one query)."""
    return {"lots": _latest_lots(product)}


@register.simple_tag
def product_gtin(product) -> str:
    """The GTIN on the product's newest lots, "" when they carry none: a product keeps
    no GTIN of its own, its lots do, and none is ever made up."""
    return next((lot.gtin for lot in _latest_lots(product) if lot.gtin), "")
