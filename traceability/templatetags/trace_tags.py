from django import template

from traceability.selectors import latest_lots_of_product

register = template.Library()


@register.inclusion_tag("traceability/_product_lots.html")
def product_lots(product):
    """Links from a product page to the trace pages of its newest lots (one query)."""
    return {"lots": latest_lots_of_product(product_id=product.pk)}
