"""Shipping a seller order: handed to a courier or booked through one, and followed by
the courier's reports. Every move goes through `states.seller_order_transition`."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.models import User
from marketplace.delivery.carriers import Parcel
from marketplace.delivery.carriers import base as carrier_states
from marketplace.delivery.models import Shipment
from marketplace.delivery.services import shipment_book, shipment_tracking_record
from marketplace.payments.models import Payment, PaymentStatus

from .errors import TransitionRefused
from .models import OrderStatus, SellerOrder
from .states import TRANSITIONS, seller_order_transition

S = OrderStatus


def seller_order_ship(
    *,
    seller_order: SellerOrder,
    actor: User,
    carrier: str = "",
    tracking_number: str = "",
    expected_status: str | None = None,
) -> SellerOrder:
    """The seller hands the goods over: to a courier (who and the tracking number, if
    any, shown to the buyer) or to their own delivery. Shipped through the map."""
    with transaction.atomic():
        shipment = Shipment.objects.filter(seller_order=seller_order).first()
        if shipment is not None and (carrier.strip() or tracking_number.strip()):
            shipment_tracking_record(
                shipment=shipment, carrier=carrier, tracking_number=tracking_number, actor=actor
            )
        return seller_order_transition(
            seller_order=seller_order,
            to_status=S.SHIPPED,
            actor=actor,
            expected_status=expected_status,
        )


def _parcel(seller_order: SellerOrder) -> Parcel:
    """What the courier needs: both addresses, the weight, and cash to collect when the
    buyer pays on delivery."""
    order, seller = seller_order.order, seller_order.seller
    payment = Payment.objects.filter(seller_order=seller_order).first()
    cod = payment.amount if payment and payment.method == "cod" else 0
    items = tuple((line.product_name, line.quantity) for line in seller_order.lines.all())
    return Parcel(
        from_commune_code=seller.commune.code,
        to_commune_code=order.commune.code,
        weight_grams=seller_order.shipment.weight_grams,
        goods_value=seller_order.goods_total,
        cod_amount=cod if payment and payment.status == PaymentStatus.PENDING else 0,
        reference=seller_order.number,
        to_name=order.name,
        to_phone=order.phone,
        to_address=order.address,
        from_name=seller.name,
        from_phone=seller.phone,
        from_address=getattr(seller.household or seller.cooperative, "address", ""),
        content=", ".join(f"{quantity} x {name}" for name, quantity in items)[:200],
        items=items,
    )


def seller_order_book(*, seller_order: SellerOrder, actor: User) -> SellerOrder:
    """Book the parcel with the courier the buyer chose; the order is then shipped and
    the buyer sees the tracking number. The courier is called before any row is locked."""
    if seller_order.status != S.CONFIRMED:
        raise TransitionRefused(_("Confirm the order before booking the courier."))
    shipment_book(shipment=seller_order.shipment, parcel=_parcel(seller_order), actor=actor)
    return seller_order_transition(
        seller_order=seller_order, to_status=S.SHIPPED, actor=actor, expected_status=S.CONFIRMED
    )


def seller_order_follow_parcel(*, seller_order: SellerOrder, state: str) -> None:
    """A courier reported the parcel picked up or delivered: the order follows through
    the map (a parcel delivered straight from confirmed is shipped, then delivered).
    Returns and cancellations are the seller's to handle: they stay in the history."""
    steps = {
        carrier_states.PICKED: [S.SHIPPED],
        carrier_states.DELIVERED: [S.SHIPPED, S.DELIVERED],
    }.get(state, [])
    for step in steps:
        current = SellerOrder.objects.get(pk=seller_order.pk)
        if step in TRANSITIONS[current.status]:
            seller_order_transition(seller_order=current, to_status=step, actor=None)
