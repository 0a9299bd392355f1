"""Writes of ordering: the cart, placing an order, and moving a seller order between states."""

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.errors import OverOrderLimit, ProductNotLive, ProductOnRecall, StockShort
from catalog.models import Product, ProductStatus
from catalog.stock import product_stock_give_back, product_stock_take
from marketplace.accounts.models import User
from marketplace.accounts.phone import normalize_phone
from marketplace.delivery import quotes as delivery_quotes
from marketplace.delivery.quotes import Quote
from marketplace.delivery.services import address_remember, shipment_open
from marketplace.payments.methods import PaymentMethod, method_get
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payments.services import payment_let_lapse, payment_may_lapse
from marketplace.payments.transitions import payment_lock
from marketplace.regions.models import Commune
from marketplace.sellers.services import assisted_act_record

from . import limits, tasks
from .errors import (
    EmptyCart,
    InsufficientStock,
    OrderError,
    ProductRecalled,
    ProductSoldOut,
    ProductUnavailable,
    TransitionRefused,
)
from .models import CartItem, Order, OrderEvent, OrderLine, OrderStatus, SellerOrder

SESSION_CART = "cart"
MAX_QUANTITY = limits.MAX_QUANTITY

S = OrderStatus
# The one map of allowed moves. Refunded is reached only when the payment's money went
# back (payments sends `payment_refunded`, heard in receivers.py).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
}


# --- cart -------------------------------------------------------------------------------


class CartAdded(NamedTuple):
    """What a cart write did to a line of `product`: its quantity now, and whether the
    stock or the seller's limit per order capped it."""

    product: Product
    in_cart: int
    capped: bool


def cart_add(*, request, product: Product, quantity: int = 1) -> CartAdded:
    """Add to the signed-in buyer's cart in the database, or to the session's.

    Only what can be bought goes in: a product off sale, on recall or sold out is
    refused; the line never holds more than the stock (nor MAX_QUANTITY), and the
    caller is told when it was capped so that the buyer is too.
    """
    if product.status != ProductStatus.LIVE:
        raise ProductUnavailable(product.name)
    if product.on_recall:
        raise ProductRecalled(product.name, in_cart=False)
    if product.stock <= 0:
        raise ProductSoldOut(product.name)
    limit = limits.cart_limit(product)
    quantity = max(1, int(quantity))
    if request.user.is_authenticated:
        with transaction.atomic():
            item = (
                CartItem.objects.select_for_update()
                .filter(user=request.user, product=product)
                .first()
            )
            before = item.quantity if item else 0
            wanted = before + quantity
            in_cart = min(wanted, limit)
            if item is None:
                CartItem.objects.create(user=request.user, product=product, quantity=in_cart)
            elif in_cart != before:
                item.quantity = in_cart
                item.save(update_fields=["quantity"])
        return CartAdded(product, in_cart, in_cart < wanted)
    cart = dict(request.session.get(SESSION_CART, {}))
    key = str(product.pk)
    wanted = cart.get(key, 0) + quantity
    cart[key] = min(wanted, limit)
    request.session[SESSION_CART] = cart
    return CartAdded(product, cart[key], cart[key] < wanted)


def cart_set(*, request, product_id: int, quantity: int) -> CartAdded | None:
    """Set a line's quantity, capped like `cart_add`'s; zero removes it. None if the cart
    has no such line (nothing is added)."""
    product = Product.objects.filter(pk=product_id).first()
    wanted = max(0, int(quantity))
    in_cart = min(wanted, limits.cart_limit(product)) if product else 0
    if request.user.is_authenticated:
        items = CartItem.objects.filter(user=request.user, product_id=product_id)
        found = items.update(quantity=in_cart) if in_cart else items.delete()[0]
    else:
        cart = dict(request.session.get(SESSION_CART, {}))
        found = str(product_id) in cart
        if in_cart and found:
            cart[str(product_id)] = in_cart
        else:
            cart.pop(str(product_id), None)
        request.session[SESSION_CART] = cart
    return CartAdded(product, in_cart, in_cart < wanted) if found else None


