"""Demo orders: 42 orders of five buyers and a guest over the past weeks, in every state,
paid in cash on delivery, by VietQR transfer and by card, each placed and moved through
the real services, then dated as if each step happened on its day."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from catalog.models import Product, ProductStatus
from marketplace.core.demo import demo_moment, demo_step
from marketplace.delivery.demo import shipment_moments_set
from marketplace.delivery.models import DeliveryOption, Kind
from marketplace.payments.demo import card_paid, demo_card_payments, payment_moments_set
from marketplace.payments.methods import method_get
from marketplace.payments.models import Method, Payment, PaymentStatus
from marketplace.payments.services import payment_confirm_received, payment_refund
from marketplace.regions.models import Commune

from .models import Order, OrderEvent, OrderStatus, SellerOrder
from .placing import order_deliveries, order_parts, order_place
from .shipping import seller_order_ship
from .states import seller_order_buyer_cancel, seller_order_transition

S = OrderStatus
# buyer key (None: a guest), name, phone, address, commune code
BUYERS = [
    ("buyer", "Phạm Minh Anh", "0900000003", "45 đường 30/4, khóm 2", "28789"),
    ("buyer_hanoi", "Nguyễn Thu Hà", "0900000008", "12 phố Đội Cấn", "00004"),
    ("buyer_saigon", "Lâm Quốc Bảo", "0900000009", "86 Lê Thánh Tôn", "26740"),
    ("buyer_vinh_long", "Trương Ngọc Diễm", "0900000010", "23 đường 2/9, khóm 1", "29551"),
    ("buyer_can_tho", "Huỳnh Gia Khánh", "0900000011", "105 đường 30/4", "31135"),
    (None, "Lê Thị Kim Chi", "0987654321", "Ấp Phú Lợi", "28903"),
]
# How many orders end in each state, and how many days ago those were placed.
STATES = {
    S.DELIVERED: (18, 4, 75),
    S.SHIPPED: (5, 2, 4),
    S.CONFIRMED: (5, 1, 2),
    S.PENDING: (6, 0, 0),
    S.CANCELLED: (4, 2, 30),
    S.REFUNDED: (4, 7, 40),
}
# Hours after the order each step happened.
HOURS = {"paid": 2, S.CONFIRMED: 4, S.SHIPPED: 22, S.DELIVERED: 50, "cash": 50}
HOURS |= {S.CANCELLED: 8, "buyer_cancelled": 1, "refund": 120}
PAYING = ("paid", "cash")  # steps that move a payment, not the order
REFUND_NOTES = ["Hàng giao bị dập, đã hoàn tiền cho khách.", "Hết hàng sau khi khách chuyển tiền."]


@dataclass
class Plan:
    buyer: tuple
    state: str
    method: str
    placed: dt.datetime
    items: dict[int, int]
    by_buyer: bool = False  # cancelled by the buyer, not the seller
    steps: list[str] = field(default_factory=list)


def _steps(state: str, method: str, *, by_buyer: bool) -> list[str]:
    """The steps that bring an order to `state`. "paid" (a transfer or card) and "cash"
    (collected on delivery) touch only the parts paid that way."""
    if state == S.PENDING:
        return []
    if state == S.CANCELLED:
        return ["buyer_cancelled" if by_buyer else S.CANCELLED]
    if state == S.REFUNDED and method != Method.COD:
        return ["paid", S.CONFIRMED, "refund"]
    steps = ["paid"]
    for step in (S.CONFIRMED, S.SHIPPED, S.DELIVERED):
        steps.append(step)
        if step == state:
            break
    if state in (S.DELIVERED, S.REFUNDED):
        steps.append("cash")
    return steps + (["refund"] if state == S.REFUNDED else [])


def _for_sale(context) -> dict[int, list[Product]]:
    """Per seller, the products an order may take: live, not recalled, plenty of stock."""
    products = Product.objects.filter(
        seller__in=context.sellers.values(),
        status=ProductStatus.LIVE,
        on_recall=False,
        stock__gte=10,
    ).order_by("pk")
    by_seller: dict[int, list[Product]] = {}
    for product in products:
        by_seller.setdefault(product.seller_id, []).append(product)
    return by_seller


def _items(rng, for_sale, *, sellers: list[int], far: bool, single: bool, first=None) -> dict:
    """One seller's products (`first`'s, if given), sometimes two sellers'; nothing "only
    in the province" far away."""
    items: dict[int, int] = {}
    while not items:
        chosen = rng.sample(sellers, 2 if not single and rng.random() < 0.25 else 1)
        chosen = [first, *(s for s in chosen if s != first)][: len(chosen)] if first else chosen
        for seller_id in chosen:
            choices = [p for p in for_sale[seller_id] if not (far and p.local_only)]
            for product in rng.sample(choices, min(len(choices), rng.choice((1, 1, 2)))):
                items[product.pk] = rng.randint(1, 3)
    return items


