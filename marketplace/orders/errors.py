from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError


class OrderError(DomainError):
    """A rule of ordering refused the request; `message` is shown to the person as is."""


class EmptyCart(OrderError):
    def __init__(self):
        super().__init__(_("Your cart is empty."))


class ProductUnavailable(OrderError):
    def __init__(self, product_name: str):
        super().__init__(
            _("“%(name)s” is no longer on sale. It has been left in your cart; remove it to go on.")
            % {"name": product_name}
        )
        self.product_name = product_name


class ProductRecalled(OrderError):
    def __init__(self, product_name: str, *, in_cart: bool = True):
        if in_cart:
            message = _(
                "“%(name)s” cannot be bought now: its current lot has been recalled. "
                "It has been left in your cart; remove it to go on."
            ) % {"name": product_name}
        else:
            message = _("“%(name)s” is being recalled: it cannot be bought now.") % {
                "name": product_name
            }
        super().__init__(message)
        self.product_name = product_name


class ProductSoldOut(OrderError):
    def __init__(self, product_name: str):
        super().__init__(_("“%(name)s” is sold out.") % {"name": product_name})
        self.product_name = product_name


class InsufficientStock(OrderError):
    def __init__(self, product_name: str, available: int):
        if available > 0:
            message = _(
                "Only %(available)s left of “%(name)s”. Lower the quantity and order again; "
                "the rest of your cart is unchanged."
            ) % {"available": available, "name": product_name}
        else:
            message = _(
                "“%(name)s” has just sold out. Remove it and order again; "
                "the rest of your cart is unchanged."
            ) % {"name": product_name}
        super().__init__(message)
        self.product_name = product_name
        self.available = available


class TransitionRefused(OrderError):
    pass
