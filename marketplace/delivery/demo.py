"""Demo delivery options: the Saturday market, the farm's own round in the province, and a
courier priced by weight (GHN when connected, else the seller's own tiers)."""

from .models import DeliveryOption, Kind
from .services import option_save

COURIER_TIERS = [
    {"up_to_grams": 2000, "fee": 22_000},
    {"up_to_grams": 5000, "fee": 35_000},
    {"up_to_grams": 20_000, "fee": 60_000},
]


def _options_for(seller, *, market: str, own_fee: int, free_above: int | None):
    province = seller.commune.province
    return [
        (
            DeliveryOption(
                seller=seller,
                kind=Kind.PICKUP,
                name=market,
                address=f"{seller.commune.name}",
                weekdays="5",
                hours="6:00–11:00",
                lead_days=1,
                position=1,
            ),
            None,
        ),
        (
            DeliveryOption(
                seller=seller,
                kind=Kind.OWN,
                name="Giao tận nhà trong tỉnh",
                fee=own_fee,
                free_above=free_above,
                lead_days=2,
                position=2,
            ),
            [province],
        ),
        (
            DeliveryOption(
                seller=seller,
                kind=Kind.COURIER,
                name="Giao Hàng Nhanh",
                carrier="ghn",
                weight_tiers=COURIER_TIERS,
                lead_days=3,
                position=3,
            ),
            None,
        ),
    ]


def seed(context):
    made = 0
    plans = {
        "hung": dict(market="Chợ phiên thứ Bảy", own_fee=20_000, free_above=300_000),
        "coop": dict(market="Cửa hàng HTX", own_fee=15_000, free_above=None),
    }
    for key, plan in plans.items():
        seller = context.sellers[key]
        if DeliveryOption.objects.filter(seller=seller).exists():
            continue
        for option, provinces in _options_for(seller, **plan):
            option_save(option=option, provinces=provinces)
            made += 1
    context.log.append(f"delivery: {made} delivery options")
