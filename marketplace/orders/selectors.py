"""Reads of ordering that pages share, each with a fixed number of queries."""

import datetime as dt
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductStatus
from marketplace.accounts.models import User
from marketplace.sellers.models import Seller
from marketplace.sellers.selectors import sellers_managed_by

from .cart import SESSION_CART
from .models import CartItem, Order, OrderEvent, OrderStatus, SellerOrder


class LineProblem:
    """Why a cart line cannot be ordered; the cart page says it beside the line."""

    UNAVAILABLE = "unavailable"
    RECALLED = "recalled"
    SOLD_OUT = "sold_out"


@dataclass
class CartLine:
    """A product in the cart as it can really be bought now.

    `wanted` is what the buyer put in; `quantity` is that capped at the stock, which
    checkout orders. A line with a `problem` cannot be ordered at all.
    """

    product: Product
    wanted: int

    @property
    def problem(self) -> str:
        if self.product.status != ProductStatus.LIVE:
            return LineProblem.UNAVAILABLE
        if self.product.on_recall:
            return LineProblem.RECALLED
        if self.product.stock <= 0:
            return LineProblem.SOLD_OUT
        return ""

    @property
    def limit(self) -> int:
        """The most this line can hold: the stock, and the seller's limit per order."""
        return min(self.product.stock, self.product.max_per_order or self.product.stock)

    @property
    def quantity(self) -> int:
        return 0 if self.problem else min(self.wanted, self.limit)

    @property
    def capped(self) -> bool:
        return not self.problem and self.quantity < self.wanted

    @property
    def capped_by_seller(self) -> bool:
        """Lowered to the seller's limit per order, not for want of stock."""
        return self.capped and self.product.max_per_order == self.quantity < self.product.stock

    @property
    def subtotal(self) -> int:
        return self.product.price * self.quantity


@dataclass
class CartGroup:
    seller: Seller
    lines: list[CartLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.subtotal for line in self.lines)


def cart_items(*, request) -> dict[int, int]:
    """What the buyer put in the cart: {product id: quantity}. One query when signed in."""
    if request.user.is_authenticated:
        return dict(
            CartItem.objects.filter(user=request.user).values_list("product_id", "quantity")
        )
    return {int(k): int(v) for k, v in request.session.get(SESSION_CART, {}).items()}


def cart_groups(*, items: dict[int, int]) -> list[CartGroup]:
    """The cart split by seller, as checkout will split the order. One query."""
    products = (
        Product.objects.filter(pk__in=list(items))
        .select_related(
            "seller__household__commune__province", "seller__cooperative__commune__province"
        )
        .order_by("pk")
    )
    groups: dict[int, CartGroup] = {}
    for product in products:
        group = groups.setdefault(product.seller_id, CartGroup(seller=product.seller))
        group.lines.append(CartLine(product=product, wanted=items[product.pk]))
    return sorted(groups.values(), key=lambda g: g.seller.pk)


def cart_lines(*, groups: list[CartGroup]) -> list[CartLine]:
    return [line for group in groups for line in group.lines]


def cart_orderable(*, groups: list[CartGroup]) -> dict[int, int]:
    """{product id: quantity} that checkout orders: the capped quantities."""
    return {line.product.pk: line.quantity for line in cart_lines(groups=groups)}


def cart_parts(*, groups: list[CartGroup]) -> dict:
    """{seller: [(product, quantity)]} of what checkout orders, for delivery quotes."""
    return {
        group.seller: [(line.product, line.quantity) for line in group.lines if not line.problem]
        for group in groups
    }


def cart_state(*, groups: list[CartGroup]) -> str:
    """A short fingerprint of what checkout would order now (products, quantities,
    prices): the checkout form carries the one the buyer saw, so that an order is
    never placed for something else than what was on their screen."""
    lines = cart_lines(groups=groups)
    return ",".join(f"{line.product.pk}x{line.quantity}@{line.product.price}" for line in lines)


def cart_count(*, request) -> int:
    """How many products are in the cart, for the header. Never creates a session;
    one query when signed in."""
    if request.user.is_authenticated:
        return CartItem.objects.filter(user=request.user).count()
    return len(request.session.get(SESSION_CART) or {})


def _with_details(seller_orders: QuerySet[SellerOrder]) -> QuerySet[SellerOrder]:
    return seller_orders.select_related(
        "seller", "payment", "shipment", "order__commune__province"
    ).prefetch_related(
        "lines", Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "pk"))
    )


# What a token or an order number can look like: anything else (a NUL byte, which
# PostgreSQL refuses in text, a 10 KB string) is not looked up at all.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")
_NUMBER = re.compile(r"[A-Z0-9-]{1,20}")


def order_by_token(*, token: str) -> Order | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    return (
        Order.objects.filter(token=token)
        .prefetch_related(
            Prefetch(
                "seller_orders",
                # Creation order: CS000123-2 before CS000123-10.
                queryset=_with_details(SellerOrder.objects.order_by("pk")),
            )
        )
        .select_related("commune__province")
        .first()
    )


