from . import selectors


def cart(request):
    """The header's cart count. A callable: the template calls it only when a page shows
    the header, so other responses (JSON, files) never query for it."""
    return {"cart_count": lambda: selectors.cart_count(request=request)}
