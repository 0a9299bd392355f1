"""How much one buyer may hold without paying: stock nobody can hoard.

An open order (its seller has not confirmed it and nothing is paid) holds its stock until
its hold runs out (ORDER_HOLD_HOURS). So one buyer may hold at once:

- at most GUEST_OPEN_ORDERS_LIMIT open orders as a guest (known by the phone number typed,
  the network address, hashed, and the order links kept on the device), or
  ACCOUNT_OPEN_ORDERS_LIMIT with an account;
- of one product, at most BUYER_STOCK_SHARE_PERCENT of what is on sale counting what they
  already hold, at least one unit and never more than the seller's limit per order, so
  that splitting a cart into several orders gains nothing.

An account whose number is not verified yet (a stranger's sign-up) orders nothing paid
cash on delivery: the seller would send goods to a number nobody checked.

The counts are made inside the checkout transaction after `holder_lock`: the account's
row locked, or for a guest PostgreSQL advisory locks on their phone number and address.
Two checkouts of one buyer then take turns and the second counts the first's order.
SQLite lets one writer at a time anyway.
"""

import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from catalog.models import Product
from marketplace.accounts.models import User
from marketplace.core.locks import advisory_xact_lock
from marketplace.payments.methods import PaymentMethod
from marketplace.payments.models import Method, PaymentStatus

from .errors import OpenOrdersLimit, PhoneNotVerified, ShareExceeded
from .models import Order, OrderLine, OrderStatus

MAX_QUANTITY = 999


def cart_limit(product: Product) -> int:
    """The most one cart line of `product` may hold: its stock, the seller's limit per
    order and MAX_QUANTITY; at least one, so that a line sold out meanwhile stays in the
    cart marked "sold out" instead of vanishing."""
    return max(1, min(product.stock, product.max_per_order or MAX_QUANTITY, MAX_QUANTITY))


def cart_capped_message(product: Product, in_cart: int) -> str:
    """What the buyer is told when a line was lowered to `in_cart`."""
    values = {
        "stock": product.stock,
        "unit": product.get_unit_display(),
        "name": product.name,
        "in_cart": in_cart,
    }
    if product.max_per_order and in_cart == product.max_per_order < product.stock:
        return (
            _("At most %(in_cart)s %(unit)s of “%(name)s” in one order: your cart now holds that.")
            % values
        )
    return (
        _(
            "Only %(stock)s %(unit)s of “%(name)s” left: your cart now holds "
            "%(in_cart)s, the most you can buy."
        )
        % values
    )


@dataclass(frozen=True)
class Holder:
    """Who would hold the stock: an account, or a guest known by what they left."""

    buyer: User | None
    phone: str = ""
    placed_from: str = ""
    tokens: tuple[str, ...] = ()

    def orders(self, prefix: str = "") -> Q:
        """This holder's orders, as a condition on Order (`prefix`: the path to it)."""
        if self.buyer is not None:
            return Q(**{f"{prefix}buyer": self.buyer})
        match = Q(**{f"{prefix}phone": self.phone}) | Q(**{f"{prefix}token__in": self.tokens})
        if self.placed_from:
            match |= Q(**{f"{prefix}placed_from": self.placed_from})
        return Q(**{f"{prefix}buyer": None}) & match


def _open(prefix: str = "") -> Q:
    """A seller order that holds stock without money: not confirmed, not paid."""
    return Q(**{f"{prefix}status": OrderStatus.PENDING}) & Q(
        **{f"{prefix}payment__status": PaymentStatus.PENDING}
    )


def holder_lock(holder: Holder) -> None:
    """Take turns with the holder's other checkouts until the transaction ends."""
    if holder.buyer is not None:
        list(User.objects.select_for_update().filter(pk=holder.buyer.pk).values_list("pk"))
        return
    keys = [f"phone:{holder.phone}"]
    if holder.placed_from:
        keys.append(f"address:{holder.placed_from}")
    for key in sorted(keys):  # one order for everyone: no deadlock between two guests
        advisory_xact_lock(zlib.crc32(f"orders.holder:{key}".encode()))


def open_orders(holder: Holder) -> int:
    """How many of the holder's orders still hold stock unpaid and unconfirmed."""
    return Order.objects.filter(holder.orders(), _open("seller_orders__")).distinct().count()


def held_units(holder: Holder, product_ids) -> dict[int, int]:
    """{product id: units} the holder holds in open orders, of these products."""
    rows = (
        OrderLine.objects.filter(
            holder.orders("seller_order__order__"),
            _open("seller_order__"),
            product_id__in=list(product_ids),
        )
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: row["units"] for row in rows}


def share_left(product: Product, held: int) -> int:
    """How many more units of `product` a buyer holding `held` of it may order."""
    most = max(1, (product.stock + held) * settings.BUYER_STOCK_SHARE_PERCENT // 100)
    if product.max_per_order:
        most = min(most, product.max_per_order)
    return max(0, most - held)


def cash_check(*, buyer: User | None, method: PaymentMethod, sellers) -> None:
    """An account with an unverified number pays nothing cash on delivery (VietQR falls
    back to cash for a seller without a bank account)."""
    if buyer is None or buyer.phone_verified:
        return
    if any(method.for_seller(seller).code == Method.COD for seller in sellers):
        raise PhoneNotVerified()


def holder_check(*, holder: Holder, items: dict[int, int]) -> None:
    """Refuse an order that would make the holder hold more than one buyer may: too many
    open orders, or too much of one product. Call it in the checkout transaction."""
    holder_lock(holder)
    guest = holder.buyer is None
    limit = settings.GUEST_OPEN_ORDERS_LIMIT if guest else settings.ACCOUNT_OPEN_ORDERS_LIMIT
    if open_orders(holder) >= limit:
        raise OpenOrdersLimit(limit, guest=guest)
    held = held_units(holder, items)
    for product in Product.objects.filter(pk__in=list(items)).order_by("pk"):
        wanted = items[product.pk]
        if wanted > min(product.stock, product.max_per_order or wanted):
            continue  # the stock or the seller's limit refuses it next, in their own words
        left = share_left(product, held.get(product.pk, 0))
        if wanted > left:
            raise ShareExceeded(
                product_name=product.name,
                unit=product.get_unit_display(),
                held=held.get(product.pk, 0),
                left=left,
            )