def orders_of_buyer(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(buyer=user).prefetch_related(
        Prefetch(
            "seller_orders",
            queryset=SellerOrder.objects.select_related("seller", "payment").order_by("number"),
        )
    )


def seller_orders_for(
    *, user: User, status: str = "", seller_slug: str = ""
) -> QuerySet[SellerOrder]:
    """Orders of the shops `user` manages; of one of them when `seller_slug` names it."""
    managed = sellers_managed_by(user=user)
    if seller_slug:
        managed = managed.filter(slug=seller_slug)
    seller_ids = list(managed.values_list("pk", flat=True))
    orders = (
        SellerOrder.objects.filter(seller_id__in=seller_ids)
        .select_related("seller", "payment", "shipment", "order__commune__province")
        .prefetch_related("lines")
    )
    if status:
        orders = orders.filter(status=status)
    return orders


EXPIRING_WITHIN = dt.timedelta(hours=12)


def seller_orders_expiring(*, orders: QuerySet[SellerOrder]) -> QuerySet[SellerOrder]:
    """Of `orders`, those still waiting for the seller that will be cancelled within
    12 hours if nobody confirms them, the soonest first."""
    return orders.filter(
        status=OrderStatus.PENDING, hold_until__lte=timezone.now() + EXPIRING_WITHIN
    ).order_by("hold_until", "pk")


def seller_order_detail(*, number: str) -> SellerOrder | None:
    if not _NUMBER.fullmatch(number or ""):
        return None
    return _with_details(SellerOrder.objects.filter(number=number)).first()


def orders_by_tokens(*, tokens: list[str]) -> QuerySet[Order]:
    """A guest's orders on this device: the links kept in their session."""
    return Order.objects.filter(token__in=tokens).prefetch_related(
        Prefetch(
            "seller_orders",
            queryset=SellerOrder.objects.select_related("seller", "payment").order_by("number"),
        )
    )


# An order number as people type it: the whole order's "CS000007" or one shop's part
# "CS000007-2", the letters optional, dashes doubled or around; spaces are gone already.
_TYPED_NUMBER = re.compile(r"-*(?:CS)?-*(\d{1,12})(?:-+(\d{1,4}))?-*")


def order_number_parse(text: str) -> tuple[int, int | None] | None:
    """(order pk, part index or None for the whole order) of a typed order number, any
    case, spaces anywhere; None if it cannot be one."""
    match = _TYPED_NUMBER.fullmatch("".join((text or "").split()).upper())
    if match is None:
        return None
    pk, index = int(match[1]), int(match[2]) if match[2] else None
    if pk == 0 or index == 0:
        return None
    return pk, index


def order_number_clean(text: str) -> str:
    """The number as the site writes it ("CS000007", "CS000007-2"), or the text squashed
    and upper-cased if it cannot be one (and then matches nothing)."""
    parsed = order_number_parse(text)
    if parsed is None:
        return "".join((text or "").split()).upper()
    pk, index = parsed
    return f"CS{pk:06d}" + (f"-{index}" if index else "")


def order_find(*, phone: str, number: str) -> Order | None:
    """The order of `number` (the whole order's, or one of its seller orders'), if it was
    placed with `phone` (+84…). One query."""
    parsed = order_number_parse(number)
    if parsed is None:
        return None
    pk, index = parsed
    if index is None:
        return Order.objects.filter(pk=pk, phone=phone).first()
    seller_order = (
        SellerOrder.objects.filter(number=f"CS{pk:06d}-{index}", order__phone=phone)
        .select_related("order")
        .first()
    )
    return seller_order.order if seller_order else None


def delivered_sales_by_seller(*, seller_ids, start: date, end: date) -> dict[int, dict]:
    """Delivered orders per seller whose delivery day (Viet Nam time) falls in
    [start, end]: {seller_id: {"orders": n, "amount": dong}}. One query."""
    rows = (
        SellerOrder.objects.filter(
            seller_id__in=list(seller_ids),
            status=OrderStatus.DELIVERED,
            delivered_at__date__gte=start,
            delivered_at__date__lte=end,
        )
        .values("seller_id")
        .annotate(orders=Count("pk"), amount=Sum("total"))
    )
    return {row["seller_id"]: {"orders": row["orders"], "amount": row["amount"]} for row in rows}


EXPORT_LIMIT = 20_000


def seller_orders_rows(*, orders: QuerySet[SellerOrder]) -> list[list]:
    """A shop's orders as the spreadsheet a seller keeps: one row an order, goods,
    delivery and total apart (the money the buyer paid), newest first."""
    rows = [
        [
            _("Order number"),
            _("Placed"),
            _("Buyer"),
            _("Phone"),
            _("Address"),
            _("Commune"),
            _("Province"),
            _("Status"),
            _("Goods (dong)"),
            _("Delivery fee (dong)"),
            _("Total (dong)"),
            _("Payment"),
            _("Payment status"),
            _("Delivery"),
            _("Courier"),
            _("Tracking number"),
        ]
    ]
    for so in orders.select_related("shipment")[:EXPORT_LIMIT]:
        order, shipment, payment = (
            so.order,
            getattr(so, "shipment", None),
            getattr(so, "payment", None),
        )
        rows.append(
            [
                so.number,
                timezone.localtime(so.created_at).strftime("%d/%m/%Y %H:%M"),
                order.name,
                order.phone_display,
                order.address,
                order.commune.name,
                order.commune.province.name,
                so.get_status_display(),
                so.goods_total,
                # Arranged by phone: not known, not 0.
                "" if so.fee_to_agree else so.delivery_fee,
                so.total,
                payment.get_method_display() if payment else "",
                payment.get_status_display() if payment else "",
                shipment.label if shipment else "",
                shipment.carrier_name if shipment else "",
                shipment.tracking_number if shipment else "",
            ]
        )
    return rows
