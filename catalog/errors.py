from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


class CatalogError(DomainError, ValidationError):
    """A catalog rule was broken; the message is for the person who tried."""


class CertificateStatusError(CatalogError):
    """A certificate cannot move from its status to the one asked (see certificates.TRANSITIONS)."""


class StockRefused(CatalogError):
    """Stock could not be taken for a product (`stock.product_stock_take`); nothing was.

    The caller words the refusal for its own page (orders: the cart's checkout), so these
    carry what it needs to, not a message of their own.
    """

    def __init__(self, product_name: str):
        super().__init__()
        self.product_name = product_name


class ProductNotLive(StockRefused):
    """The product is gone, or not on sale."""


class ProductOnRecall(StockRefused):
    """The product's current lot is being recalled."""


class StockShort(StockRefused):
    """Fewer in stock than asked: `available` left."""

    def __init__(self, product_name: str, available: int):
        super().__init__(product_name)
        self.available = available


class OverOrderLimit(StockRefused):
    """More asked than the seller's `max_per_order`."""

    def __init__(self, product_name: str, limit: int):
        super().__init__(product_name)
        self.limit = limit
