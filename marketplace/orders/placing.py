"""Placing an order: the cart split by seller, each part's delivery, and the order with
its stock taken, all or nothing."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.errors import OverOrderLimit, ProductNotLive, ProductOnRecall, StockShort
from catalog.models import Product
from catalog.stock import product_stock_take
from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.delivery import quotes as delivery_quotes
from marketplace.delivery.quotes import Quote
from marketplace.delivery.services import address_remember, shipment_open
from marketplace.payments.methods import PaymentMethod, method_get
from marketplace.regions.models import Commune

from . import limits, tasks
from .errors import (
    EmptyCart,
    InsufficientStock,
    OrderError,
    ProductRecalled,
    ProductUnavailable,
)
from .models import Order, OrderEvent, OrderLine, OrderStatus, SellerOrder


def _take_stock(items: dict[int, int]) -> dict[int, Product]:
    """Every line's stock taken, or none: catalog's refusal worded for the cart."""
    try:
        return product_stock_take(items=items)
    except ProductNotLive as refusal:
        raise ProductUnavailable(refusal.product_name) from refusal
    except ProductOnRecall as refusal:
        raise ProductRecalled(refusal.product_name) from refusal
    except StockShort as refusal:
        raise InsufficientStock(refusal.product_name, refusal.available) from refusal
    except OverOrderLimit as refusal:
        raise OrderError(
            _("At most %(count)s of “%(name)s” can be bought in one order.")
            % {"count": refusal.limit, "name": refusal.product_name}
        ) from refusal


def _order_items(items: dict) -> dict[int, int]:
    """The cart's lines as product id -> quantity, refused if empty or absurd."""
    items = {int(pk): int(q) for pk, q in items.items() if int(q) > 0}
    if not items:
        raise EmptyCart()
    if any(q > limits.MAX_QUANTITY for q in items.values()):
        raise OrderError(_("A quantity is too large."))
    return items


SELLER_WITH_PLACE = ("seller__household__commune", "seller__cooperative__commune")


def order_parts(*, items: dict[int, int]) -> dict:
    """{seller: [(product, quantity)]} of the products `items` names, sellers by pk: one
    query, with what delivery needs (the seller's commune)."""
    products = Product.objects.select_related(*SELLER_WITH_PLACE).in_bulk(list(items))
    parts: dict = {}
    for product_id in sorted(products):
        product = products[product_id]
        parts.setdefault(product.seller, []).append((product, items[product_id]))
    return dict(sorted(parts.items(), key=lambda part: part[0].pk))


def order_deliveries(
    *, parts: dict, commune: Commune, chosen: dict[int, str] | None = None
) -> dict[int, "delivery_quotes.SellerDelivery"]:
    """Each seller's delivery quotes to `commune` for its part, the chosen one (by
    Quote.choice) or the cheapest picked. May ask a courier: call it outside a
    transaction."""
    options = delivery_quotes.options_of(seller_ids=[seller.pk for seller in parts])
    chosen = chosen or {}
    return {
        seller.pk: delivery_quotes.seller_delivery(
            seller=seller,
            options=options.get(seller.pk, []),
            lines=lines,
            commune=commune,
            chosen=chosen.get(seller.pk, ""),
        )
        for seller, lines in parts.items()
    }


def _quote_check(*, seller, quote: Quote | None, goods: int, weight: int) -> Quote:
    """The quote the buyer accepted must be this seller's, for exactly this part."""
    if quote is None or quote.seller_id != seller.pk:
        raise OrderError(
            _(
                "%(seller)s does not deliver to this commune: remove their products "
                "or choose another address."
            )
            % {"seller": seller.name}
        )
    if quote.goods_total != goods or quote.weight_grams != weight:
        raise OrderError(
            _("Your cart changed while you were ordering: check the delivery fees and order again.")
        )
    return quote


