"""Load-scale orders (`manage.py loadscale`, cms/loadscale.py): a year of guest orders in
every state, with the lines, history, payment and shipment `order_place` and the moves
would have made, written in bulk."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from catalog.models import Product, ProductStatus
from marketplace.delivery.models import Kind, Shipment
from marketplace.payments.models import Method, Payment, PaymentStatus
from marketplace.regions.models import Commune
from marketplace.sellers.loadscale import person_name

from .models import Order, OrderEvent, OrderLine, OrderStatus, SellerOrder

BATCH = 5000
ORDER_BATCH = 2000

S = OrderStatus
# How long after the order each step happens; an order too young for a step stops before it.
STEP_AFTER = {
    S.CONFIRMED: dt.timedelta(hours=3),
    S.SHIPPED: dt.timedelta(days=1),
    S.DELIVERED: dt.timedelta(days=3),
    S.CANCELLED: dt.timedelta(hours=5),
    S.REFUNDED: dt.timedelta(days=6),
}
CHAINS = {
    S.PENDING: [],
    S.CONFIRMED: [S.CONFIRMED],
    S.SHIPPED: [S.CONFIRMED, S.SHIPPED],
    S.DELIVERED: [S.CONFIRMED, S.SHIPPED, S.DELIVERED],
    S.CANCELLED: [S.CANCELLED],
    S.REFUNDED: [S.CONFIRMED, S.SHIPPED, S.DELIVERED, S.REFUNDED],
}
STATUS_WEIGHTS = {
    S.DELIVERED: 72,
    S.CANCELLED: 12,
    S.REFUNDED: 3,
    S.SHIPPED: 5,
    S.CONFIRMED: 4,
    S.PENDING: 4,
}
# An order still pending this long after it was placed has been cancelled by the timer
# (the shortest hold is VietQR's 24 hours; generated orders are cash on delivery, 48).
PENDING_AT_MOST = dt.timedelta(hours=24)
# Sellers deliver within days: an order confirmed or shipped long ago has been delivered.
UNDER_WAY_AT_MOST = dt.timedelta(days=10)
PAYMENT_OF = {
    S.PENDING: PaymentStatus.PENDING,
    S.CONFIRMED: PaymentStatus.PENDING,
    S.SHIPPED: PaymentStatus.PENDING,
    S.DELIVERED: PaymentStatus.PAID,
    S.CANCELLED: PaymentStatus.VOIDED,
    S.REFUNDED: PaymentStatus.REFUNDED,
}


class _Shelf:
    """The generated live products, by seller: what generated orders buy."""

    def __init__(self, prefix: str):
        self.by_seller: dict[int, list[tuple]] = defaultdict(list)
        rows = Product.objects.filter(slug__startswith=f"{prefix}-", status=ProductStatus.LIVE)
        for row in rows.order_by("pk").values_list("pk", "seller_id", "name", "price"):
            self.by_seller[row[1]].append(row)
        self.sellers = sorted(self.by_seller)

    def basket(self, rng: random.Random) -> dict[int, list[tuple]]:
        """One seller's products (85 %) or two sellers' (15 %), one to three of each."""
        two = rng.random() < 0.15 and len(self.sellers) > 1
        basket = {}
        for seller in sorted(rng.sample(self.sellers, 2 if two else 1)):
            shelf = self.by_seller[seller]
            basket[seller] = rng.sample(shelf, min(rng.randint(1, 3), len(shelf)))
        return basket


def status_at(rng: random.Random, *, age: dt.timedelta) -> str:
    """A status drawn by the weights, cut back to the steps an order of `age` has had time for."""
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    chain = CHAINS[status]
    while chain and STEP_AFTER[chain[-1]] > age:
        chain = chain[:-1]
    status = chain[-1] if chain else S.PENDING
    if status == S.PENDING and age > PENDING_AT_MOST:
        return S.CANCELLED
    if status in (S.CONFIRMED, S.SHIPPED) and age > UNDER_WAY_AT_MOST:
        return S.DELIVERED
    return status


def orders_generate(count: int, *, prefix: str, rng: random.Random, now: dt.datetime) -> int:
    """`count` guest orders over the past year, cash on delivery, in every state."""
    shelf = _Shelf(prefix)
    communes = list(Commune.objects.filter(households__isnull=False).distinct().order_by("pk"))
    if not shelf.sellers:
        return 0
    for start in range(0, count, ORDER_BATCH):
        size = min(ORDER_BATCH, count - start)
        orders = [_order(rng, now=now, communes=communes) for _ in range(size)]
        Order.objects.bulk_create(orders)
        parts = []
        for order in orders:
            status = status_at(rng, age=now - order.created_at)
            for index, (seller_id, lines) in enumerate(shelf.basket(rng).items(), start=1):
                parts.append(_seller_order(order, index, seller_id, lines, status, rng))
        _parts_save(parts)
    return count


def _order(rng: random.Random, *, now: dt.datetime, communes: list[Commune]) -> Order:
    return Order(
        token=f"{rng.getrandbits(128):032x}",
        name=person_name(rng),
        phone=f"+8491{rng.randrange(10**7):07d}",
        address=f"{rng.randint(1, 300)} ấp {rng.randint(1, 9)}",
        commune=rng.choice(communes),
        payment_method=Method.COD,
        created_at=now - dt.timedelta(seconds=rng.randrange(365 * 24 * 3600)),
    )


@dataclass
class _Part:
    seller_order: SellerOrder
    lines: list[OrderLine]
    events: list[tuple[str, str, dt.datetime]]


def _seller_order(order, index, seller_id, lines, status, rng) -> _Part:
    """One seller's part of `order`, with its lines and the history that led to `status`."""
    lines = [
        OrderLine(product_id=pk, product_name=name, unit_price=price, quantity=rng.randint(1, 3))
        for pk, _, name, price in lines
    ]
    goods = sum(line.unit_price * line.quantity for line in lines)
    placed = order.created_at
    events, before = [("", S.PENDING, placed)], S.PENDING
    for to in CHAINS[status]:
        events.append((before, to, placed + STEP_AFTER[to]))
        before = to
    delivered = [at for _, to, at in events if to == S.DELIVERED]
    seller_order = SellerOrder(
        order=order,
        seller_id=seller_id,
        number=f"CS{order.pk:06d}-{index}",
        status=status,
        goods_total=goods,
        delivery_fee=0,
        total=goods,
        created_at=placed,
        hold_until=placed + dt.timedelta(hours=settings.ORDER_HOLD_HOURS[Method.COD]),
        delivered_at=delivered[0] if delivered else None,
    )
    return _Part(seller_order=seller_order, lines=lines, events=events)