def _far_sellers(for_sale) -> list[int]:
    """The shops that reach another province: by courier, or by phone (no option set)."""
    with_options = DeliveryOption.objects.filter(is_active=True)
    near_only = set(with_options.values_list("seller_id", flat=True)) - set(
        with_options.filter(kind=Kind.COURIER).values_list("seller_id", flat=True)
    )
    return [seller_id for seller_id in sorted(for_sale) if seller_id not in near_only]


def _placed(rng, oldest: int, newest: int) -> dt.datetime:
    if not oldest:  # still waiting for its seller: placed within the hold
        return timezone.localtime() - dt.timedelta(minutes=rng.randint(20, 600))
    return demo_moment(rng.uniform(newest, oldest), hour=rng.randint(7, 21))


def _plans(context, rng) -> list[Plan]:
    for_sale = _for_sale(context)
    sellers = {False: sorted(for_sale), True: _far_sellers(for_sale)}
    province = context.communes["mo_cay"].province_id
    communes = Commune.objects.in_bulk([b[4] for b in BUYERS], field_name="code")
    methods = [Method.COD] * 5 + [Method.VIETQR] * 3 + [Method.STRIPE] * 2
    # The shops of the printed logins have orders in every state.
    shown = [context.sellers["hung"].pk, context.sellers["coop"].pk]
    plans = []
    for state, (count, oldest, newest) in STATES.items():
        for n in range(count):
            buyer = BUYERS[-1] if (state, n) in ((S.PENDING, 0), (S.DELIVERED, 0)) else None
            buyer = buyer or rng.choice(BUYERS[:-1])
            method = rng.choice(methods)
            if state == S.REFUNDED and method == Method.STRIPE:
                method = Method.VIETQR  # a card refund would ask Stripe
            far = communes[buyer[4]].province_id != province
            items = _items(
                rng,
                for_sale,
                sellers=sellers[far],
                far=far,
                single=state == S.REFUNDED,
                first=shown[n] if n < len(shown) else None,
            )
            by_buyer = state == S.CANCELLED and n == 0
            plans.append(Plan(buyer, state, method, _placed(rng, oldest, newest), items, by_buyer))
    return sorted(plans, key=lambda plan: plan.placed)


def _quotes(items: dict[int, int], commune: Commune) -> dict:
    """The seller's own round or the courier where there is one: what buyers mostly pick."""
    deliveries = order_deliveries(parts=order_parts(items=items), commune=commune)
    chosen = {}
    for seller_id, delivery in deliveries.items():
        preferred = [q for q in delivery.quotes if q.kind in (Kind.OWN, Kind.COURIER)]
        chosen[seller_id] = preferred[0] if preferred else delivery.chosen
    return chosen


def _actor(seller):
    if seller.household_id:
        return seller.household.user
    return seller.cooperative.managers.order_by("pk").first()