def cart_clear(*, request, product_ids) -> None:
    """Remove the lines that were just ordered; anything added meanwhile stays."""
    ids = {int(pk) for pk in product_ids}
    if request.user.is_authenticated:
        CartItem.objects.filter(user=request.user, product_id__in=ids).delete()
    cart = {k: v for k, v in request.session.get(SESSION_CART, {}).items() if int(k) not in ids}
    request.session[SESSION_CART] = cart


@transaction.atomic
def cart_merge(*, user: User, session) -> list[CartAdded]:
    """At login the anonymous cart joins the account's: quantities add up, capped like
    `cart_add`'s. Returns the lines that were capped.

    The sum is one UPDATE (`LEAST(quantity + n, cap)`) and a new line one INSERT under
    the (user, product) constraint, so two logins merging at once never exceed the cap."""
    cart = session.get(SESSION_CART) or {}
    products = Product.objects.filter(pk__in=[int(k) for k in cart], status=ProductStatus.LIVE)
    capped = []
    for product in products.order_by("pk"):
        quantity, cap = int(cart[str(product.pk)]), limits.cart_limit(product)
        mine = CartItem.objects.filter(user=user, product=product)
        before = mine.values_list("quantity", flat=True).first() or 0  # to tell, not to add
        if not mine.update(quantity=Least(F("quantity") + quantity, cap)):
            try:
                with transaction.atomic():
                    CartItem.objects.create(user=user, product=product, quantity=min(quantity, cap))
            except IntegrityError:  # another login of this account added it meanwhile
                mine.update(quantity=Least(F("quantity") + quantity, cap))
        if before + quantity > cap:
            capped.append(CartAdded(product, cap, True))
    session[SESSION_CART] = {}
    return capped


# --- placing an order ---------------------------------------------------------------------


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
    if any(q > MAX_QUANTITY for q in items.values()):
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
    OrderEvent.objects.create(seller_order=seller_order, to_status=S.PENDING, actor=order.buyer)
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


# --- state changes ------------------------------------------------------------------------


def _locked_for_move(
    *, seller_order: SellerOrder, to_status: str, expected_status: str | None
) -> SellerOrder:
    """The seller order locked, if the map allows the move from the state under the lock
    and the state the person saw (`expected_status`) still holds."""
    current = SellerOrder.objects.select_for_update().get(pk=seller_order.pk)
    if expected_status and current.status != expected_status:
        raise TransitionRefused(
            _("This order changed meanwhile: it is now “%(status)s”. Look again.")
            % {"status": current.get_status_display()}
        )
    if to_status not in TRANSITIONS[current.status]:
        raise TransitionRefused(
            _("An order that is “%(current)s” cannot become “%(target)s”.")
            % {"current": current.get_status_display(), "target": S(to_status).label}
        )
    return current


def _cancel_effects(*, seller_order: SellerOrder, payment: Payment | None, actor) -> None:
    """Release the payment (void it, or refund a card) and give the stock back."""
    if payment is not None:
        method = method_get(payment.method)
        if payment.status == PaymentStatus.PAID and method.seller_confirms:
            # Cash and transfers go back by hand: the seller records that refund.
            raise TransitionRefused(_("This order is already paid: refund it instead."))
        method.cancel(payment=payment, actor=actor)
    product_stock_give_back(
        lines=list(
            seller_order.lines.order_by("product_id", "pk").values_list("product_id", "quantity")
        )
    )


def _move_record(
    *, current: SellerOrder, to_status: str, actor: User | None, note: str, by_buyer: bool
) -> None:
    """Compare-and-set the new state, then its history row, the assisted-act log and
    the buyer's e-mail after commit."""
    now = timezone.now()
    changes = {"status": to_status}
    if to_status == S.DELIVERED:
        changes["delivered_at"] = now
    if not SellerOrder.objects.filter(pk=current.pk, status=current.status).update(**changes):
        raise TransitionRefused(_("This order changed meanwhile. Look again."))
    OrderEvent.objects.create(
        seller_order=current,
        from_status=current.status,
        to_status=to_status,
        actor=actor,
        note=note.strip()[:250],
        by_buyer=by_buyer,
        created_at=now,
    )
    if actor is not None and not by_buyer:
        assisted_act_record(
            actor=actor, action=f"order_{to_status}", seller=current.seller, target=current.number
        )
    transaction.on_commit(lambda: tasks.seller_order_changed_notify.enqueue(current.pk, to_status))


