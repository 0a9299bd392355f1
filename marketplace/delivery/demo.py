"""Demo delivery options, as shops of the province set them: a market stall or the farm
gate, the family's own round in the province, a courier priced by weight (GHN when
connected, else the shop's own tiers), one courier switched off, and shops with no option
yet (the buyer and the seller agree by phone)."""

import datetime as dt

from marketplace.core.demo import demo_step

from .models import DeliveryOption, Kind, Shipment
from .services import option_save, option_switch

DAY = dt.timedelta(days=1)
COURIER_TIERS = [
    {"up_to_grams": 2000, "fee": 22_000},
    {"up_to_grams": 5000, "fee": 35_000},
    {"up_to_grams": 20_000, "fee": 60_000},
]
# seller key -> (kinds offered, own delivery fee, free from, pickup weekdays); "courier-"
# is a courier option the shop stopped offering. Shops not listed have no option.
PLANS = {
    "hung": (("pickup", "own", "courier"), 20_000, 300_000, "5"),
    "thu": (("pickup", "own"), 15_000, None, "0123456"),
    "loc": (("pickup", "own", "courier-"), 25_000, None, "6"),
    "tam": (("pickup", "own", "courier"), 20_000, 400_000, "5"),
    "cuong": (("own",), 30_000, 500_000, ""),
    "nga": (("pickup", "own", "courier-"), 50_000, None, "0123456"),
    "sang": (("pickup", "own"), 15_000, None, "3"),
    "my": (("pickup", "own", "courier"), 20_000, 250_000, "0123456"),
    "thanh": (("pickup", "courier"), None, None, "5"),
    "duc": (("own",), 25_000, None, ""),
    "nhung": (("own", "courier"), 20_000, None, ""),
    "quang": (("pickup", "own", "courier"), 20_000, 300_000, "6"),
    "hai": (("own",), 20_000, None, ""),
    "yen": (("pickup", "own", "courier"), 25_000, 500_000, "0123456"),
    "sa_ray": (("pickup", "own"), 20_000, None, "0123456"),
    "coop": (("pickup", "own", "courier"), 15_000, None, "012345"),
    "coop_binh_dai": (("pickup", "own"), 20_000, 400_000, "012345"),
    "coop_cau_ke": (("pickup", "own", "courier"), 20_000, 350_000, "012345"),
}


def _option(seller, kind: str, *, fee, free_above, weekdays, position) -> DeliveryOption:
    place = seller.commune.name.removeprefix("Xã ")
    if kind == Kind.PICKUP:
        farm = seller.household_id and weekdays == "0123456"
        return DeliveryOption(
            seller=seller,
            kind=kind,
            name=f"Lấy tại {'nhà vườn' if farm else 'chợ ' + place}",
            address=f"{'Ấp 3' if farm else 'Chợ ' + place}, {seller.commune.name}",
            weekdays=weekdays,
            hours="7:00–17:00" if farm else "5:30–10:30",
            lead_days=1,
            position=position,
        )
    if kind == Kind.OWN:
        return DeliveryOption(
            seller=seller,
            kind=kind,
            name=f"{'Nhà' if seller.household_id else 'HTX'} giao tận nơi trong tỉnh",
            fee=fee,
            free_above=free_above,
            lead_days=2,
            position=position,
        )
    return DeliveryOption(
        seller=seller,
        kind=Kind.COURIER,
        name="Giao Hàng Nhanh",
        carrier="ghn",
        weight_tiers=COURIER_TIERS,
        lead_days=3,
        position=position,
    )


@demo_step(50)
def seed(context):
    made = 0
    for key, (kinds, fee, free_above, weekdays) in PLANS.items():
        seller = context.sellers[key]
        if DeliveryOption.objects.filter(seller=seller).exists():
            continue
        for position, kind in enumerate(kinds, start=1):
            option = _option(
                seller,
                kind.rstrip("-"),
                fee=fee,
                free_above=free_above,
                weekdays=weekdays,
                position=position,
            )
            provinces = [seller.commune.province] if kind == Kind.OWN else None
            option = option_save(option=option, provinces=provinces)
            if kind.endswith("-"):
                option_switch(option=option, active=False)
            made += 1
    arranged = len(context.sellers) - len(PLANS)
    context.log.append(f"delivery: {made} options made; {arranged} shops arrange by phone")


def shipment_moments_set(*, seller_order_id: int, opened, handed_over=None) -> None:
    """Date a demo order's shipment as if placed at `opened` and handed to the courier
    at `handed_over`: its expected day moves with it."""
    shipment = Shipment.objects.filter(seller_order_id=seller_order_id).first()
    if shipment is None:
        return
    moved = {"created_at": opened}
    if shipment.expected_date:
        moved["expected_date"] = shipment.expected_date - (shipment.created_at - opened).days * DAY
    Shipment.objects.filter(pk=shipment.pk).update(**moved)
    if handed_over is not None:
        shipment.events.update(created_at=handed_over)
