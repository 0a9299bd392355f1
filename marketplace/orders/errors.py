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


class PhoneNotVerified(OrderError):
    def __init__(self):
        super().__init__(
            _(
                "Verify your mobile number to order cash on delivery: tap “Verify my "
                "number” above and enter the code Chợ Số sent you by SMS."
            )
        )


class OpenOrdersLimit(OrderError):
    """The buyer holds as many open orders as one buyer may (`guest`: signed in or not)."""

    def __init__(self, count: int, *, guest: bool):
        if guest:
            message = _(
                "You already have %(count)s orders waiting for their sellers. Wait until "
                "they are confirmed, or sign in to order more."
            )
        else:
            message = _(
                "You already have %(count)s orders waiting for their sellers. Wait until "
                "one is confirmed, or cancel one, before ordering again."
            )
        super().__init__(message % {"count": count})


class ShareExceeded(OrderError):
    """More of one product than one buyer may hold before its seller confirms."""

    def __init__(self, *, product_name: str, unit: str, held: int, left: int):
        values = {"name": product_name, "unit": unit, "held": held, "count": left}
        if held == 0:
            message = _(
                "So that others can buy “%(name)s” too, one buyer may order at most "
                "%(count)s %(unit)s of it until the seller confirms. Lower the quantity "
                "and order again."
            )
        elif left > 0:
            message = _(
                "You already have %(held)s %(unit)s of “%(name)s” in orders its seller has "
                "not confirmed yet: you can order %(count)s more until they do. Lower the "
                "quantity and order again."
            )
        else:
            message = _(
                "You already have %(held)s %(unit)s of “%(name)s” in orders its seller has "
                "not confirmed yet, as much as one buyer may hold. Remove it from your "
                "cart, or order it again once the seller has confirmed."
            )
        super().__init__(message % values)
        self.product_name = product_name
        self.left = left