def _seller_order_create(
    *,
    order: Order,
    seller,
    index: int,
    lines: list[Product],
    items: dict,
    method: PaymentMethod,
    quote: Quote | None,
) -> SellerOrder:
    """One seller's part: its own number, price snapshots, delivery, history and payment.

    The delivery fee is fixed here, from the quote the buyer saw, and is part of every
    amount the buyer pays this seller (the payment is opened for the total).
    """
    goods, weight = delivery_quotes.parcel_of([(p, items[p.pk]) for p in lines])
    quote = _quote_check(seller=seller, quote=quote, goods=goods, weight=weight)
    method = method.for_seller(seller)
    seller_order = SellerOrder.objects.create(
        order=order,
        seller=seller,
        number=f"CS{order.pk:06d}-{index}",
        goods_total=goods,
        delivery_fee=quote.fee,
        total=goods + quote.fee,
        created_at=order.created_at,
        hold_until=order.created_at + dt.timedelta(hours=settings.ORDER_HOLD_HOURS[method.code]),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            seller_order=seller_order,
            product=p,
            product_name=p.name,
            unit_price=p.price,
            quantity=items[p.pk],
        )
        for p in lines
    )
    shipment_open(seller_order=seller_order, quote=quote)
    OrderEvent.objects.create(
        seller_order=seller_order, to_status=OrderStatus.PENDING, actor=order.buyer
    )
    method.open(seller_order=seller_order, amount=seller_order.total)
    return seller_order


def order_place(
    *,
    buyer: User | None,
    items: dict[int, int],
    name: str,
    phone: str,
    address: str,
    commune: Commune,
    payment_method: str,
    email: str = "",
    note: str = "",
    quotes: dict[int, Quote] | None = None,
    placed_from: str = "",
    guest_tokens=(),
) -> Order:
    """Cart -> one Order, one SellerOrder per seller (own number, own state, own
    delivery), price snapshots.

    `quotes`: seller pk -> the delivery the buyer chose, as checkout showed it; without
    them each seller's cheapest delivery to `commune` is taken. All or nothing: if one
    product lacks stock nothing is taken and InsufficientStock names it; the caller
    keeps the cart. What one buyer may hold unpaid is limited (limits.py): a guest is
    known by phone, address (`placed_from`, hashed) and device (`guest_tokens`).
    """
    items = _order_items(items)
    phone = normalize_phone(phone)
    buyer = buyer if buyer and buyer.is_authenticated else None
    holder = limits.Holder(buyer, phone, placed_from if buyer is None else "", tuple(guest_tokens))
    if quotes is None:
        deliveries = order_deliveries(parts=order_parts(items=items), commune=commune)
        quotes = {pk: delivery.chosen for pk, delivery in deliveries.items()}
    with transaction.atomic():
        limits.holder_check(holder=holder, items=items)
        products = _take_stock(items)
        by_seller = defaultdict(list)
        for product_id in sorted(items):
            by_seller[products[product_id].seller].append(products[product_id])
        method = method_get(payment_method)
        if not method.is_available(sellers=list(by_seller)):
            raise OrderError(_("This payment method cannot be used for this order."))
        limits.cash_check(buyer=buyer, method=method, sellers=by_seller)
        order = Order.objects.create(
            buyer=buyer,
            name=name,
            phone=phone,
            email=email,
            address=address,
            commune=commune,
            note=note,
            payment_method=method.code,
            language=get_language() or settings.LANGUAGE_CODE,
            placed_from=placed_from if buyer is None else "",
        )
        for index, seller in enumerate(sorted(by_seller, key=lambda s: s.pk), start=1):
            _seller_order_create(
                order=order,
                seller=seller,
                index=index,
                lines=by_seller[seller],
                items=items,
                method=method,
                quote=quotes.get(seller.pk),
            )
        if buyer is not None:
            address_remember(user=buyer, name=name, phone=phone, address=address, commune=commune)
        transaction.on_commit(lambda: tasks.order_placed_notify.enqueue(order.pk))
    return order