def seller_order_transition(
    *,
    seller_order: SellerOrder,
    to_status: str,
    actor: User | None,
    expected_status: str | None = None,
    note: str = "",
    by_buyer: bool = False,
) -> SellerOrder:
    """Move a seller order to `to_status` if the map allows it from its current state.

    Compare-and-set: the row is locked and the UPDATE is conditional on the state read,
    and `expected_status` (what the person saw on the page) must still hold. Cancelling
    returns the stock and voids the unpaid payment; a card payment is refunded through
    Stripe, while paid cash or transfers must be refunded by the seller first.
    """
    with transaction.atomic():
        current = _locked_for_move(
            seller_order=seller_order, to_status=to_status, expected_status=expected_status
        )
        payment = Payment.objects.select_for_update().filter(seller_order=current).first()
        if to_status == S.CANCELLED:
            _cancel_effects(seller_order=current, payment=payment, actor=actor)
        if to_status == S.REFUNDED and not (
            payment and payment.status in (PaymentStatus.REFUNDED, PaymentStatus.REFUND_PENDING)
        ):
            raise TransitionRefused(_("Only money that was paid can be refunded."))
        _move_record(
            current=current, to_status=to_status, actor=actor, note=note, by_buyer=by_buyer
        )
    current.refresh_from_db()
    return current


def seller_order_buyer_cancel(
    *, seller_order: SellerOrder, actor: User | None, reason: str = ""
) -> SellerOrder:
    """The buyer, or a guest holding the order's link, withdraws an order still pending.

    Once the seller has confirmed it, only the seller may cancel. Goes through
    `seller_order_transition` like every move: stock comes back, an unpaid payment is
    voided, a card payment is refunded, and the history row says the buyer did it.
    """
    if seller_order.status != S.PENDING:
        raise TransitionRefused(
            _("The seller has already handled this order: ask them to cancel it.")
        )
    payment = Payment.objects.filter(seller_order=seller_order).first()
    if (
        payment
        and payment.status == PaymentStatus.PAID
        and method_get(payment.method).seller_confirms
    ):
        raise TransitionRefused(
            _("This order is already paid: ask the seller to cancel it and return the money.")
        )
    return seller_order_transition(
        seller_order=seller_order,
        to_status=S.CANCELLED,
        actor=actor,
        expected_status=S.PENDING,
        note=reason,
        by_buyer=True,
    )


def seller_orders_expire(*, now=None) -> int:
    """Cancel the seller orders still unconfirmed and unpaid past their hold, through
    the map like any cancel: stock returns product by product, the payment is voided,
    the buyer is told, and so is the seller (who must not send it now). An order
    confirmed or paid meanwhile is left alone, and so is one whose card payment may
    still come: a session the buyer may be paying is closed at Stripe first, a payment
    Stripe is processing waits. Returns how many were cancelled."""
    now = now or timezone.now()
    expired = (
        SellerOrder.objects.filter(
            status=S.PENDING,
            hold_until__lt=now,
            payment__status=PaymentStatus.PENDING,
            payment__stripe_payment_intent="",  # processing at Stripe: money on its way
        )
        .order_by("pk")
        .values_list("pk", "payment__pk")
    )
    cancelled = 0
    for pk, payment_id in list(expired):
        if not payment_let_lapse(payment_id=payment_id):
            continue
        try:
            with transaction.atomic():
                if not payment_may_lapse(payment=payment_lock(payment_id=payment_id)):
                    continue
                seller_order_transition(
                    seller_order=SellerOrder(pk=pk),
                    to_status=S.CANCELLED,
                    actor=None,
                    expected_status=S.PENDING,
                    note=_("Not confirmed or paid in time: the goods went back on sale."),
                )
        except TransitionRefused:
            continue
        transaction.on_commit(lambda pk=pk: tasks.seller_order_expired_notify.enqueue(pk))
        cancelled += 1
    return cancelled