def _step(seller_order: SellerOrder, step: str, *, rng) -> None:
    seller_order.refresh_from_db()
    actor = _actor(seller_order.seller)
    payment = Payment.objects.get(seller_order=seller_order)
    if step == "paid" and payment.method == Method.STRIPE:
        card_paid(payment=payment)
    elif step in ("paid", "cash"):
        if (payment.method == Method.COD) == (step == "cash"):
            payment_confirm_received(payment=payment, actor=actor)
    elif step == "refund":
        payment_refund(payment=payment, actor=actor, note=rng.choice(REFUND_NOTES))
    elif step == "buyer_cancelled":
        reason = "Đặt nhầm, tôi sẽ đặt lại."
        seller_order_buyer_cancel(
            seller_order=seller_order, actor=seller_order.order.buyer, reason=reason
        )
    elif step == S.SHIPPED and seller_order.shipment.kind == Kind.COURIER:
        number = f"GHN{rng.randint(10**8, 10**9 - 1)}"
        seller_order_ship(
            seller_order=seller_order, actor=actor, carrier="ghn", tracking_number=number
        )
    else:
        seller_order_transition(seller_order=seller_order, to_status=step, actor=actor)


def _date(order: Order, plan: Plan) -> None:
    """Move the order's moments back to the plan's: placed, then each step on its hour."""
    at = {step: plan.placed + dt.timedelta(hours=HOURS[step]) for step in plan.steps}
    # The first event is the placing; each later one a step that moved the state.
    moves = [plan.placed, *(moment for step, moment in at.items() if step not in PAYING)]
    Order.objects.filter(pk=order.pk).update(created_at=plan.placed)
    for seller_order in order.seller_orders.all():
        payment = Payment.objects.get(seller_order=seller_order)
        hold = dt.timedelta(hours=settings.ORDER_HOLD_HOURS[payment.method])
        SellerOrder.objects.filter(pk=seller_order.pk).update(
            created_at=plan.placed, hold_until=plan.placed + hold, delivered_at=at.get(S.DELIVERED)
        )
        for event, moment in zip(seller_order.events.order_by("pk"), moves, strict=False):
            OrderEvent.objects.filter(pk=event.pk).update(created_at=moment)
        paid = at.get("cash" if payment.method == Method.COD else "paid")
        payment_moments_set(
            payment_id=payment.pk,
            created_at=plan.placed,
            paid_at=paid if payment.paid_at else None,
            refunded_at=at.get("refund") if payment.refunded_at else None,
        )
        shipment_moments_set(
            seller_order_id=seller_order.pk, opened=plan.placed, handed_over=at.get(S.SHIPPED)
        )


def _place(context, plan: Plan, *, rng, communes) -> Order:
    key, name, phone, address, code = plan.buyer
    method = plan.method
    sellers = [p.seller for p in Product.objects.filter(pk__in=plan.items).select_related("seller")]
    if not method_get(method).is_available(sellers=sellers):
        method = plan.method = Method.COD
    plan.steps = _steps(plan.state, method, by_buyer=plan.by_buyer)
    order = order_place(
        buyer=context.users[key] if key else None,
        items=plan.items,
        name=name,
        phone=phone,
        address=address,
        commune=communes[code],
        payment_method=method,
        note=rng.choice(["", "", "Gọi trước khi giao giúp em.", "Giao giờ hành chính."]),
        quotes=_quotes(plan.items, communes[code]),
    )
    for step in plan.steps:
        for seller_order in order.seller_orders.order_by("pk"):
            _step(seller_order, step, rng=rng)
    _date(order, plan)
    return order


@demo_step(60)
def seed(context):
    phones = ["+84" + buyer[2][1:] for buyer in BUYERS]
    if Order.objects.filter(phone__in=phones).exists():
        return
    rng = context.rng("orders")
    communes = Commune.objects.in_bulk([b[4] for b in BUYERS], field_name="code")
    with demo_card_payments():
        orders = [
            _place(context, plan, rng=rng, communes=communes) for plan in _plans(context, rng)
        ]
    states = SellerOrder.objects.filter(order__in=orders).values_list("status", flat=True)
    paid = Payment.objects.filter(seller_order__order__in=orders, status=PaymentStatus.PAID)
    context.log.append(
        f"orders: {len(orders)} orders, {len(states)} seller orders in {len(set(states))} "
        f"states, {paid.count()} payments received"
    )