def _parts_save(parts: list[_Part]) -> None:
    """The seller orders, then what hangs from each: lines, history, payment, shipment."""
    SellerOrder.objects.bulk_create([part.seller_order for part in parts])
    lines, events, payments, shipments = [], [], [], []
    for part in parts:
        order = part.seller_order
        for line in part.lines:
            line.seller_order = order
            lines.append(line)
        events += [
            OrderEvent(seller_order=order, from_status=before, to_status=to, created_at=at)
            for before, to, at in part.events
        ]
        payments.append(_payment(order, last_at=part.events[-1][2]))
        shipments.append(
            Shipment(
                seller_order=order,
                kind=Kind.ARRANGED,
                label="Người bán gọi để thỏa thuận giao hàng",
                created_at=order.created_at,
            )
        )
    OrderLine.objects.bulk_create(lines, batch_size=BATCH)
    OrderEvent.objects.bulk_create(events, batch_size=BATCH)
    Payment.objects.bulk_create(payments, batch_size=BATCH)
    Shipment.objects.bulk_create(shipments, batch_size=BATCH)


def _payment(seller_order: SellerOrder, *, last_at: dt.datetime) -> Payment:
    """Cash on delivery: paid when delivered, voided when cancelled, returned when refunded."""
    status = PAYMENT_OF[seller_order.status]
    paid = status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    return Payment(
        seller_order=seller_order,
        method=Method.COD,
        amount=seller_order.total,
        status=status,
        created_at=seller_order.created_at,
        paid_at=seller_order.delivered_at if paid else None,
        refunded_at=last_at if status == PaymentStatus.REFUNDED else None,
    )
